package tracing_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
	"github.com/lambdaroute/lambdaroute/tracing"
)

// discardExporter drops every span, so that a benchmark measures the
// instrumentation and the SDK but no export.
type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }

// benchmarkApp returns a resolver with a sync route and an async route that
// fans out like the dashboard, but without waiting.
func benchmarkApp(opts ...router.Option) *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver(opts...)
	app.Get("/users/<id>", func(id string) string { return id })
	app.Get("/fanout/<id>", func(ctx context.Context, id string) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
			first := asyncbridge.Go(ctx, func(context.Context) (string, error) { return id, nil })
			second := asyncbridge.Go(ctx, func(context.Context) (string, error) { return id, nil })
			if err := asyncbridge.Gather(ctx, first, second); err != nil {
				return "", err
			}
			return first.Value() + second.Value(), nil
		})
	})
	return app
}

// sdkProvider returns an SDK provider that samples everything and exports
// to discardExporter through the batch processor, as a deployed app would.
func sdkProvider(b *testing.B) *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithBatcher(discardExporter{}, sdktrace.WithBlocking()),
	)
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp
}

func runResolve(b *testing.B, app *router.APIGatewayHTTPResolver, path string) {
	var e events.APIGatewayV2HTTPRequest
	e.RawPath = path
	e.RequestContext.HTTP.Method = http.MethodGet
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, _ := app.Resolve(ctx, e)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status = %d, want 200", resp.StatusCode)
		}
	}
}

func BenchmarkSyncUntraced(b *testing.B) {
	runResolve(b, benchmarkApp(), "/users/42")
}

func BenchmarkSyncTracedNoopProvider(b *testing.B) {
	runResolve(b, benchmarkApp(router.WithObserver(tracing.New(noop.NewTracerProvider()))), "/users/42")
}

func BenchmarkSyncTracedSDK(b *testing.B) {
	runResolve(b, benchmarkApp(router.WithObserver(tracing.New(sdkProvider(b)))), "/users/42")
}

func BenchmarkFanOutUntraced(b *testing.B) {
	runResolve(b, benchmarkApp(), "/fanout/42")
}

func BenchmarkFanOutTracedSDK(b *testing.B) {
	runResolve(b, benchmarkApp(router.WithObserver(tracing.New(sdkProvider(b)))), "/fanout/42")
}
