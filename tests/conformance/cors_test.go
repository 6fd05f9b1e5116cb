package conformance_test

import (
	"time"

	"github.com/lambdaroute/lambdaroute/router"
)

// defaultAllowHeaders is Access-Control-Allow-Headers for the default
// CORSConfig: the fixed set, sorted and joined without spaces.
const defaultAllowHeaders = "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key"

// sampleOrigin is the Origin of the REST sample event.
const sampleOrigin = "https://aws.amazon.com"

// corsRoutes registers the routes of the CO-PREFLIGHT app: GET and DELETE
// with CORS, POST without.
func corsRoutes(r *router.Router, _ *recorder) {
	r.Get("/my/path", constant(map[string]string{"method": "GET"}))
	r.Delete("/my/path", constant(map[string]string{"method": "DELETE"}))
	r.Post("/my/path", constant(map[string]string{"method": "POST"}), router.CORS(false))
}

// corsOn is the origin headers of an allowed request under the default
// CORSConfig.
var corsOn = header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Headers": {defaultAllowHeaders}}

// customCORS is the CO-CUSTOM configuration.
var customCORS = router.CORSConfig{
	AllowOrigin:      sampleOrigin,
	ExtraOrigins:     []string{"https://b.example"},
	AllowHeaders:     []string{"X-Custom"},
	ExposeHeaders:    []string{"X-Exp1", "X-Exp2"},
	MaxAge:           300 * time.Second,
	AllowCredentials: true,
}

