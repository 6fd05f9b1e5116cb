package conformance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/router"
)

// The cases below replay bug reports filed against Powertools and other
// Lambda routers, each named after its event file under cases/. Each has the
// report's event and setup, then variants that cover the rest of the same
// kind of fault.

// hello is the handler of the trailing-slash cases.
func hello() map[string]string { return map[string]string{"message": "hello"} }

// studyRoutes registers /studies/<studyid> and its static sibling
// /studies/fetch, the parameter route first unless staticFirst is set.
func studyRoutes(staticFirst bool) func(*router.Router, *recorder) {
	return func(r *router.Router, _ *recorder) {
		study := func(id string) string { return "get_study:" + id }
		fetch := func() string { return "fetch_studies" }
		if staticFirst {
			r.Get("/studies/fetch", fetch)
		}
		r.Get("/studies/<studyid>", study)
		if !staticFirst {
			r.Get("/studies/fetch", fetch)
		}
	}
}

// apiRouters mounts a root route under "/api" and a users route under
// "/api/". Each handler also returns the route template it matched, so that
// a case can check that no template contains "//".
func apiRouters(r *router.Router, _ *recorder) {
	root := router.NewRouter()
	root.Get("/", func(req *router.Request) map[string]any {
		return map[string]any{"root": true, "route": req.Route}
	})
	r.Include(root, "/api")
	users := router.NewRouter()
	users.Get("/users", func(req *router.Request) map[string]any {
		return map[string]any{"users": []string{}, "route": req.Route}
	})
	r.Include(users, "/api/")
}

// petRoutes registers /pets/<name> and /pets/<name>/vets.
func petRoutes(r *router.Router, _ *recorder) {
	r.Get("/pets/<name>", echo("name"))
	r.Get("/pets/<name>/vets", func(name string) map[string]any {
		return map[string]any{"name": name, "vets": []string{}}
	})
}

// item is the JSON body of POST /items.
type item struct {
	Name string `json:"name"`
	Qty  int    `json:"qty"`
}

// itemRoute registers POST /items, which returns the bound body.
func itemRoute(r *router.Router, _ *recorder) {
	r.Post("/items", func(it item) item { return it })
}

// itemEdits turn a sample event into POST /items with a base64-encoded
// JSON body.
func itemEdits(body string) []edit {
	return []edit{withPath("/items"), withMethod("POST"), withHeader("Content-Type", "application/json"),
		withBody(body, true)}
}

// itemBase64 is base64 of {"name":"widget","qty":3}.
const itemBase64 = "eyJuYW1lIjoid2lkZ2V0IiwicXR5IjozfQ=="

// pdf is a small PDF body and pdfBase64 its standard base64 form.
const (
	pdf       = "%PDF-1.4\n%sample\n"
	pdfBase64 = "JVBERi0xLjQKJXNhbXBsZQo="
)

// binaryCase checks that a *router.Response with contentType and the PDF
// bytes goes out base64-encoded, whatever the binary type.
func binaryCase(contentType string) tcase {
	return tcase{
		name:    "B08/" + contentType,
		sources: []*source{httpAPI},
		event:   "cases/B08.json",
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/report", func() *router.Response {
				return &router.Response{StatusCode: 200, Header: http.Header{"Content-Type": {contentType}}, Body: []byte(pdf)}
			})
		},
		want: want{status: 200, body: pdf, base64: true, header: header{"Content-Type": {contentType}},
			check: rawBodyIs(pdfBase64)},
	}
}

// eventQuery is the query string of GET /events.
type eventQuery struct {
	From time.Time `query:"from"`
	Tag  []string  `query:"tag"`
}

func eventsRoute(r *router.Router, _ *recorder) {
	r.Get("/events", func(q eventQuery) map[string]any { return map[string]any{"from": q.From, "tags": q.Tag} })
}

// echoQuery registers GET /my/path, which returns {"q": <query q>}.
func echoQuery(r *router.Router, _ *recorder) {
	r.Get("/my/path", func(q struct {
		Q string `query:"q"`
	}) map[string]string {
		return map[string]string{"q": q.Q}
	})
}

// sessionCookies are the cookies of GET /me.
type sessionCookies struct {
	Session string `cookie:"session"`
	Theme   string `cookie:"theme"`
}

