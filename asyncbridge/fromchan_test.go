package asyncbridge_test

import (
	"context"
	"errors"
	"testing"

	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

func TestFromChan(t *testing.T) {
	closedEmpty := make(chan string)
	close(closedEmpty)
	buffered := make(chan string, 1)
	buffered <- "hello"
	closedWithValue := make(chan string, 1)
	closedWithValue <- "kept"
	close(closedWithValue)

	tests := []struct {
		name      string
		ch        <-chan string
		wantValue string
		wantErr   error
	}{
		{name: "value", ch: buffered, wantValue: "hello"},
		{name: "value before close", ch: closedWithValue, wantValue: "kept"},
		{name: "closed without value", ch: closedEmpty, wantErr: asyncbridge.ErrChannelClosed},
		{name: "nil channel", ch: nil, wantErr: asyncbridge.ErrChannelClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := asyncbridge.FromChan(tt.ch)
			value, err := f.Await(t.Context())
			if err != tt.wantErr {
				t.Errorf("Await() error = %v, want %v", err, tt.wantErr)
			}
			if value != tt.wantValue {
				t.Errorf("Await() value = %q, want %q", value, tt.wantValue)
			}
			// Later reads see the settled result without receiving again.
			if got := f.Value(); got != tt.wantValue {
				t.Errorf("Value() = %q, want %q", got, tt.wantValue)
			}
			if got := f.Err(); got != tt.wantErr {
				t.Errorf("Err() = %v, want %v", got, tt.wantErr)
			}
			value, err = f.Await(t.Context())
			if value != tt.wantValue || err != tt.wantErr {
				t.Errorf("second Await() = (%q, %v), want (%q, %v)", value, err, tt.wantValue, tt.wantErr)
			}
		})
	}
}

func TestFromChanReceivesLazily(t *testing.T) {
	ch := make(chan int, 1)
	f := asyncbridge.FromChan(ch)
	ch <- 4
	if got := f.Value(); got != 0 {
		t.Errorf("Value() before Await = %d, want 0 because Value does not receive", got)
	}
	if got := len(ch); got != 1 {
		t.Errorf("values in channel before Await = %d, want 1", got)
	}
	if value, err := f.Await(t.Context()); value != 4 || err != nil {
		t.Errorf("Await() = (%d, %v), want (4, nil)", value, err)
	}
}

func TestFromChanCancelLeavesNoGoroutine(t *testing.T) {
	ch := make(chan int)
	f := asyncbridge.FromChan(ch)

	ctx, cancel := context.WithTimeout(t.Context(), shortTimeout)
	defer cancel()
	value, err := f.Await(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Await() error = %v, want context.DeadlineExceeded", err)
	}
	if value != 0 {
		t.Errorf("Await() value = %d, want 0", value)
	}
	goleak.VerifyNone(t)

	// The Future still settles when a later Await receives the value.
	go func() { ch <- 8 }()
	if value, err := f.Await(t.Context()); value != 8 || err != nil {
		t.Errorf("Await() after send = (%d, %v), want (8, nil)", value, err)
	}
}

func TestFromChanDoneWatcher(t *testing.T) {
	ch := make(chan string)
	f := asyncbridge.FromChan(ch)
	done := f.Done()
	select {
	case <-done:
		t.Fatal("Done() closed before the channel delivered a value")
	default:
	}

	ch <- "via watcher"
	<-done
	if got := f.Value(); got != "via watcher" {
		t.Errorf("Value() = %q, want %q", got, "via watcher")
	}
	if got := f.Err(); got != nil {
		t.Errorf("Err() = %v, want nil", got)
	}
	// The watcher exits after settling, which TestMain's goleak check
	// confirms at the end of the run.
}

func TestFromChanDoneAfterClose(t *testing.T) {
	ch := make(chan string)
	f := asyncbridge.FromChan(ch)
	done := f.Done()
	close(ch)
	<-done
	if got := f.Err(); got != asyncbridge.ErrChannelClosed {
		t.Errorf("Err() = %v, want ErrChannelClosed", got)
	}
}
