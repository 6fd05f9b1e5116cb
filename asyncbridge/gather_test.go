package asyncbridge_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

// blockUntil returns a Go Future of value that settles once release is closed.
func blockUntil[T any](t *testing.T, release <-chan struct{}, value T) asyncbridge.Future[T] {
	t.Helper()
	return asyncbridge.Go(t.Context(), func(context.Context) (T, error) {
		<-release
		return value, nil
	})
}

func TestGatherAllSucceed(t *testing.T) {
	release := make(chan struct{})
	ch := make(chan float64, 1)
	ints := blockUntil(t, release, 1)
	strs := blockUntil(t, release, "two")
	floats := asyncbridge.FromChan(ch)
	ready := asyncbridge.Resolved(true)

	close(release)
	ch <- 3.5
	if err := asyncbridge.Gather(t.Context(), ints, strs, floats, ready); err != nil {
		t.Fatalf("Gather() error = %v, want nil", err)
	}
	if got := ints.Value(); got != 1 {
		t.Errorf("Future[int].Value() = %d, want 1", got)
	}
	if got := strs.Value(); got != "two" {
		t.Errorf("Future[string].Value() = %q, want two", got)
	}
	if got := floats.Value(); got != 3.5 {
		t.Errorf("Future[float64].Value() = %v, want 3.5", got)
	}
	if got := ready.Value(); !got {
		t.Error("Future[bool].Value() = false, want true")
	}
}

func TestGatherEmpty(t *testing.T) {
	if err := asyncbridge.Gather(t.Context()); err != nil {
		t.Errorf("Gather() with no futures = %v, want nil", err)
	}
}

func TestGatherFirstErrorWhileOtherBlocks(t *testing.T) {
	tests := []struct {
		name   string
		failed func(t *testing.T) asyncbridge.Awaitable
	}{
		{
			name: "Go fails later",
			failed: func(t *testing.T) asyncbridge.Awaitable {
				return asyncbridge.Go(t.Context(), func(context.Context) (string, error) {
					return "", errTest
				})
			},
		},
		{
			name: "already failed",
			failed: func(*testing.T) asyncbridge.Awaitable {
				return asyncbridge.Failed[string](errTest)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			defer close(release)
			blocked := blockUntil(t, release, 1)
			neverSent := asyncbridge.FromChan(make(chan int))

			// The timeout only bounds a Gather that wrongly waits for the
			// blocked Future, so that the test fails instead of hanging.
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			err := asyncbridge.Gather(ctx, blocked, tt.failed(t), neverSent)
			if err != errTest {
				t.Errorf("Gather() error = %v, want %v", err, errTest)
			}
			if isSettled(blocked) {
				t.Error("blocked Future settled, so Gather may have waited for it")
			}
			// Gather must have stopped its helpers, and the FromChan Future
			// must have started no watcher. Only the blocked Go goroutine
			// may remain.
			goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/lambdaroute/lambdaroute/asyncbridge_test.blockUntil[...].func1"))
		})
	}
}

func TestGatherContextEnds(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	tests := []struct {
		name    string
		futures []asyncbridge.Awaitable
	}{
		{name: "one pending", futures: []asyncbridge.Awaitable{blockUntil(t, release, 1)}},
		{name: "several pending", futures: []asyncbridge.Awaitable{
			blockUntil(t, release, 1),
			blockUntil(t, release, "x"),
			asyncbridge.FromChan(make(chan int)),
			asyncbridge.Resolved(2),
		}},
		{name: "FromChan only", futures: []asyncbridge.Awaitable{asyncbridge.FromChan(make(chan int))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), shortTimeout)
			defer cancel()
			err := asyncbridge.Gather(ctx, tt.futures...)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Gather() error = %v, want context.DeadlineExceeded", err)
			}
			goleak.VerifyNone(t, goleak.IgnoreAnyFunction("github.com/lambdaroute/lambdaroute/asyncbridge_test.blockUntil[...].func1"))
		})
	}
}

func TestGatherCanceledContext(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := asyncbridge.Gather(ctx, blockUntil(t, release, 1), blockUntil(t, release, 2))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Gather() error = %v, want context.Canceled", err)
	}
}

func TestGatherSettledBeforeDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := asyncbridge.Gather(ctx, asyncbridge.Resolved(1), asyncbridge.Resolved("a")); err != nil {
		t.Errorf("Gather() of settled futures = %v, want nil despite the done context", err)
	}
	err := asyncbridge.Gather(ctx, asyncbridge.Resolved(1), asyncbridge.Failed[int](errTest))
	if err != errTest {
		t.Errorf("Gather() with a failed future = %v, want %v", err, errTest)
	}
}

func TestGatherZeroFuture(t *testing.T) {
	err := asyncbridge.Gather(t.Context(), asyncbridge.Resolved(1), asyncbridge.Future[int]{})
	if err != asyncbridge.ErrZeroFuture {
		t.Errorf("Gather() error = %v, want ErrZeroFuture", err)
	}
}

func TestGatherNilEntry(t *testing.T) {
	err := asyncbridge.Gather(t.Context(), asyncbridge.Resolved(1), nil)
	if err == nil {
		t.Fatal("Gather() with a nil entry = nil, want an error")
	}
	if !strings.Contains(err.Error(), "futures[1]") {
		t.Errorf("Gather() error = %q, want it to name futures[1]", err)
	}
}

func TestGatherFromChanClosed(t *testing.T) {
	ch := make(chan int)
	close(ch)
	release := make(chan struct{})
	defer close(release)
	err := asyncbridge.Gather(t.Context(), asyncbridge.FromChan(ch), blockUntil(t, release, "x"))
	if err != asyncbridge.ErrChannelClosed {
		t.Errorf("Gather() error = %v, want ErrChannelClosed", err)
	}
}

// manualFuture is an Awaitable that is not a Future[T], as a caller might
// write to adapt another async API.
type manualFuture struct {
	done chan struct{}
	err  error
}

func (m *manualFuture) Done() <-chan struct{} { return m.done }

func (m *manualFuture) AwaitAny(ctx context.Context) (any, error) {
	select {
	case <-m.done:
		return nil, m.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestGatherOtherAwaitable(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		settled bool
	}{
		{name: "settled success", settled: true},
		{name: "settled failure", err: errTest, settled: true},
		{name: "later success"},
		{name: "later failure", err: errTest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &manualFuture{done: make(chan struct{}), err: tt.err}
			if tt.settled {
				close(m.done)
			} else {
				go close(m.done)
			}
			release := make(chan struct{})
			other := blockUntil(t, release, 1)
			close(release)
			if err := asyncbridge.Gather(t.Context(), m, other); err != tt.err {
				t.Errorf("Gather() error = %v, want %v", err, tt.err)
			}
		})
	}
}
