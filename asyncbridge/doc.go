// Package asyncbridge provides Futures, so that a handler can start work in
// the background and a router can wait for its result later, with a
// deadline. It depends only on the standard library and has no HTTP or AWS
// Lambda code.
//
// # Futures
//
// A [Future] holds the result of a computation that settles once, either
// with a value or with an error. [Go] runs a function in a new goroutine and
// returns its Future. [Resolved] and [Failed] return Futures that have
// already settled, and [FromChan] returns a Future that settles with the
// first value received from a channel.
//
// [Future.Await] blocks until the Future settles or its context ends.
// [Future.Value] and [Future.Err] read the result without blocking. Copies of
// a Future share its result, and all methods are safe for concurrent use.
// A zero Future[T]{} fails with [ErrZeroFuture] instead of panicking or
// blocking.
//
// Every Future[T] satisfies [Awaitable], the non-generic view that code
// holding results of several types uses.
//
// # Panics
//
// A panic in a function started by Go is recovered in that goroutine and
// settles the Future with a [*PanicError], which contains the panic value and
// the stack trace, so the process keeps running. This covers only the
// goroutine that Go started: a panic in a goroutine that the function starts
// itself still crashes the process, as do fatal runtime errors such as stack
// exhaustion. A function that calls runtime.Goexit settles its Future with an
// error as well.
//
// # Deadlines
//
// When the context passed to Await ends before the Future settles, Await
// returns ctx.Err(), so errors.Is(err, context.DeadlineExceeded) or
// errors.Is(err, context.Canceled) reports why. The Future itself is not
// cancelled, and a later Await can still return its result. To stop the work,
// cancel the context passed to Go.
//
// A FromChan Future receives from its channel inside Await, so an Await that
// ends with its context leaves no goroutine behind. Calling Done on a
// FromChan Future that has not settled starts one goroutine that receives
// from the channel until it delivers a value or is closed.
//
// # Gather
//
// [Gather] waits for several Futures, of any result types, and returns the
// first error as soon as any of them fails, without waiting for the rest.
// It returns ctx.Err() if its context ends first, and nil when all succeeded.
// Gather leaves no goroutine running when it returns.
package asyncbridge
