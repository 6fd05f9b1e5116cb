package asyncbridge

import (
	"context"
	"runtime/debug"
)

// Awaitable is the non-generic view of a Future[T]. Gather accepts it, and
// callers that hold results of several types as any use it.
type Awaitable interface {
	// Done returns a channel that is closed once the Future has settled.
	Done() <-chan struct{}
	// AwaitAny waits like Await and returns the value boxed as any.
	AwaitAny(ctx context.Context) (any, error)
}

// Future is the result of a computation that settles once, with a value or
// with an error. A Future is a small handle to shared state, so copies of a
// Future observe the same result. All methods are safe for concurrent use.
//
// A zero Future[T]{} counts as failed with ErrZeroFuture.
type Future[T any] struct {
	s *state[T]
}

// state is shared by all copies of one Future. Settling stores value and err
// and then closes done, so a receive from done orders every read after the
// write. For FromChan Futures src is non-nil and settling happens lazily.
type state[T any] struct {
	done  chan struct{}
	value T
	err   error
	src   *source[T]
}

// closedChan is the done channel of every Future that is settled on creation,
// which saves one channel allocation in Resolved and Failed.
var closedChan = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// Go runs fn in a new goroutine with ctx and returns a Future of its result.
// If fn returns a non-nil error, the Future fails with that error and its
// value is the zero value. If fn panics, the Future fails with a *PanicError.
// If fn calls runtime.Goexit, the Future fails with an error that names
// runtime.Goexit.
// A nil fn gives a failed Future and starts no goroutine.
//
// When ctx carries an Observer (see WithObserver), the goroutine calls its
// Start before fn and the func that Start returns after fn.
func Go[T any](ctx context.Context, fn func(context.Context) (T, error)) Future[T] {
	if fn == nil {
		return Failed[T](errNilFunc)
	}
	s := &state[T]{done: make(chan struct{})}
	if obs := observerFrom(ctx); obs != nil {
		go s.run(ctx, obs, fn)
	} else {
		// A go statement without the observer argument keeps the
		// goroutine's argument block, and so Go's allocation, as small as
		// it was before observers existed.
		go s.runUnobserved(ctx, fn)
	}
	return Future[T]{s: s}
}

func (s *state[T]) runUnobserved(ctx context.Context, fn func(context.Context) (T, error)) {
	s.run(ctx, nil, fn)
}

func (s *state[T]) run(ctx context.Context, obs Observer, fn func(context.Context) (T, error)) {
	returned := false
	var end func(error)
	defer func() {
		if !returned {
			// fn did not return, so it panicked or called runtime.Goexit.
			// Since Go 1.21 panic(nil) recovers as a *runtime.PanicNilError,
			// so a nil recover value means Goexit.
			if r := recover(); r != nil {
				s.err = &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				s.err = errGoexit
			}
		}
		if end != nil {
			end(s.err)
		}
		close(s.done)
	}()
	if obs != nil {
		ctx, end = obs.Start(ctx)
	}
	value, err := fn(ctx)
	returned = true
	if err != nil {
		s.err = err
		return
	}
	s.value = value
}

// Resolved returns a Future that has already succeeded with v.
func Resolved[T any](v T) Future[T] {
	return Future[T]{s: &state[T]{done: closedChan, value: v}}
}

// Failed returns a Future that has already failed with err. Failed(nil)
// fails with an error that reports the nil argument, because a failed Future
// must have a non-nil error.
func Failed[T any](err error) Future[T] {
	if err == nil {
		err = errNilFailure
	}
	return Future[T]{s: &state[T]{done: closedChan, err: err}}
}

// Await waits until the Future settles or ctx is done. It returns the
// settled value and error, or the zero value and ctx.Err() when ctx ends
// first. A Future that has already settled returns its result even when ctx
// is done, so the result does not depend on a race with the deadline.
func (f Future[T]) Await(ctx context.Context) (T, error) {
	var zero T
	if f.s == nil {
		return zero, ErrZeroFuture
	}
	if err := f.s.wait(ctx); err != nil {
		return zero, err
	}
	return f.s.value, f.s.err
}

// AwaitAny waits like Await and returns the value boxed as any. The box
// holds a T, which is the zero T when the Future failed.
func (f Future[T]) AwaitAny(ctx context.Context) (any, error) {
	return f.Await(ctx)
}

// Done returns a channel that is closed once the Future has settled.
//
// For a FromChan Future that has not settled yet, the first call to Done
// starts one goroutine that receives from the channel. That goroutine runs
// until the channel delivers a value or is closed. If neither happens, the
// goroutine stays blocked for the life of the process. Await, AwaitAny and
// Gather receive without it.
func (f Future[T]) Done() <-chan struct{} {
	if f.s == nil {
		return closedChan
	}
	if f.s.src != nil && !f.s.isSettled() {
		f.s.src.startWatcher(f.s)
	}
	return f.s.done
}

// Value returns the settled value, or the zero value if the Future has not
// settled or has failed. Value never blocks and never receives from the
// channel of a FromChan Future.
func (f Future[T]) Value() T {
	var zero T
	if f.s == nil || !f.s.isSettled() {
		return zero
	}
	return f.s.value
}

// Err returns the settled error, or nil if the Future has not settled or has
// succeeded. A zero Future returns ErrZeroFuture. Err never blocks and never
// receives from the channel of a FromChan Future.
func (f Future[T]) Err() error {
	if f.s == nil {
		return ErrZeroFuture
	}
	if !f.s.isSettled() {
		return nil
	}
	return f.s.err
}

func (s *state[T]) isSettled() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// wait blocks until s settles, returning nil, or until ctx is done,
// returning ctx.Err().
func (s *state[T]) wait(ctx context.Context) error {
	if s.isSettled() {
		return nil
	}
	if s.src != nil {
		return s.src.receive(ctx, s)
	}
	ctxDone := ctx.Done()
	if ctxDone == nil {
		// The context can never end, as with context.Background, and a
		// plain receive is cheaper than a select.
		<-s.done
		return nil
	}
	select {
	case <-s.done:
		return nil
	case <-ctxDone:
		return ctx.Err()
	}
}
