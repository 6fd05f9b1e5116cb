package asyncbridge

import (
	"context"
	"sync"
)

// source is the receiving side of a FromChan Future.
type source[T any] struct {
	ch <-chan T
	// receiveToken has capacity one. The waiter that holds its slot is the
	// only one that receives from ch, so at most one value is ever taken
	// from ch. Unlike a sync.Mutex, waiting for the slot can be abandoned
	// when a waiter's context ends.
	receiveToken chan struct{}
	watchOnce    sync.Once
}

// FromChan returns a Future that settles with the first value received from
// ch. If ch is closed before it delivers a value, or ch is nil, the Future
// fails with ErrChannelClosed.
//
// The Future receives lazily: Await, AwaitAny and Gather receive from ch
// while they wait, and stop receiving when their context ends, so they leave
// no goroutine behind. Done starts one watcher goroutine, described there.
// At most one value is taken from ch, however many callers wait.
func FromChan[T any](ch <-chan T) Future[T] {
	if ch == nil {
		return Failed[T](ErrChannelClosed)
	}
	return Future[T]{s: &state[T]{
		done: make(chan struct{}),
		src: &source[T]{
			ch:           ch,
			receiveToken: make(chan struct{}, 1),
		},
	}}
}

// receive waits until s settles, receiving from the channel whenever no
// other waiter is, and returns nil once s has settled or ctx.Err() when ctx
// ends first.
func (src *source[T]) receive(ctx context.Context, s *state[T]) error {
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case src.receiveToken <- struct{}{}:
	}
	defer func() { <-src.receiveToken }()

	// Another waiter may have settled s between our check of done and our
	// taking the token, and receiving again would consume a second value.
	if s.isSettled() {
		return nil
	}
	select {
	case value, ok := <-src.ch:
		if ok {
			s.value = value
		} else {
			s.err = ErrChannelClosed
		}
		close(s.done)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (src *source[T]) startWatcher(s *state[T]) {
	src.watchOnce.Do(func() {
		go func() {
			// Background never ends, so receive returns only after s settled.
			_ = src.receive(context.Background(), s)
		}()
	})
}
