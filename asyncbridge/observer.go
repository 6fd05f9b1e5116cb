package asyncbridge

import "context"

// Observer watches the functions that Go runs, so that a tracer can open a
// child span for each one without asyncbridge depending on the tracer.
//
// Go calls Start in the new goroutine before it runs the function, with the
// context that was passed to Go, and runs the function with the context
// that Start returns. When the function ends, Go calls the returned func
// with the function's error: nil on success, a *PanicError after a panic,
// or an error naming runtime.Goexit. It calls that func before the Future
// settles, so a waiter that receives the result finds the observation
// already ended.
//
// Start and the func it returns are called from many goroutines at once and
// must be safe for concurrent use. A panic in Start fails the Future like a
// panic in the function. The returned func must not panic, because it runs
// while the goroutine is already recovering from the function's own panic.
type Observer interface {
	Start(ctx context.Context) (context.Context, func(err error))
}

// observerKey is the context key of the Observer installed by WithObserver.
type observerKey struct{}

// WithObserver returns a copy of ctx in which every Go call observes its
// function with o. Contexts derived from the result, including the one that
// Start returns, keep o, so nested Go calls are observed too. A nil o
// removes the observer for calls that use the result.
func WithObserver(ctx context.Context, o Observer) context.Context {
	return context.WithValue(ctx, observerKey{}, o)
}

// observerFrom returns the Observer that WithObserver installed in ctx, or
// nil. A nil ctx has none, so that Go keeps passing a nil ctx to fn as
// before.
func observerFrom(ctx context.Context) Observer {
	if ctx == nil {
		return nil
	}
	o, _ := ctx.Value(observerKey{}).(Observer)
	return o
}
