// Command slowapp is a test fixture for deadlines: its async routes never
// settle on their own, so only the end of the request's context ends them.
// It serves API Gateway HTTP API events under Lambda and HTTP elsewhere,
// like the quickstart.
//
// Routes:
//
//	GET /health  {"status":"ok"}
//	GET /slow    a Future that settles with the context's error once the context ends
//	GET /stuck   a channel that never delivers a value
//	GET /stats   {"slowStarted":N,"slowCancelled":N}, counted over the process's life
package main

import (
	"context"
	"sync/atomic"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// slowStats counts /slow requests, so that a test can check that each
// handler saw its context end.
type slowStats struct {
	Started   int64 `json:"slowStarted"`
	Cancelled int64 `json:"slowCancelled"`
}

var started, cancelled atomic.Int64

func slow(ctx context.Context) asyncbridge.Future[string] {
	started.Add(1)
	return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
		<-ctx.Done()
		cancelled.Add(1)
		return "", ctx.Err()
	})
}

// stuck returns a channel that nothing ever sends on, as a handler that
// forgot its result would.
func stuck() <-chan string {
	return make(chan string)
}

func main() {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/health", func() map[string]string { return map[string]string{"status": "ok"} })
	app.Get("/slow", slow)
	app.Get("/stuck", stuck)
	app.Get("/stats", func() slowStats {
		return slowStats{Started: started.Load(), Cancelled: cancelled.Load()}
	})
	app.Start()
}
