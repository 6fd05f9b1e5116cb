package router

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

const zzPayload = `{"version":"2.0","routeKey":"$default","rawPath":"/health","rawQueryString":"","headers":{"accept":"application/json","accept-encoding":"gzip, deflate, br","accept-language":"en-GB,en;q=0.9","content-length":"0","host":"abc123xyz.execute-api.eu-west-1.amazonaws.com","user-agent":"Mozilla/5.0","x-amzn-trace-id":"Root=1-67891233-abcdef012345678912345678","x-forwarded-for":"203.0.113.17","x-forwarded-port":"443","x-forwarded-proto":"https"},"requestContext":{"http":{"method":"GET","path":"/health"},"stage":"$default"}}`

type zzHealth struct {
	Status string `json:"status"`
}

func BenchmarkZZBreakdown(b *testing.B) {
	var e events.APIGatewayV2HTTPRequest
	json.Unmarshal([]byte(zzPayload), &e)
	app := NewAPIGatewayHTTPResolver()
	app.Get("/health", func() zzHealth { return zzHealth{"ok"} })
	ctx := context.Background()
	app.Resolve(ctx, e)
	ad := httpAdapter{}
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			blk := &requestBlock[events.APIGatewayV2HTTPRequest]{event: e}
			ad.decode(&blk.event, &blk.req)
		}
	})
	b.Run("headers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			headerFromSingle(e.Headers)
		}
	})
	b.Run("decode+serve", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			blk := &requestBlock[events.APIGatewayV2HTTPRequest]{event: e}
			ad.decode(&blk.event, &blk.req)
			app.app.serve(ctx, &blk.req)
		}
	})
	b.Run("resolve", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			app.Resolve(ctx, e)
		}
	})
	b.Run("call", func(b *testing.B) {
		b.ReportAllocs()
		plan := app.app.routes[0].def.plan
		for b.Loop() {
			plan.Call(ctx, nil, nil)
		}
	})
	b.Run("marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			marshalJSON(zzHealth{"ok"})
		}
	})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		resp := newJSONResponse(200, []byte(`{"status":"ok"}`))
		for b.Loop() {
			ad.encode(nil, resp)
		}
	})
}
