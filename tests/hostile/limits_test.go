package hostile_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

// TestLimitBoundaries sets each limit to a small value and sends requests
// at the limit and one past it through Resolve, Invoke and ServeHTTP of
// every source.
func TestLimitBoundaries(t *testing.T) {
	opts := []router.Option{
		router.WithMaxBodyBytes(16),
		router.WithMaxHeaders(3),
		router.WithMaxQueryValues(2),
		router.WithMaxPathSegments(3),
		router.WithLogger(discardLogger()),
	}
	cases := []struct {
		name   string
		req    request
		status int
	}{
		{"body at limit", post("/any", `{"a":"12345678"}`), 200},
		{"body over limit", post("/any", `{"a":"123456789"}`), 413},
		{"headers at limit", request{method: "GET", path: "/", header: manyHeaders(3)}, 200},
		{"headers over limit", request{method: "GET", path: "/", header: manyHeaders(4)}, 431},
		{"repeated header over limit", request{method: "GET", path: "/",
			header: http.Header{"X-Repeat": {"1", "2", "3", "4"}}}, 431},
		{"query at limit", request{method: "GET", path: "/", query: "a=1&a=2"}, 200},
		{"query over limit", request{method: "GET", path: "/", query: "a=1&a=2&b=3"}, 414},
		{"path at limit", get("/files/a/b"), 200},
		{"path over limit", get("/files/a/b/c"), 414},
	}
	for _, tg := range sources(opts...) {
		for _, c := range cases {
			// Single-value sources join a repeated header into one value.
			if c.name == "repeated header over limit" && joinsHeaders(tg.name) {
				continue
			}
			ctx := context.Background()
			t.Run(tg.name+"/"+c.name, func(t *testing.T) {
				for _, e := range []entry{viaResolve, viaInvoke, viaServeHTTP} {
					var a response
					var err error
					switch e {
					case viaResolve:
						a, err = tg.resolve(ctx, tg.payload(c.req))
					case viaInvoke:
						a, err = tg.invoke(ctx, tg.payload(c.req))
					default:
						a, err = tg.serve(ctx, c.req)
					}
					if err != nil {
						t.Fatalf("%s failed: %v", e, err)
					}
					if a.status != c.status {
						t.Errorf("%s: status %d, want %d (body %s)", e, a.status, c.status, a.body)
					}
				}
			})
		}
	}
}

// joinsHeaders reports whether a source's events carry one string per
// header, so that repeated headers arrive as one comma-joined value.
func joinsHeaders(source string) bool {
	switch source {
	case "HTTP API", "function URL", "VPC Lattice":
		return true
	}
	return false
}

// TestLimitsCanBeRemoved checks that n <= 0 turns each new limit off.
func TestLimitsCanBeRemoved(t *testing.T) {
	tg := newTarget("HTTP API", "API Gateway HTTP API", router.NewAPIGatewayHTTPResolver, httpEvent,
		router.WithMaxHeaders(0), router.WithMaxQueryValues(-1), router.WithMaxPathSegments(0))
	req := request{method: "GET", path: "/files" + strings.Repeat("/a", 300),
		query: manyQueryValues(3000), header: manyHeaders(2000)}
	a, err := tg.serve(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if a.status != http.StatusOK {
		t.Errorf("status %d, want 200 with every limit removed (body %.200s)", a.status, a.body)
	}
}

// TestLimitAnswersPassCORSAndHandlers checks that a limit's response is an
// ordinary *router.HTTPError: CORS headers are added, and an exception
// handler can replace it.
func TestLimitAnswersPassCORSAndHandlers(t *testing.T) {
	app := router.NewAPIGatewayHTTPResolver(router.WithMaxHeaders(2),
		router.WithCORS(router.CORSConfig{AllowOrigin: "https://app.example"}))
	app.Get("/", func() string { return "root" })
	app.Get("/custom", func() string { return "custom" })
	app.HandleError(func(req *router.Request, e *router.HTTPError) (*router.Response, error) {
		if req.Path == "/custom" && e.Status == http.StatusRequestHeaderFieldsTooLarge {
			return router.Text(e.Status, "custom response"), nil
		}
		return nil, e
	})
	tg := &target{handler: app}

	header := http.Header{"Origin": {"https://app.example"}, "X-A": {"1"}, "X-B": {"2"}}
	a, err := tg.serve(context.Background(), request{method: "GET", path: "/", header: header})
	if err != nil {
		t.Fatal(err)
	}
	if a.status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status %d, want 431", a.status)
	}
	if got := a.header.Get("Access-Control-Allow-Origin"); got != "https://app.example" {
		t.Errorf("Access-Control-Allow-Origin = %q on the 431, want the allowed origin", got)
	}
	a, err = tg.serve(context.Background(), request{method: "GET", path: "/custom", header: header})
	if err != nil {
		t.Fatal(err)
	}
	if a.body != "custom response" {
		t.Errorf("body %q, want the exception handler's response", a.body)
	}
}

// TestReaderResultOverLimit checks that a handler's io.Reader result is
// sent whole up to WithMaxBodyBytes and fails with a 500 past it, instead
// of being cut short under a 200.
func TestReaderResultOverLimit(t *testing.T) {
	const limit = 64
	app := router.NewAPIGatewayHTTPResolver(router.WithMaxBodyBytes(limit), router.WithLogger(discardLogger()))
	app.Get("/bytes/<n>", func(n int) io.Reader { return strings.NewReader(strings.Repeat("x", n)) })
	tg := &target{handler: app}
	for _, n := range []int{limit, limit + 1, 10 * limit} {
		a, err := tg.serve(context.Background(), get(fmt.Sprintf("/bytes/%d", n)))
		if err != nil {
			t.Fatal(err)
		}
		wantStatus, wantLen := http.StatusOK, n
		if n > limit {
			wantStatus, wantLen = http.StatusInternalServerError, len(`{"statusCode":500,"message":"Internal Server Error"}`)
		}
		if a.status != wantStatus || len(a.body) != wantLen {
			t.Errorf("reader of %d bytes: status %d with %d body bytes, want %d with %d",
				n, a.status, len(a.body), wantStatus, wantLen)
		}
	}
}