// corsCases check CORS headers and preflights. Cases that run on every
// source send the REST sample's Origin and use the path /my/path.
var corsCases = []tcase{
	{
		name:    "CO-DEFAULT",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   corsRoutes,
		want:    want{status: 200, body: `{"method":"GET"}`, header: with(corsOn, "Content-Type", "application/json")},
	},
	{
		name:    "CO-PREFLIGHT",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withMethod("OPTIONS"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   corsRoutes,
		want:    want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "DELETE,GET,OPTIONS")},
	},
	{
		name:  "CO-PREFLIGHT-NOORIGIN",
		event: "events/powertools/apiGatewayProxyEventNoOrigin.json",
		edits: []edit{withMethod("OPTIONS")},
		opts:  []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: corsRoutes,
		want:  want{status: 204, header: header{"Access-Control-Allow-Methods": {"DELETE,GET,OPTIONS"}}},
	},
	{
		name:    "CO-ROUTE-OFF",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withMethod("POST"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   corsRoutes,
		want:    want{status: 200, body: `{"method":"POST"}`, header: jsonHeader},
	},
	{
		name:    "CO-404",
		sources: allSources,
		edits:   []edit{withPath("/nope"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   corsRoutes,
		want:    want{status: 404, body: notFoundBody, header: with(corsOn, "Content-Type", "application/json")},
	},
	{
		// Deliberate difference: with specific allowed origins the response
		// depends on Origin, so it carries Vary: Origin.
		name:  "CO-CUSTOM",
		opts:  []router.Option{router.WithCORS(customCORS)},
		setup: corsRoutes,
		want: want{status: 200, body: `{"method":"GET"}`, header: header{
			"Content-Type":                     {"application/json"},
			"Access-Control-Allow-Origin":      {sampleOrigin},
			"Access-Control-Allow-Headers":     {defaultAllowHeaders + ",X-Custom"},
			"Access-Control-Expose-Headers":    {"X-Exp1,X-Exp2"},
			"Access-Control-Max-Age":           {"300"},
			"Access-Control-Allow-Credentials": {"true"},
			"Vary":                             {"Origin"},
		}},
	},
	{
		name:  "CO-DENIED",
		edits: []edit{withHeader("Origin", "https://evil.example")},
		opts:  []router.Option{router.WithCORS(customCORS)},
		setup: corsRoutes,
		want:  want{status: 200, body: `{"method":"GET"}`, header: with(jsonHeader, "Vary", "Origin")},
	},
	{
		name:  "CO-WILDCARD-CRED",
		opts:  []router.Option{router.WithCORS(router.CORSConfig{AllowOrigin: "*", AllowCredentials: true})},
		setup: corsRoutes,
		want:  want{status: 200, body: `{"method":"GET"}`, header: with(corsOn, "Content-Type", "application/json")},
	},
	{
		name:    "CO-EXTRA-V2",
		sources: []*source{httpAPI},
		edits:   []edit{withHeader("origin", "https://b.example")},
		opts: []router.Option{router.WithCORS(router.CORSConfig{
			AllowOrigin: "https://a.example", ExtraOrigins: []string{"https://b.example"},
		})},
		setup: corsRoutes,
		want: want{status: 200, body: `{"method":"GET"}`, header: header{
			"Content-Type":                 {"application/json"},
			"Access-Control-Allow-Origin":  {"https://b.example"},
			"Access-Control-Allow-Headers": {defaultAllowHeaders},
			"Vary":                         {"Origin"},
		}},
	},
	{
		name:    "CO-PREFLIGHT-V2",
		sources: []*source{httpAPI},
		edits:   []edit{withHeader("origin", "https://x.example"), withMethod("OPTIONS")},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   func(r *router.Router, _ *recorder) { r.Get("/my/path", constant("unreachable")) },
		want:    want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "GET,OPTIONS")},
	},
	{
		name:    "CO-ERROR",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{AllowOrigin: sampleOrigin})},
		setup:   onPath(func() error { return router.BadRequest("bad") }),
		want: want{status: 400, body: `{"statusCode":400,"message":"bad"}`, header: header{
			"Content-Type":                 {"application/json"},
			"Access-Control-Allow-Origin":  {sampleOrigin},
			"Access-Control-Allow-Headers": {defaultAllowHeaders},
			"Vary":                         {"Origin"},
		}},
	},
	{
		name:  "CO-CUSTOM-PREFLIGHT",
		edits: []edit{withPath("/some-call"), withMethod("OPTIONS")},
		opts:  []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: func(r *router.Router, _ *recorder) {
			r.Options("/some-call", func() *router.Response {
				resp := &router.Response{StatusCode: 200, Header: map[string][]string{
					"Content-Type":                 {"text/html"},
					"Access-Control-Allow-Methods": {"CUSTOM"},
				}, Body: []byte("Foo")}
				return resp
			})
		},
		want: want{status: 200, body: "Foo", header: with(corsOn,
			"Content-Type", "text/html", "Access-Control-Allow-Methods", "CUSTOM")},
	},
	{
		// A route that turns CORS on in an app without WithCORS gets the
		// default headers, but no automatic preflight, as in Powertools.
		name:  "CO-ROUTE-ON",
		setup: onPath(constant(map[string]bool{"ok": true}), router.CORS(true)),
		want:  want{status: 200, body: `{"ok":true}`, header: with(corsOn, "Content-Type", "application/json")},
	},
	{
		name:  "CO-ROUTE-ON/preflight",
		edits: []edit{withMethod("OPTIONS")},
		setup: onPath(constant(map[string]bool{"ok": true}), router.CORS(true)),
		want:  want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		// The Vary values that CORS and gzip add join the app's own without
		// repeating a token.
		name:  "CO-VARY",
		edits: []edit{withHeader("Accept-Encoding", "gzip")},
		opts:  []router.Option{router.WithCORS(router.CORSConfig{AllowOrigin: sampleOrigin})},
		setup: onPath(func() *router.Response {
			resp := router.Text(200, "hello")
			resp.Header["Vary"] = []string{"origin, Accept-Encoding", "Cookie"}
			return resp
		}, router.Compress()),
		want: want{status: 200, body: "hello", base64: true, header: header{
			"Content-Type":                 {"text/plain; charset=utf-8"},
			"Content-Encoding":             {"gzip"},
			"Vary":                         {"origin, Accept-Encoding", "Cookie"},
			"Access-Control-Allow-Origin":  {sampleOrigin},
			"Access-Control-Allow-Headers": {defaultAllowHeaders},
		}},
	},
	{
		// CORS, Cache-Control and gzip all apply to one response.
		name:    "CO-WITH-CACHE-AND-GZIP",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withHeader("Origin", sampleOrigin), withHeader("Accept-Encoding", "gzip")},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   onPath(constant(map[string]bool{"ok": true}), router.Compress(), router.CacheControl("max-age=60")),
		want: want{status: 200, body: `{"ok":true}`, base64: true, header: with(gzipHeader(corsOn),
			"Content-Type", "application/json", "Cache-Control", "max-age=60")},
	},
}
