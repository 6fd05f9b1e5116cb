package benchmarks

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/lambdaroute/lambdaroute/router"
)

// startupRoutes is the size of the app that BenchmarkStartup builds.
const startupRoutes = 100

// startupHandler is one route of the startup app: its method, path and a
// handler with types of its own.
type startupHandler struct {
	method, path string
	fn           any
}

// startupHandlers returns startupRoutes handlers in four shapes (static,
// path parameter with a query struct, JSON body, async), each with struct
// types made for it by reflect.StructOf. Distinct types matter: a schema
// generator or validator that caches per type would look far cheaper on an
// app that reuses one type everywhere, which real apps do not.
func startupHandlers() []startupHandler {
	var hs []startupHandler
	for i := 0; len(hs) < startupRoutes; i++ {
		suffix := fmt.Sprintf("F%d", i)
		out := reflect.StructOf([]reflect.StructField{
			{Name: "ID", Type: reflect.TypeFor[string](), Tag: `json:"id"`},
			{Name: "Count", Type: reflect.TypeFor[int](), Tag: `json:"count" jsonschema:"minimum=0"`},
			{Name: suffix, Type: reflect.TypeFor[bool](), Tag: reflect.StructTag(fmt.Sprintf(`json:"f%d"`, i))},
		})
		query := reflect.StructOf([]reflect.StructField{
			{Name: "Limit", Type: reflect.TypeFor[int](), Tag: `query:"limit" jsonschema:"default=10,minimum=1,maximum=100"`},
			{Name: suffix, Type: reflect.TypeFor[string](), Tag: reflect.StructTag(fmt.Sprintf(`query:"q%d"`, i))},
		})
		body := reflect.StructOf([]reflect.StructField{
			{Name: "Title", Type: reflect.TypeFor[string](), Tag: `json:"title" jsonschema:"minLength=1,maxLength=200"`},
			{Name: "Done", Type: reflect.TypeFor[bool](), Tag: `json:"done"`},
			{Name: suffix, Type: reflect.TypeFor[[]string](), Tag: reflect.StructTag(fmt.Sprintf(`json:"f%d,omitempty"`, i))},
		})
		prefix := fmt.Sprintf("/r%d", i)
		hs = append(hs,
			startupHandler{"GET", prefix + "/health", makeHandler(nil, out)},
			startupHandler{"GET", prefix + "/users/<id>", makeHandler([]reflect.Type{reflect.TypeFor[string](), query}, out)},
			startupHandler{"POST", prefix + "/todos", makeHandler([]reflect.Type{body}, out)},
			startupHandler{"GET", prefix + "/items/<id>/<part>", makeHandler(
				[]reflect.Type{reflect.TypeFor[context.Context](), reflect.TypeFor[string](), reflect.TypeFor[string]()}, out)},
		)
	}
	return hs[:startupRoutes]
}

// makeHandler returns a func(in...) out that answers with out's zero value.
func makeHandler(in []reflect.Type, out reflect.Type) any {
	ft := reflect.FuncOf(in, []reflect.Type{out}, false)
	return reflect.MakeFunc(ft, func([]reflect.Value) []reflect.Value {
		return []reflect.Value{reflect.New(out).Elem()}
	}).Interface()
}

// buildStartupApp registers the startup app and serves one request, which
// is when the router builds its middleware chains: the work a cold start
// pays before the first answer.
func buildStartupApp(b *testing.B, hs []startupHandler, opts ...router.Option) *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver(opts...)
	for _, h := range hs {
		app.Route([]string{h.method}, h.path, h.fn)
	}
	resp, _ := app.Resolve(invocationContext, mustUnmarshal[events.APIGatewayV2HTTPRequest](v2Payload(benchCases[0])))
	if resp.StatusCode != 404 {
		b.Fatalf("startup app: GET /health got status %d, want 404 because the app has no such route", resp.StatusCode)
	}
	return app
}

// BenchmarkStartup measures building a 100-route app, with and without
// validation, and generating its OpenAPI document.
func BenchmarkStartup(b *testing.B) {
	hs := startupHandlers()
	b.Run("build100", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buildStartupApp(b, hs)
		}
	})
	b.Run("build100_validation", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buildStartupApp(b, hs, router.WithValidation())
		}
	})
	b.Run("openapi100", func(b *testing.B) {
		// OpenAPI is looked up by name so that this file builds before and
		// after the method lands in the router package.
		method := reflect.ValueOf(buildStartupApp(b, hs)).MethodByName("OpenAPI")
		if !method.IsValid() || method.Type().NumIn() != 0 {
			b.Skip("the resolver has no OpenAPI() method yet, so there is no document to generate")
		}
		b.ReportAllocs()
		for b.Loop() {
			// Each iteration builds a new app, because the document may
			// be cached after its first use; only OpenAPI() is timed.
			b.StopTimer()
			app := buildStartupApp(b, hs)
			b.StartTimer()
			reflect.ValueOf(app).MethodByName("OpenAPI").Call(nil)
		}
	})
}