// meRoute registers GET path, which returns the session cookies and
// records how many cookies the request has.
func meRoute(path string) func(*router.Router, *recorder) {
	return func(r *router.Router, rec *recorder) {
		r.Get(path, func(req *router.Request, c sessionCookies) map[string]string {
			rec.add(fmt.Sprintf("cookies=%d", len(req.Cookies)))
			return map[string]string{"session": c.Session, "theme": c.Theme}
		})
	}
}

// todosPreflight registers POST /todos, the only route of its app.
func todosPreflight(r *router.Router, rec *recorder) {
	r.Post("/todos", recordedHandler(rec))
}

// itemsWithCatchAll registers POST /items and a catch-all exception
// handler that records each call.
func itemsWithCatchAll(r *router.Router, rec *recorder) {
	r.Post("/items", recordedHandler(rec))
	r.HandleError(func(*router.Request, error) (*router.Response, error) {
		rec.add("catch-all")
		return router.JSON(500, map[string]string{"error": "internal"}), nil
	})
}

// requestID is an app middleware that tags every response.
func requestID(req *router.Request, next router.Next) (*router.Response, error) {
	resp, err := next(req)
	if err != nil {
		return nil, err
	}
	resp.Header.Set("X-Request-Id", "test-1")
	return resp, nil
}

// junkRoutes registers requestID, a custom not-found handler and a route
// at /junk for each of methods.
func junkRoutes(methods ...string) func(*router.Router, *recorder) {
	return func(r *router.Router, rec *recorder) {
		r.Use(requestID)
		r.Get("/listItems", recordedHandler(rec))
		for _, m := range methods {
			r.Route([]string{m}, "/junk", recordedHandler(rec))
		}
		r.NotFound(func() *router.Response { return router.JSON(404, map[string]string{"error": "not found"}) })
	}
}

// seenMessage is a middleware that copies the message of the JSON response
// it gets from next into X-Seen-Message.
func seenMessage(req *router.Request, next router.Next) (*router.Response, error) {
	resp, err := next(req)
	if err != nil {
		return nil, err
	}
	var body struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		return nil, fmt.Errorf("the response body %q is not the expected JSON: %w", resp.Body, err)
	}
	resp.Header.Set("X-Seen-Message", body.Message)
	return resp, nil
}

// upstreamError plays the part of an AWS SDK client error.
type upstreamError struct{ Code string }

func (e *upstreamError) Error() string { return "upstream: " + e.Code }

// upstreamRoute registers GET /items/<id>, which fails with upstreamError,
// and an exception handler for upstreamError that runs handle.
func upstreamRoute(handle func() (*router.Response, error)) func(*router.Router, *recorder) {
	return func(r *router.Router, _ *recorder) {
		r.Get("/items/<id>", func(string) error { return &upstreamError{Code: "ValidationException"} })
		r.HandleError(func(*router.Request, *upstreamError) (*router.Response, error) { return handle() })
	}
}

