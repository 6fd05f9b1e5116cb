package conformance_test

import (
	"math"
	"net/http"

	"github.com/lambdaroute/lambdaroute/router"
)

// decimal is a fixed-point number sent as a JSON string, as Powertools'
// encoder sends a Decimal.
type decimal string

func (d decimal) MarshalJSON() ([]byte, error) { return []byte(`"` + string(d) + `"`), nil }

// encoded is the RS-ENCODER value: a nested struct with a decimal, and a
// second struct standing in for a pydantic model.
type encoded struct {
	D struct {
		A int     `json:"a"`
		B decimal `json:"b"`
	} `json:"d"`
	M struct {
		N string `json:"n"`
	} `json:"m"`
}

// onPath returns a setup that registers handler for GET /my/path with opts.
func onPath(handler any, opts ...router.RouteOption) func(*router.Router, *recorder) {
	return func(r *router.Router, _ *recorder) { r.Get("/my/path", handler, opts...) }
}

// binaryPNG is the start of a PNG file, which is not valid UTF-8.
var binaryPNG = []byte("\x89PNG\r\n")

// responseCases check bodies, headers and cookies. Cases that run on
// every source use the path /my/path.
var responseCases = []tcase{
	{
		name:  "RS-TUPLE",
		setup: onPath(func() *router.Response { return router.JSON(202, []any{1, 2, map[string]float64{"d": 1.5}}) }),
		want:  want{status: 202, body: `[1,2,{"d":1.5}]`, header: jsonHeader},
	},
	{
		name: "RS-JSON-STR",
		setup: onPath(func() *router.Response {
			return &router.Response{StatusCode: 201, Header: http.Header{"Content-Type": {"application/json"}},
				Body: []byte(`{"pre":"serialized"}`)}
		}),
		want: want{status: 201, body: `{"pre":"serialized"}`, header: jsonHeader, check: bodyIs(`{"pre":"serialized"}`)},
	},
	{
		name:  "RS-NONE",
		setup: onPath(func() any { return nil }),
		want:  want{status: 200, body: "null", header: jsonHeader, check: bodyIs("null")},
	},
	{
		// A handler without results has nothing to encode, so the response
		// is a 204. Python functions always return a value.
		name:  "RS-NONE/no-result",
		setup: onPath(func() {}),
		want:  want{status: 204},
	},
	{
		name: "RS-ENCODER",
		setup: onPath(func() encoded {
			var v encoded
			v.D.A, v.D.B, v.M.N = 1, "1.10", "z"
			return v
		}),
		want: want{status: 200, body: `{"d":{"a":1,"b":"1.10"},"m":{"n":"z"}}`, header: jsonHeader},
	},
	{
		// Deliberate difference: Powertools writes a bare NaN, which is not
		// JSON. encoding/json rejects NaN, so the result cannot be encoded
		// and the response is a 500.
		name:  "RS-ENCODER/nan",
		setup: onPath(func() map[string]float64 { return map[string]float64{"nan": math.NaN()} }),
		want:  want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
	{
		// Deliberate difference: a body whose content type is not a text
		// type goes out base64-encoded, because Go bodies are bytes and only
		// the content type marks a body as text. Powertools never encodes a
		// str body.
		name: "RS-CT-OVERRIDE",
		setup: onPath(func() *router.Response {
			return &router.Response{
				StatusCode: 404,
				Header:     http.Header{"Content-Type": {"header-content-type-wins"}, "custom": {"value"}},
				Body:       []byte("Not found"),
			}
		}),
		want: want{
			status: 404,
			body:   "Not found",
			base64: true,
			header: header{"Content-Type": {"header-content-type-wins"}, "custom": {"value"}},
		},
	},
	{
		name:    "RS-BINARY",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup: onPath(func() *router.Response {
			return &router.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"image/png"}}, Body: binaryPNG}
		}),
		want: want{
			status: 200,
			body:   string(binaryPNG),
			base64: true,
			header: header{"Content-Type": {"image/png"}},
			check:  rawBodyIs("iVBORw0K"),
		},
	},
	{
		// An http.Header key without values is Go's form of a None header
		// value: it is left out.
		name:  "RS-NULL-HEADER",
		edits: []edit{withHeader("accept-encoding", "gzip")},
		setup: onPath(func() *router.Response {
			on := true
			resp := router.Text(200, "hello")
			resp.Header["X-None"] = nil
			resp.Header.Set("X-A", "1")
			resp.Compress = &on
			return resp
		}),
		want: want{
			status: 200,
			body:   "hello",
			base64: true,
			header: with(gzipHeader(textHeader), "X-A", "1"),
		},
	},
	{
		name:  "RS-CACHE-200",
		setup: onPath(constant(map[string]int{"x": 1}), router.CacheControl("max-age=600")),
		want:  want{status: 200, body: `{"x":1}`, header: with(jsonHeader, "Cache-Control", "max-age=600")},
	},
	{
		name: "RS-CACHE-NON200",
		setup: onPath(func() *router.Response { return router.JSON(500, map[string]int{"x": 1}) },
			router.CacheControl("max-age=600")),
		want: want{status: 500, body: `{"x":1}`, header: with(jsonHeader, "Cache-Control", "no-cache")},
	},
	{
		// Powertools' Cookie and Go's http.Cookie print the same attributes
		// in the same order.
		name: "RS-COOKIE-FMT",
		setup: onPath(func() *router.Response {
			resp := router.Text(200, "cookies")
			resp.SetCookie(cookie("a", "b"))
			resp.SetCookie(&http.Cookie{
				Name: "sid", Value: "abc", Path: "/", Domain: "example.com", HttpOnly: true, MaxAge: 3600,
				Secure: true, SameSite: http.SameSiteLaxMode, Partitioned: true,
			})
			resp.SetCookie(&http.Cookie{Name: "a", Value: "b", MaxAge: -1})
			return resp
		}),
		want: want{
			status: 200,
			body:   "cookies",
			header: with(textHeader,
				"Set-Cookie", "a=b; Secure",
				"Set-Cookie", "sid=abc; Path=/; Domain=example.com; Max-Age=3600; HttpOnly; Secure; SameSite=Lax; Partitioned",
				"Set-Cookie", "a=b; Max-Age=0"),
		},
	},
	{
		name: "RS-COOKIE-REST",
		setup: onPath(func() *router.Response {
			resp := router.Text(200, "Hello world")
			resp.SetCookie(cookie("CookieMonster", "MonsterCookie"))
			return resp
		}),
		want: want{
			status: 200,
			body:   "Hello world",
			header: with(textHeader, "Set-Cookie", "CookieMonster=MonsterCookie; Secure"),
		},
	},
	{
		// Deliberate difference: a string result is text/plain.
		name:  "RS-STR-WITH-VALIDATION",
		opts:  []router.Option{router.WithValidation()},
		setup: onPath(func() string { return "plain" }),
		want:  want{status: 200, body: "plain", header: textHeader},
	},
}
