package asyncbridge

import (
	"context"
	"fmt"
	"sync"
)

// settleWaiter is implemented by every Future[T]. Gather uses it instead of
// Done, because Done on a FromChan Future starts a goroutine that may outlive
// Gather, and instead of AwaitAny, which boxes the value.
type settleWaiter interface {
	// pollSettled reports, without blocking, whether the Future has settled,
	// and its error if so.
	pollSettled() (settled bool, err error)
	// waitSettled blocks until the Future settles or ctx ends, and reports
	// whether it settled and its error if so.
	waitSettled(ctx context.Context) (settled bool, err error)
}

func (f Future[T]) pollSettled() (bool, error) {
	if f.s == nil {
		return true, ErrZeroFuture
	}
	if !f.s.isSettled() {
		return false, nil
	}
	return true, f.s.err
}

func (f Future[T]) waitSettled(ctx context.Context) (bool, error) {
	if f.s == nil {
		return true, ErrZeroFuture
	}
	if f.s.wait(ctx) != nil {
		return false, nil
	}
	return true, f.s.err
}

// awaitableWaiter adapts an Awaitable that is not a Future[T] to
// settleWaiter through its Done and AwaitAny methods.
type awaitableWaiter struct {
	a Awaitable
}

func (w awaitableWaiter) pollSettled() (bool, error) {
	select {
	case <-w.a.Done():
		// Done is closed, so AwaitAny returns the settled result at once.
		_, err := w.a.AwaitAny(context.Background())
		return true, err
	default:
		return false, nil
	}
}

func (w awaitableWaiter) waitSettled(ctx context.Context) (bool, error) {
	select {
	case <-w.a.Done():
		_, err := w.a.AwaitAny(ctx)
		return true, err
	case <-ctx.Done():
		return false, nil
	}
}

func toSettleWaiter(a Awaitable) settleWaiter {
	if w, ok := a.(settleWaiter); ok {
		return w
	}
	return awaitableWaiter{a: a}
}

// Gather waits for all futures and returns nil when every one succeeded.
// As soon as one fails, Gather returns that future's error without waiting
// for the others. If ctx ends first, Gather returns ctx.Err().
//
// Futures that have already settled when Gather is called are checked first,
// in argument order, so an already failed future is reported even when ctx
// is already done. A nil entry in futures is an error.
//
// Gather starts one helper goroutine per pending future when more than one is
// pending, and stops and waits for all of them before it returns. It never
// calls Done on a Future[T], so it starts no FromChan watcher goroutine.
// The futures themselves are not cancelled: a Go Future whose function
// should stop when Gather fails needs a context the caller cancels.
func Gather(ctx context.Context, futures ...Awaitable) error {
	var pending []int
	waiters := make([]settleWaiter, len(futures))
	for i, a := range futures {
		if a == nil {
			return fmt.Errorf("asyncbridge: Gather: futures[%d] is nil, pass a Future or remove the entry", i)
		}
		waiters[i] = toSettleWaiter(a)
		settled, err := waiters[i].pollSettled()
		if !settled {
			pending = append(pending, i)
			continue
		}
		if err != nil {
			return err
		}
	}

	switch len(pending) {
	case 0:
		return nil
	case 1:
		// One pending future needs no helper goroutine.
		settled, err := waiters[pending[0]].waitSettled(ctx)
		if !settled {
			return ctx.Err()
		}
		return err
	}
	return gatherPending(ctx, waiters, pending)
}

func gatherPending(ctx context.Context, waiters []settleWaiter, pending []int) error {
	helperCtx, cancel := context.WithCancel(ctx)
	var helpers sync.WaitGroup
	defer func() {
		cancel()
		helpers.Wait()
	}()

	// The buffer holds one result per helper, so no helper blocks on send
	// after Gather has stopped receiving.
	results := make(chan error, len(pending))
	for _, i := range pending {
		w := waiters[i]
		helpers.Go(func() {
			if settled, err := w.waitSettled(helperCtx); settled {
				results <- err
			}
		})
	}

	for range pending {
		select {
		case err := <-results:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
