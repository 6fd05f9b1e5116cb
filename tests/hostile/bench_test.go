package hostile_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// BenchmarkSyncHandlerCutoff measures what cutting off a sync handler at
// the deadline would cost. A router can stop waiting for a handler only if
// the handler runs in a goroutine of its own. So "goroutine" runs the same
// handler body through asyncbridge.Go, as the router would per request,
// and "inline" is how sync handlers run now. All run under a
// Lambda-like deadline except "inline/no-deadline". "inline-ctx" takes a
// context.Context, so it shows the cost of the early deadline that such
// sync handlers get.
//
//	go test ./tests/hostile -run '^$' -bench SyncHandlerCutoff -benchmem -count 6
func BenchmarkSyncHandlerCutoff(b *testing.B) {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/inline/<id>", func(id string) map[string]string { return map[string]string{"id": id} })
	app.Get("/inline-ctx/<id>", func(ctx context.Context, id string) map[string]string {
		return map[string]string{"id": id}
	})
	app.Get("/goroutine/<id>", func(ctx context.Context, id string) asyncbridge.Future[map[string]string] {
		return asyncbridge.Go(ctx, func(context.Context) (map[string]string, error) {
			return map[string]string{"id": id}, nil
		})
	})

	event := func(path string) events.APIGatewayV2HTTPRequest {
		e := events.APIGatewayV2HTTPRequest{RawPath: path}
		e.RequestContext.HTTP.Method = "GET"
		return e
	}
	withDeadline, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()

	for _, bc := range []struct {
		name string
		ctx  context.Context
		path string
	}{
		{"inline/no-deadline", context.Background(), "/inline/42"},
		{"inline/deadline", withDeadline, "/inline/42"},
		{"inline-ctx/deadline", withDeadline, "/inline-ctx/42"},
		{"goroutine/deadline", withDeadline, "/goroutine/42"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := event(bc.path)
			b.ReportAllocs()
			for b.Loop() {
				resp, _ := app.Resolve(bc.ctx, e)
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
