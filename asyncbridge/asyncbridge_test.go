package asyncbridge_test

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// shortTimeout bounds waits that are expected to end by their deadline. Tests
// check only that such a wait ends with the right error, never how long it took.
const shortTimeout = 20 * time.Millisecond

var errTest = errors.New("test failure")

// isSettled reports whether f has settled, through Done, which must only be
// used on Futures where Done starts no goroutine.
func isSettled(f asyncbridge.Awaitable) bool {
	select {
	case <-f.Done():
		return true
	default:
		return false
	}
}

func TestAwaitResults(t *testing.T) {
	tests := []struct {
		name      string
		future    asyncbridge.Future[int]
		wantValue int
		wantErr   error
	}{
		{
			name:      "Go success",
			future:    asyncbridge.Go(t.Context(), func(context.Context) (int, error) { return 42, nil }),
			wantValue: 42,
		},
		{
			name:    "Go error drops value",
			future:  asyncbridge.Go(t.Context(), func(context.Context) (int, error) { return 7, errTest }),
			wantErr: errTest,
		},
		{
			name:      "Resolved",
			future:    asyncbridge.Resolved(3),
			wantValue: 3,
		},
		{
			name:    "Failed",
			future:  asyncbridge.Failed[int](errTest),
			wantErr: errTest,
		},
		{
			name:    "zero Future",
			future:  asyncbridge.Future[int]{},
			wantErr: asyncbridge.ErrZeroFuture,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			value, err := tt.future.Await(t.Context())
			if err != tt.wantErr {
				t.Errorf("Await() error = %v, want %v", err, tt.wantErr)
			}
			if value != tt.wantValue {
				t.Errorf("Await() value = %d, want %d", value, tt.wantValue)
			}
			if got := tt.future.Value(); got != tt.wantValue {
				t.Errorf("Value() = %d, want %d", got, tt.wantValue)
			}
			if got := tt.future.Err(); got != tt.wantErr {
				t.Errorf("Err() = %v, want %v", got, tt.wantErr)
			}
			if !isSettled(tt.future) {
				t.Error("Done() is not closed after Await returned the result")
			}
			boxed, err := tt.future.AwaitAny(t.Context())
			if boxed != any(tt.wantValue) {
				t.Errorf("AwaitAny() value = %#v, want %#v", boxed, tt.wantValue)
			}
			if err != tt.wantErr {
				t.Errorf("AwaitAny() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestGoNilFunction(t *testing.T) {
	_, err := asyncbridge.Go[int](t.Context(), nil).Await(t.Context())
	if err == nil {
		t.Fatal("Go(ctx, nil).Await() error = nil, want an error")
	}
	if !strings.Contains(err.Error(), "nil function") {
		t.Errorf("Go(ctx, nil).Await() error = %q, want a message about the nil function", err)
	}
}

func TestFailedNilError(t *testing.T) {
	err := asyncbridge.Failed[string](nil).Err()
	if err == nil {
		t.Fatal("Failed(nil).Err() = nil, want a non-nil error")
	}
	if !strings.Contains(err.Error(), "nil error") {
		t.Errorf("Failed(nil).Err() = %q, want a message about the nil error", err)
	}
}

func TestGoPassesContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(t.Context(), key{}, "request-7")
	f := asyncbridge.Go(ctx, func(ctx context.Context) (any, error) {
		return ctx.Value(key{}), nil
	})
	got, err := f.Await(t.Context())
	if err != nil {
		t.Fatalf("Await() error = %v", err)
	}
	if got != "request-7" {
		t.Errorf("fn saw context value %v, want request-7", got)
	}
}

func TestAwaitDeadlineWhilePending(t *testing.T) {
	release := make(chan struct{})
	f := asyncbridge.Go(t.Context(), func(context.Context) (string, error) {
		<-release
		return "late", nil
	})

	ctx, cancel := context.WithTimeout(t.Context(), shortTimeout)
	defer cancel()
	value, err := f.Await(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Await() error = %v, want context.DeadlineExceeded", err)
	}
	if value != "" {
		t.Errorf("Await() value = %q, want empty string after the deadline", value)
	}
	if isSettled(f) {
		t.Error("Future settled although fn has not returned")
	}
	if got := f.Err(); got != nil {
		t.Errorf("Err() of a pending Future = %v, want nil", got)
	}

	// The deadline ended one Await, not the Future.
	close(release)
	value, err = f.Await(t.Context())
	if err != nil || value != "late" {
		t.Errorf("Await() after release = (%q, %v), want (late, nil)", value, err)
	}
}

func TestAwaitBackgroundContext(t *testing.T) {
	release := make(chan struct{})
	f := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
		<-release
		return 6, errTest
	})
	go close(release)
	// Background has a nil Done channel, which Await handles separately.
	value, err := f.Await(context.Background())
	if err != errTest {
		t.Errorf("Await() error = %v, want %v", err, errTest)
	}
	if value != 0 {
		t.Errorf("Await() value = %d, want 0 for a failed Future", value)
	}
}

func TestAwaitCanceledContext(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	f := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
		<-release
		return 1, nil
	})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := f.Await(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Await() error = %v, want context.Canceled", err)
	}
}

func TestAwaitSettledIgnoresDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	value, err := asyncbridge.Resolved("ready").Await(ctx)
	if err != nil {
		t.Errorf("Await() error = %v, want nil for a settled Future", err)
	}
	if value != "ready" {
		t.Errorf("Await() value = %q, want ready", value)
	}
}

func panicHere(value any) (int, error) {
	panic(value)
}

func TestGoPanic(t *testing.T) {
	tests := []struct {
		name        string
		value       any
		wantMessage string
		wantUnwrap  error
	}{
		{name: "string", value: "boom", wantMessage: "asyncbridge: panic: boom"},
		{name: "error", value: io.ErrUnexpectedEOF, wantMessage: "asyncbridge: panic: unexpected EOF", wantUnwrap: io.ErrUnexpectedEOF},
		{name: "int", value: 12, wantMessage: "asyncbridge: panic: 12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
				return panicHere(tt.value)
			})
			_, err := f.Await(t.Context())
			var panicErr *asyncbridge.PanicError
			if !errors.As(err, &panicErr) {
				t.Fatalf("Await() error = %T %v, want *asyncbridge.PanicError", err, err)
			}
			if panicErr.Value != tt.value {
				t.Errorf("PanicError.Value = %#v, want %#v", panicErr.Value, tt.value)
			}
			if got := panicErr.Error(); got != tt.wantMessage {
				t.Errorf("PanicError.Error() = %q, want %q", got, tt.wantMessage)
			}
			if !strings.Contains(string(panicErr.Stack), "panicHere") {
				t.Errorf("PanicError.Stack does not name the panicking function panicHere:\n%s", panicErr.Stack)
			}
			if tt.wantUnwrap != nil && !errors.Is(err, tt.wantUnwrap) {
				t.Errorf("errors.Is(err, %v) = false, want true", tt.wantUnwrap)
			}
		})
	}
}

func TestGoPanicNil(t *testing.T) {
	f := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
		return panicHere(nil)
	})
	_, err := f.Await(t.Context())
	var panicErr *asyncbridge.PanicError
	if !errors.As(err, &panicErr) {
		t.Fatalf("Await() error = %T %v, want *asyncbridge.PanicError", err, err)
	}
	var nilErr *runtime.PanicNilError
	if !errors.As(err, &nilErr) {
		t.Errorf("PanicError.Value = %#v, want *runtime.PanicNilError", panicErr.Value)
	}
}

func TestGoGoexit(t *testing.T) {
	f := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
		runtime.Goexit()
		return 1, nil
	})
	value, err := f.Await(t.Context())
	if err == nil || !strings.Contains(err.Error(), "Goexit") {
		t.Errorf("Await() error = %v, want an error naming runtime.Goexit", err)
	}
	if value != 0 {
		t.Errorf("Await() value = %d, want 0", value)
	}
}

func TestZeroFuture(t *testing.T) {
	var f asyncbridge.Future[string]
	if !isSettled(f) {
		t.Error("Done() of a zero Future is not closed")
	}
	if got := f.Value(); got != "" {
		t.Errorf("Value() = %q, want empty string", got)
	}
	if got := f.Err(); got != asyncbridge.ErrZeroFuture {
		t.Errorf("Err() = %v, want ErrZeroFuture", got)
	}
	boxed, err := f.AwaitAny(t.Context())
	if err != asyncbridge.ErrZeroFuture {
		t.Errorf("AwaitAny() error = %v, want ErrZeroFuture", err)
	}
	if boxed != "" {
		t.Errorf("AwaitAny() value = %#v, want empty string", boxed)
	}
}

func TestFutureCopiesShareResult(t *testing.T) {
	release := make(chan struct{})
	original := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
		<-release
		return 5, nil
	})
	copied := original
	close(release)
	if _, err := original.Await(t.Context()); err != nil {
		t.Fatalf("Await() error = %v", err)
	}
	if got := copied.Value(); got != 5 {
		t.Errorf("copy Value() = %d, want 5", got)
	}
}

func TestConcurrentAwait(t *testing.T) {
	const waiters = 64
	release := make(chan struct{})
	fromGo := asyncbridge.Go(t.Context(), func(context.Context) (int, error) {
		<-release
		return 9, nil
	})
	ch := make(chan int, 2)
	fromChan := asyncbridge.FromChan(ch)

	type result struct {
		goValue, chanValue int
		goErr, chanErr     error
	}
	results := make(chan result, waiters)
	for range waiters {
		go func() {
			var r result
			r.chanValue, r.chanErr = fromChan.Await(t.Context())
			r.goValue, r.goErr = fromGo.Await(t.Context())
			results <- r
		}()
	}
	// Sending while many waiters block on the empty channel is the case
	// in which more than one waiter could take a value.
	runtime.Gosched()
	ch <- 10
	ch <- 11
	close(release)

	for range waiters {
		r := <-results
		if r.goErr != nil || r.goValue != 9 {
			t.Errorf("Go Future Await() = (%d, %v), want (9, nil)", r.goValue, r.goErr)
		}
		if r.chanErr != nil || r.chanValue != 10 {
			t.Errorf("FromChan Future Await() = (%d, %v), want (10, nil)", r.chanValue, r.chanErr)
		}
	}
	if got := len(ch); got != 1 {
		t.Errorf("values left in channel = %d, want 1 because FromChan takes only the first", got)
	}
}
