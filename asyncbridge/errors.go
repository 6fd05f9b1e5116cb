package asyncbridge

import (
	"errors"
	"fmt"
)

// ErrZeroFuture is the error of a zero Future[T]{}, which was never created
// by Go, Resolved, Failed or FromChan. Build Futures with those functions.
var ErrZeroFuture = errors.New("asyncbridge: zero Future: create Futures with Go, Resolved, Failed or FromChan")

// ErrChannelClosed is the error of a FromChan Future whose channel was closed
// before it delivered a value, or whose channel was nil.
var ErrChannelClosed = errors.New("asyncbridge: channel closed or nil before a value was received")

// errGoexit settles a Go Future whose function called runtime.Goexit, for
// example through t.FailNow, so that its waiters do not block forever.
var errGoexit = errors.New("asyncbridge: function called runtime.Goexit before returning a result")

// errNilFunc settles a Future returned by Go when the function is nil.
var errNilFunc = errors.New("asyncbridge: Go called with a nil function, pass the function to run")

// errNilFailure settles a Future returned by Failed(nil), so that a Future
// built as failed always reports a non-nil error.
var errNilFailure = errors.New("asyncbridge: Failed called with a nil error, pass the error that caused the failure")

// PanicError is the error of a Go Future whose function panicked. The panic
// is recovered in the goroutine that Go started, so it does not crash the
// process. Panics in goroutines that the function starts are not recovered.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the goroutine's stack trace at the time of the panic, in the
	// format of runtime/debug.Stack.
	Stack []byte
}

// Error formats the panic value, without the stack trace.
func (e *PanicError) Error() string {
	return fmt.Sprintf("asyncbridge: panic: %v", e.Value)
}

// Unwrap returns the panic value if it is an error, so that errors.Is and
// errors.As see through a panic(err).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
