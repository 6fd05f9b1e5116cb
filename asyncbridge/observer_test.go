package asyncbridge_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

// observedKey marks the context that recordingObserver.Start returns, so a
// test can check that fn received it.
type observedKey struct{}

// recordingObserver records each Start and the error its end func received.
type recordingObserver struct {
	mu      sync.Mutex
	starts  int
	ends    []error
	settled []bool // whether the Future had settled when end ran

	// future is read by end to check that the Future settles after end.
	future asyncbridge.Awaitable
}

func (o *recordingObserver) Start(ctx context.Context) (context.Context, func(error)) {
	o.mu.Lock()
	o.starts++
	depth, _ := ctx.Value(observedKey{}).(int)
	o.mu.Unlock()
	return context.WithValue(ctx, observedKey{}, depth+1), func(err error) {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.ends = append(o.ends, err)
		if o.future != nil {
			o.settled = append(o.settled, isSettled(o.future))
		}
	}
}

func (o *recordingObserver) snapshot() (starts int, ends []error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.starts, append([]error(nil), o.ends...)
}

func TestObserverSeesResult(t *testing.T) {
	tests := []struct {
		name    string
		fn      func(context.Context) (int, error)
		checkFn func(t *testing.T, err error)
	}{
		{
			name: "success",
			fn:   func(context.Context) (int, error) { return 1, nil },
			checkFn: func(t *testing.T, err error) {
				if err != nil {
					t.Errorf("end error = %v, want nil", err)
				}
			},
		},
		{
			name: "error",
			fn:   func(context.Context) (int, error) { return 0, errTest },
			checkFn: func(t *testing.T, err error) {
				if !errors.Is(err, errTest) {
					t.Errorf("end error = %v, want %v", err, errTest)
				}
			},
		},
		{
			name: "panic",
			fn:   func(context.Context) (int, error) { panic("boom") },
			checkFn: func(t *testing.T, err error) {
				var pe *asyncbridge.PanicError
				if !errors.As(err, &pe) {
					t.Fatalf("end error = %v (%T), want *PanicError", err, err)
				}
				if pe.Value != "boom" {
					t.Errorf("PanicError.Value = %v, want boom", pe.Value)
				}
			},
		},
		{
			name: "Goexit",
			fn: func(context.Context) (int, error) {
				runtime.Goexit()
				return 0, nil
			},
			checkFn: func(t *testing.T, err error) {
				if err == nil {
					t.Error("end error = nil, want the runtime.Goexit error")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := &recordingObserver{}
			ctx := asyncbridge.WithObserver(t.Context(), obs)
			f := asyncbridge.Go(ctx, tt.fn)
			_, awaitErr := f.Await(t.Context())
			starts, ends := obs.snapshot()
			if starts != 1 {
				t.Errorf("Start calls = %d, want 1", starts)
			}
			if len(ends) != 1 {
				t.Fatalf("end calls = %d, want 1", len(ends))
			}
			tt.checkFn(t, ends[0])
			if awaitErr != ends[0] {
				t.Errorf("Await error = %v, end error = %v, want the same", awaitErr, ends[0])
			}
		})
	}
}

func TestObserverContextReachesFn(t *testing.T) {
	obs := &recordingObserver{}
	ctx := asyncbridge.WithObserver(t.Context(), obs)
	depth, err := asyncbridge.Go(ctx, func(ctx context.Context) (int, error) {
		// The nested Go finds the observer through the context that Start
		// returned, so its Start reads depth 1 and returns depth 2.
		return asyncbridge.Go(ctx, func(ctx context.Context) (int, error) {
			d, _ := ctx.Value(observedKey{}).(int)
			return d, nil
		}).Await(ctx)
	}).Await(t.Context())
	if err != nil {
		t.Fatalf("Await() error = %v", err)
	}
	if depth != 2 {
		t.Errorf("nested depth = %d, want 2", depth)
	}
	starts, ends := obs.snapshot()
	if starts != 2 {
		t.Errorf("Start calls = %d, want 2", starts)
	}
	if len(ends) != 2 {
		t.Errorf("end calls = %d, want 2", len(ends))
	}
}

func TestObserverEndsBeforeSettle(t *testing.T) {
	obs := &recordingObserver{}
	release := make(chan struct{})
	ctx := asyncbridge.WithObserver(t.Context(), obs)
	f := asyncbridge.Go(ctx, func(context.Context) (int, error) {
		<-release
		return 1, nil
	})
	obs.mu.Lock()
	obs.future = f
	obs.mu.Unlock()
	close(release)
	if _, err := f.Await(t.Context()); err != nil {
		t.Fatalf("Await() error = %v", err)
	}
	obs.mu.Lock()
	defer obs.mu.Unlock()
	if len(obs.settled) != 1 {
		t.Fatalf("end calls with the Future set = %d, want 1", len(obs.settled))
	}
	if obs.settled[0] {
		t.Error("the Future had settled when end ran, want end first")
	}
}

func TestObserverStartPanicFailsFuture(t *testing.T) {
	ctx := asyncbridge.WithObserver(t.Context(), panickingObserver{})
	called := false
	_, err := asyncbridge.Go(ctx, func(context.Context) (int, error) {
		called = true
		return 1, nil
	}).Await(t.Context())
	var pe *asyncbridge.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("Await() error = %v, want *PanicError", err)
	}
	if called {
		t.Error("fn ran after Start panicked, want it skipped")
	}
}

type panickingObserver struct{}

func (panickingObserver) Start(context.Context) (context.Context, func(error)) {
	panic("observer failed")
}

func TestWithObserverNilRemoves(t *testing.T) {
	obs := &recordingObserver{}
	ctx := asyncbridge.WithObserver(t.Context(), obs)
	ctx = asyncbridge.WithObserver(ctx, nil)
	if _, err := asyncbridge.Go(ctx, answer).Await(t.Context()); err != nil {
		t.Fatalf("Await() error = %v", err)
	}
	if starts, _ := obs.snapshot(); starts != 0 {
		t.Errorf("Start calls = %d, want 0 after WithObserver(ctx, nil)", starts)
	}
}

func TestGoWithoutObserverKeepsContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(t.Context(), key{}, "caller")
	got, err := asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
		s, _ := ctx.Value(key{}).(string)
		return s, nil
	}).Await(t.Context())
	if err != nil {
		t.Fatalf("Await() error = %v", err)
	}
	if got != "caller" {
		t.Errorf("fn saw context value %q, want %q", got, "caller")
	}
}

// nopObserver is the cheapest possible Observer, for measuring what the
// hook itself costs.
type nopObserver struct{}

func nopEnd(error) {}

func (nopObserver) Start(ctx context.Context) (context.Context, func(error)) { return ctx, nopEnd }

// BenchmarkGoObserved is BenchmarkGo with a no-op Observer in the context.
func BenchmarkGoObserved(b *testing.B) {
	ctx := asyncbridge.WithObserver(context.Background(), nopObserver{})
	b.ReportAllocs()
	for b.Loop() {
		value, err := asyncbridge.Go(ctx, answer).Await(ctx)
		if err != nil || value != 42 {
			b.Fatalf("Await() = (%d, %v), want (42, nil)", value, err)
		}
	}
}
