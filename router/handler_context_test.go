package router_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/lambdaroute/lambdaroute/router"
)

// TestSyncTimeoutWithoutContextArgument checks that a sync handler that
// takes no context.Context, for which the router builds no derived
// context, gets the same 504 or 500 as one that takes it, on both sides of
// the deadline margin.
func TestSyncTimeoutWithoutContextArgument(t *testing.T) {
	withCtx := func(ctx context.Context) error { return context.DeadlineExceeded }
	withoutCtx := func(*router.Request) error { return context.DeadlineExceeded }
	cases := []struct {
		name     string
		deadline time.Duration // from now; the default margin is 100 ms
		want     int
	}{
		{"inside the margin", 50 * time.Millisecond, 504},
		{"before the margin", time.Hour, 500},
	}
	for _, c := range cases {
		for _, h := range []struct {
			name string
			fn   any
		}{{"with context", withCtx}, {"without context", withoutCtx}} {
			t.Run(c.name+"/"+h.name, func(t *testing.T) {
				app := router.NewAPIGatewayHTTPResolver(router.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
				app.Get("/slow", h.fn)
				ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(c.deadline))
				defer cancel()
				e := events.APIGatewayV2HTTPRequest{RawPath: "/slow"}
				e.RequestContext.HTTP.Method = "GET"
				resp, _ := app.Resolve(ctx, e)
				if resp.StatusCode != c.want {
					t.Errorf("got status %d, want %d (body %s)", resp.StatusCode, c.want, resp.Body)
				}
			})
		}
	}
}
