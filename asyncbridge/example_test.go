package asyncbridge_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

func ExampleGo() {
	ctx := context.Background()
	length := asyncbridge.Go(ctx, func(context.Context) (int, error) {
		return len("lambdaroute"), nil
	})
	n, err := length.Await(ctx)
	fmt.Println(n, err)

	crashed := asyncbridge.Go(ctx, func(context.Context) (int, error) {
		panic("index out of range")
	})
	_, err = crashed.Await(ctx)
	var panicErr *asyncbridge.PanicError
	fmt.Println(errors.As(err, &panicErr), err)
	// Output:
	// 11 <nil>
	// true asyncbridge: panic: index out of range
}

func ExampleGather() {
	ctx := context.Background()
	user := asyncbridge.Go(ctx, func(context.Context) (string, error) {
		return "ada", nil
	})
	orders := asyncbridge.Go(ctx, func(context.Context) (int, error) {
		return 3, nil
	})
	if err := asyncbridge.Gather(ctx, user, orders); err != nil {
		fmt.Println("gather failed:", err)
		return
	}
	// Every Future has settled, so Value returns its result.
	fmt.Printf("%s has %d orders\n", user.Value(), orders.Value())
	// Output:
	// ada has 3 orders
}

func ExampleFromChan() {
	lines := make(chan string, 1)
	go func() {
		lines <- strings.ToUpper("first line")
	}()
	line, err := asyncbridge.FromChan(lines).Await(context.Background())
	fmt.Println(line, err)

	closed := make(chan string)
	close(closed)
	_, err = asyncbridge.FromChan(closed).Await(context.Background())
	fmt.Println(errors.Is(err, asyncbridge.ErrChannelClosed))
	// Output:
	// FIRST LINE <nil>
	// true
}

func ExampleFuture_Await() {
	release := make(chan struct{})
	defer close(release)
	slow := asyncbridge.Go(context.Background(), func(context.Context) (string, error) {
		<-release
		return "too late", nil
	})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := slow.Await(ctx)
	fmt.Println(err)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// context deadline exceeded
	// true
}
