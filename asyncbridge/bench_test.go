package asyncbridge_test

import (
	"context"
	"testing"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

func answer(context.Context) (int, error) { return 42, nil }

// BenchmarkGo measures starting one Future with Go and awaiting its result.
func BenchmarkGo(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		value, err := asyncbridge.Go(ctx, answer).Await(ctx)
		if err != nil || value != 42 {
			b.Fatalf("Await() = (%d, %v), want (42, nil)", value, err)
		}
	}
}

// BenchmarkGoFloor is the hand-written lower bound for BenchmarkGo: one
// goroutine sending its result on one buffered channel.
func BenchmarkGoFloor(b *testing.B) {
	type result struct {
		value int
		err   error
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		results := make(chan result, 1)
		go func() {
			value, err := answer(ctx)
			results <- result{value, err}
		}()
		r := <-results
		if r.err != nil || r.value != 42 {
			b.Fatalf("result = (%d, %v), want (42, nil)", r.value, r.err)
		}
	}
}

// BenchmarkGoCancelableContext is BenchmarkGo with a context that can end,
// as a request context does, so Await selects on two channels.
func BenchmarkGoCancelableContext(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for b.Loop() {
		value, err := asyncbridge.Go(ctx, answer).Await(ctx)
		if err != nil || value != 42 {
			b.Fatalf("Await() = (%d, %v), want (42, nil)", value, err)
		}
	}
}

// BenchmarkGather measures Gather over two pending Go Futures.
func BenchmarkGather(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		first := asyncbridge.Go(ctx, answer)
		second := asyncbridge.Go(ctx, answer)
		if err := asyncbridge.Gather(ctx, first, second); err != nil {
			b.Fatalf("Gather() error = %v", err)
		}
	}
}