// bugCases are the bug reports and their variants.
var bugCases = []tcase{
	// B01: a trailing slash on a REST request matches the route without it.
	{
		name:  "B01",
		event: "cases/B01.json",
		setup: func(r *router.Router, _ *recorder) { r.Get("/hello", hello) },
		want:  want{status: 200, body: `{"message":"hello"}`, header: jsonHeader},
	},
	{
		name:  "B01/slash-in-route",
		event: "cases/B01.json",
		edits: []edit{withPath("/hello")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/hello/", hello) },
		want:  want{status: 200, body: `{"message":"hello"}`, header: jsonHeader},
	},
	{
		name:  "B01/root",
		event: "cases/B01.json",
		edits: []edit{withPath("/")},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/", constant(map[string]bool{"root": true}))
			r.Get("/hello", hello)
		},
		want: want{status: 200, body: `{"root":true}`, header: jsonHeader},
	},
	{
		// Trailing slashes are dropped, however many, as Powertools' REST
		// pattern "^/*$" does for the root.
		name:  "B01/root-double-slash",
		event: "cases/B01.json",
		edits: []edit{withPath("//")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/", constant(map[string]bool{"root": true})) },
		want:  want{status: 200, body: `{"root":true}`, header: jsonHeader},
	},
	{
		name:  "B01/root-is-not-prefix",
		event: "cases/B01.json",
		setup: func(r *router.Router, _ *recorder) { r.Get("/", constant(map[string]bool{"root": true})) },
		want:  want{status: 404, body: notFoundBody, header: jsonHeader},
	},

	// B03: a static route beats a parameter route, whatever the order.
	{
		name:  "B03",
		event: "cases/B03.json",
		setup: studyRoutes(false),
		want:  want{status: 200, body: "fetch_studies", header: textHeader},
	},
	{
		name:  "B03/param",
		event: "cases/B03.json",
		edits: []edit{withPath("/studies/42")},
		setup: studyRoutes(false),
		want:  want{status: 200, body: "get_study:42", header: textHeader},
	},
	{
		name:  "B03/static-first",
		event: "cases/B03.json",
		setup: studyRoutes(true),
		want:  want{status: 200, body: "fetch_studies", header: textHeader},
	},
	{
		name:  "B03/static-first-param",
		event: "cases/B03.json",
		edits: []edit{withPath("/studies/42")},
		setup: studyRoutes(true),
		want:  want{status: 200, body: "get_study:42", header: textHeader},
	},

	// B04: a sub-router prefix and a route are joined with one slash.
	{
		name:  "B04",
		event: "cases/B04.json",
		setup: apiRouters,
		want:  want{status: 200, body: `{"root":true,"route":"/api"}`, header: jsonHeader},
	},
	{
		name:  "B04/no-slash",
		event: "cases/B04.json",
		edits: []edit{withPath("/api")},
		setup: apiRouters,
		want:  want{status: 200, body: `{"root":true,"route":"/api"}`, header: jsonHeader},
	},
	{
		name:  "B04/prefix-with-slash",
		event: "cases/B04.json",
		edits: []edit{withPath("/api/users")},
		setup: apiRouters,
		want:  want{status: 200, body: `{"users":[],"route":"/api/users"}`, header: jsonHeader},
	},

	// B05: HTTP API delivers rawPath decoded; REST keeps it encoded. Each
	// source's path is decoded exactly once.
	{
		name:    "B05",
		sources: []*source{httpAPI},
		event:   "cases/B05.json",
		setup:   petRoutes,
		want:    want{status: 200, body: `{"name":"Blue Sky"}`, header: jsonHeader},
	},
	{
		name:    "B05/nested",
		sources: []*source{httpAPI},
		event:   "cases/B05.json",
		edits:   []edit{withPath("/pets/Blue Sky/vets")},
		setup:   petRoutes,
		want:    want{status: 200, body: `{"name":"Blue Sky","vets":[]}`, header: jsonHeader},
	},
	{
		name:    "B05/encoded-sources",
		sources: []*source{rest, albSingle, albMulti, functionURL, lattice, latticeV2},
		edits:   []edit{withPath("/pets/Blue%20Sky")},
		setup:   petRoutes,
		want:    want{status: 200, body: `{"name":"Blue Sky"}`, header: jsonHeader},
	},
	{
		// HTTP API has decoded the path already, so "%20" in rawPath is
		// what the client sent as "%2520", and stays as it is.
		name:    "B05/no-second-decode",
		sources: []*source{httpAPI},
		event:   "cases/B05.json",
		edits:   []edit{withPath("/pets/100%20")},
		setup:   petRoutes,
		want:    want{status: 200, body: `{"name":"100%20"}`, header: jsonHeader},
	},

	// B06: REST paths are percent-decoded once, as net/http decodes them.
	{
		name:  "B06",
		event: "cases/B06.json",
		setup: func(r *router.Router, _ *recorder) { r.Get("/users/<id>", echo("id")) },
		want:  want{status: 200, body: `{"id":"foo@bar"}`, header: jsonHeader},
	},
	{
		name:  "B06/decoded-once",
		event: "cases/B06.json",
		edits: []edit{withPath("/users/100%2525")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/users/<id>", echo("id")) },
		want:  want{status: 200, body: `{"id":"100%25"}`, header: jsonHeader},
	},
	{
		// The path is split into segments before decoding, so an encoded
		// slash stays inside one parameter value.
		name:  "B06/encoded-slash",
		event: "cases/B06.json",
		edits: []edit{withPath("/users/a%2Fb")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/users/<id>", echo("id")) },
		want:  want{status: 200, body: `{"id":"a/b"}`, header: jsonHeader},
	},

	// B07: a base64-flagged body is decoded before binding.
	{
		name:  "B07",
		event: "cases/B07.json",
		setup: itemRoute,
		want:  want{status: 200, body: `{"name":"widget","qty":3}`, header: jsonHeader},
	},
	{
		name:    "B07/sources",
		sources: allSources,
		edits:   itemEdits(itemBase64),
		setup:   itemRoute,
		want:    want{status: 200, body: `{"name":"widget","qty":3}`, header: jsonHeader},
	},
	{
		name:    "B07/invalid-base64",
		sources: allSources,
		edits:   itemEdits("not base64!"),
		setup:   itemRoute,
		want: want{status: 400, header: jsonHeader, body: `{"statusCode":400,"message":"request body is not valid base64: ` +
			`illegal base64 data at input byte 3; the event has isBase64Encoded set, so the body must be standard base64"}`},
	},

	// B08: binary bodies are base64-encoded once, whatever their type.
	// A handler cannot return a finished API Gateway response, so the
	// report's second route has no counterpart here.
	binaryCase("application/pdf"),
	binaryCase("application/zip"),
	binaryCase("application/octet-stream"),
	binaryCase("font/woff2"),
	{
		name:    "B08/bytes-result",
		sources: []*source{httpAPI},
		event:   "cases/B08.json",
		setup:   func(r *router.Router, _ *recorder) { r.Get("/report", func() []byte { return []byte(pdf) }) },
		want: want{status: 200, body: pdf, base64: true, header: header{"Content-Type": {"application/octet-stream"}},
			check: rawBodyIs(pdfBase64)},
	},

	// B10: ALB query values arrive encoded and are decoded once; API
	// Gateway's arrive decoded and are not decoded again.
	{
		name:    "B10",
		sources: []*source{albMulti},
		event:   "cases/B10.json",
		opts:    []router.Option{router.WithValidation()},
		setup:   eventsRoute,
		want:    want{status: 200, body: `{"from":"2022-09-20T04:11:02Z","tags":["a b","c"]}`, header: jsonHeader},
	},
	{
		name:    "B10/single-value",
		sources: []*source{albSingle},
		event:   "cases/B10.json",
		edits: []edit{
			withField("multiValueQueryStringParameters", nil),
			withField("multiValueHeaders", nil),
			withField("queryStringParameters", map[string]any{"from": "2022-09-20T04%3A11%3A02Z", "tag": "a%20b"}),
			withField("headers", map[string]any{"accept": "*/*"}),
		},
		opts:  []router.Option{router.WithValidation()},
		setup: eventsRoute,
		want:  want{status: 200, body: `{"from":"2022-09-20T04:11:02Z","tags":["a b"]}`, header: jsonHeader},
	},
	{
		name: "B10/rest-decoded",
		edits: []edit{
			withField("queryStringParameters", map[string]any{"q": "100%"}),
			withField("multiValueQueryStringParameters", map[string]any{"q": []any{"100%"}}),
		},
		setup: echoQuery,
		want:  want{status: 200, body: `{"q":"100%"}`, header: jsonHeader},
	},
	{
		name:    "B10/http-raw-query",
		sources: []*source{httpAPI},
		edits: []edit{
			withField("rawQueryString", "q=100%25"),
			withField("queryStringParameters", map[string]any{"q": "100%"}),
		},
		setup: echoQuery,
		want:  want{status: 200, body: `{"q":"100%"}`, header: jsonHeader},
	},

	// B11: payload 2.0 cookies come from the cookies list, each once.
	{
		name:    "B11",
		sources: []*source{httpAPI},
		event:   "cases/B11.json",
		setup:   meRoute("/me"),
		trace:   []string{"cookies=2"},
		want:    want{status: 200, body: `{"session":"abc123","theme":"dark"}`, header: jsonHeader},
	},
	{
		name:    "B11/url-both",
		sources: []*source{functionURL},
		edits: []edit{
			withField("cookies", []any{"session=abc123", "theme=dark"}),
			withHeader("cookie", "session=abc123; theme=dark"),
		},
		setup: meRoute("/"),
		trace: []string{"cookies=2"},
		want:  want{status: 200, body: `{"session":"abc123","theme":"dark"}`, header: jsonHeader},
	},
	{
		name:    "B11/cookie-header",
		sources: []*source{rest, albSingle, albMulti, lattice, latticeV2},
		edits:   []edit{withPath("/me"), withHeader("Cookie", "session=abc123; theme=dark")},
		setup:   meRoute("/me"),
		trace:   []string{"cookies=2"},
		want:    want{status: 200, body: `{"session":"abc123","theme":"dark"}`, header: jsonHeader},
	},

	// B14: null header maps and a compressed route.
	{
		name:  "B14",
		event: "cases/B14.json",
		setup: func(r *router.Router, _ *recorder) {
			r.Post("/query/execute", constant(map[string]string{"message": "OK"}), router.Compress())
		},
		want: want{status: 200, body: `{"message":"OK"}`, header: jsonHeader},
	},
	{
		name:  "B14/all-null",
		event: "cases/B14.json",
		edits: []edit{withField("body", nil), withField("requestContext", nil), withField("stageVariables", nil)},
		setup: func(r *router.Router, _ *recorder) {
			r.Post("/query/execute", constant(map[string]string{"message": "OK"}), router.Compress())
		},
		want: want{status: 200, body: `{"message":"OK"}`, header: jsonHeader},
	},

	// B15: a preflight needs no Access-Control-Request-Headers.
	{
		name:  "B15",
		event: "cases/B15.json",
		opts:  []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: todosPreflight,
		trace: []string{},
		want:  want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "OPTIONS,POST")},
	},
	{
		name:  "B15/request-headers",
		event: "cases/B15.json",
		edits: []edit{withHeader("Access-Control-Request-Headers", "content-type")},
		opts:  []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: todosPreflight,
		trace: []string{},
		want:  want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "OPTIONS,POST")},
	},
	{
		name:    "B15/sources",
		sources: allSources,
		edits: []edit{withPath("/todos"), withMethod("OPTIONS"), withHeader("Origin", "https://app.example.com"),
			withHeader("Access-Control-Request-Method", "POST")},
		opts:  []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: todosPreflight,
		trace: []string{},
		want:  want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "OPTIONS,POST")},
	},

	// B17: a catch-all exception handler does not see preflights.
	{
		name:    "B17",
		sources: []*source{httpAPI},
		event:   "cases/B17.json",
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   itemsWithCatchAll,
		trace:   []string{},
		want:    want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "OPTIONS,POST")},
	},
	{
		// The not-found handler builds the response for a miss, which is
		// never raised as an error. So a catch-all exception handler does
		// not turn it into a 500, and NotFound is how an app changes the 404.
		name:    "B17/miss",
		sources: []*source{httpAPI},
		event:   "cases/B17.json",
		edits:   []edit{withPath("/nope"), withMethod("GET")},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   itemsWithCatchAll,
		trace:   []string{},
		want:    want{status: 404, body: notFoundBody, header: with(corsOn, "Content-Type", "application/json")},
	},

	// B26: app middlewares run for 404 and 405 responses too.
	{
		name:    "B26",
		sources: []*source{albSingle},
		event:   "cases/B26.json",
		setup:   junkRoutes(),
		trace:   []string{},
		want:    want{status: 404, body: `{"error":"not found"}`, header: with(jsonHeader, "X-Request-Id", "test-1")},
	},
	{
		name:    "B26/sources",
		sources: allSources,
		edits:   []edit{withPath("/junk")},
		setup:   junkRoutes(),
		trace:   []string{},
		want:    want{status: 404, body: `{"error":"not found"}`, header: with(jsonHeader, "X-Request-Id", "test-1")},
	},
	{
		name:    "B26/405",
		sources: allSources,
		edits:   []edit{withPath("/junk")},
		opts:    []router.Option{router.WithMethodNotAllowed()},
		setup:   junkRoutes("POST", "DELETE"),
		trace:   []string{},
		want: want{status: 405, body: `{"statusCode":405,"message":"Method Not Allowed"}`,
			header: with(jsonHeader, "X-Request-Id", "test-1", "Allow", "DELETE, POST")},
	},

	{
		// A response built by hand may have no Header map; a middleware can
		// still set headers on it.
		name:    "B26/bare-response",
		sources: allSources,
		edits:   []edit{withPath("/junk")},
		setup: func(r *router.Router, _ *recorder) {
			r.Use(requestID)
			r.NotFound(func() *router.Response { return &router.Response{StatusCode: 404} })
		},
		want: want{status: 404, header: header{"X-Request-Id": {"test-1"}}},
	},

	// B27: an outer middleware gets the response an inner one returned
	// without calling next.
	{
		name:    "B27",
		sources: []*source{functionURL},
		event:   "cases/B27.json",
		setup: func(r *router.Router, rec *recorder) {
			inner := func(*router.Request, router.Next) (*router.Response, error) {
				return router.JSON(200, map[string]string{"message": "from middleware"}), nil
			}
			r.Get("/test", func() map[string]string {
				rec.add("handler")
				return map[string]string{"message": "from handler"}
			}, router.WithMiddlewares(seenMessage, inner))
		},
		trace: []string{},
		want: want{status: 200, body: `{"message":"from middleware"}`,
			header: with(jsonHeader, "X-Seen-Message", "from middleware")},
	},
	{
		// The Go chain has no shared response object that an inner
		// middleware could fail to update: each step returns its response,
		// so an app middleware gets a route middleware's response as well.
		name:    "B27/app-level",
		sources: allSources,
		edits:   []edit{withPath("/test")},
		setup: func(r *router.Router, rec *recorder) {
			inner := func(*router.Request, router.Next) (*router.Response, error) {
				return router.JSON(200, map[string]string{"message": "from middleware"}), nil
			}
			r.Use(seenMessage)
			r.Get("/test", recordedHandler(rec), router.WithMiddlewares(inner))
		},
		trace: []string{},
		want: want{status: 200, body: `{"message":"from middleware"}`,
			header: with(jsonHeader, "X-Seen-Message", "from middleware")},
	},

	{
		name:    "B27/bare-response",
		sources: allSources,
		edits:   []edit{withPath("/test")},
		setup: func(r *router.Router, rec *recorder) {
			inner := func(*router.Request, router.Next) (*router.Response, error) {
				return &router.Response{StatusCode: 204}, nil
			}
			r.Get("/test", recordedHandler(rec), router.WithMiddlewares(requestID, inner))
		},
		trace: []string{},
		want:  want{status: 204, header: header{"X-Request-Id": {"test-1"}}},
	},

	// B29: an HTTP error returned by an exception handler becomes its response.
	{
		name:    "B29",
		sources: []*source{httpAPI},
		event:   "cases/B29.json",
		setup:   upstreamRoute(func() (*router.Response, error) { return nil, router.BadRequest("Bad Request") }),
		want:    want{status: 400, body: `{"statusCode":400,"message":"Bad Request"}`, header: jsonHeader},
	},
	{
		name:    "B29/handler-panics",
		sources: []*source{httpAPI},
		event:   "cases/B29.json",
		setup:   upstreamRoute(func() (*router.Response, error) { panic("exception handler failed") }),
		want:    want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
}

// TestB06ServeHTTP checks that a REST event and the local http.Handler bind
// the same value from the same encoded path.
func TestB06ServeHTTP(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/users/foo%40bar", `{"id":"foo@bar"}`},
		{"/users/100%2525", `{"id":"100%25"}`},
		{"/users/a%2Fb", `{"id":"a/b"}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			app := router.NewAPIGatewayRestResolver()
			app.Get("/users/<id>", echo("id"))

			var event events.APIGatewayProxyRequest
			if err := json.Unmarshal(readShared(t, "cases/B06.json"), &event); err != nil {
				t.Fatalf("parsing the event: %v", err)
			}
			event.Path = tt.path
			fromEvent, err := app.Resolve(context.Background(), event)
			if err != nil {
				t.Fatalf("Resolve returned error %v", err)
			}

			w := httptest.NewRecorder()
			app.ServeHTTP(w, httptest.NewRequest(http.MethodGet, tt.path, nil))
			if w.Code != fromEvent.StatusCode || w.Body.String() != fromEvent.Body {
				t.Errorf("ServeHTTP gave %d %q, Resolve gave %d %q", w.Code, w.Body, fromEvent.StatusCode, fromEvent.Body)
			}
			if fromEvent.Body != tt.want {
				t.Errorf("body = %q, want %q", fromEvent.Body, tt.want)
			}
		})
	}
}
