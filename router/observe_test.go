package router_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

// observation is what one recordingObserver saw of one request.
type observation struct {
	startRoute string
	endStatus  int
	endRoute   string
}

// observerCtxKey marks the context that a recordingObserver returns, with
// the observer's name as the value.
type observerCtxKey struct{}

// recordingObserver records its calls, in a log shared by several
// observers so that a test can check their order.
type recordingObserver struct {
	name string
	mu   *sync.Mutex
	log  *[]string
	seen []observation
}

func (o *recordingObserver) StartRequest(ctx context.Context, req *router.Request) (context.Context, func(*router.Request, *router.Response)) {
	o.mu.Lock()
	*o.log = append(*o.log, "start "+o.name)
	idx := len(o.seen)
	o.seen = append(o.seen, observation{startRoute: req.Route})
	o.mu.Unlock()
	return context.WithValue(ctx, observerCtxKey{}, o.name), func(req *router.Request, resp *router.Response) {
		o.mu.Lock()
		defer o.mu.Unlock()
		*o.log = append(*o.log, "end "+o.name)
		o.seen[idx].endStatus = resp.StatusCode
		o.seen[idx].endRoute = req.Route
	}
}

func newRecordingObservers(names ...string) ([]*recordingObserver, *[]string) {
	var mu sync.Mutex
	log := &[]string{}
	obs := make([]*recordingObserver, len(names))
	for i, name := range names {
		obs[i] = &recordingObserver{name: name, mu: &mu, log: log}
	}
	return obs, log
}

func TestObserverSeesRouteAndResponse(t *testing.T) {
	obs, _ := newRecordingObservers("only")
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs[0]))
	var handlerSaw string
	app.Get("/users/<id>", func(ctx context.Context, id string) string {
		handlerSaw, _ = ctx.Value(observerCtxKey{}).(string)
		return id
	})

	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/users/42")); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/missing")); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}

	if handlerSaw != "only" {
		t.Errorf("handler context value = %q, want the observer's context", handlerSaw)
	}
	want := []observation{
		{startRoute: "/users/<id>", endStatus: 200, endRoute: "/users/<id>"},
		{startRoute: "", endStatus: 404, endRoute: ""},
	}
	if len(obs[0].seen) != len(want) {
		t.Fatalf("observed %d requests, want %d", len(obs[0].seen), len(want))
	}
	for i, w := range want {
		if obs[0].seen[i] != w {
			t.Errorf("request %d observed %+v, want %+v", i, obs[0].seen[i], w)
		}
	}
}

func TestObserversNestInOrder(t *testing.T) {
	obs, log := newRecordingObservers("first", "second")
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs[0]), router.WithObserver(obs[1], nil))
	var handlerSaw string
	app.Get("/ping", func(ctx context.Context) string {
		handlerSaw, _ = ctx.Value(observerCtxKey{}).(string)
		return "pong"
	})

	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/ping")); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}

	got := strings.Join(*log, ", ")
	if want := "start first, start second, end second, end first"; got != want {
		t.Errorf("call order = %q, want %q", got, want)
	}
	if handlerSaw != "second" {
		t.Errorf("handler context value = %q, want the last observer's context", handlerSaw)
	}
}

func TestObserverSeesRejectedRequests(t *testing.T) {
	obs, _ := newRecordingObservers("only")
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs[0]), router.WithMaxBodyBytes(4))
	app.Post("/echo", func(body map[string]any) map[string]any { return body })

	out, err := app.Invoke(t.Context(), []byte(`not json`))
	if err != nil {
		t.Fatalf("Invoke() error = %v", err)
	}
	if !bytes.Contains(out, []byte(`"statusCode":400`)) {
		t.Fatalf("Invoke() = %s, want a 400 response", out)
	}
	event := httpEvent("POST", "/echo")
	event.Body = `{"too":"long"}`
	resp, _ := app.Resolve(t.Context(), event)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("Resolve() status = %d, want 413", resp.StatusCode)
	}

	if len(obs[0].seen) != 2 {
		t.Fatalf("observed %d requests, want 2", len(obs[0].seen))
	}
	if got := obs[0].seen[0].endStatus; got != http.StatusBadRequest {
		t.Errorf("invalid payload observed status %d, want 400", got)
	}
	if got := obs[0].seen[1].endStatus; got != http.StatusRequestEntityTooLarge {
		t.Errorf("large body observed status %d, want 413", got)
	}
}

// panickyObserver panics in StartRequest or in its end func.
type panickyObserver struct{ inEnd bool }

func (o panickyObserver) StartRequest(ctx context.Context, _ *router.Request) (context.Context, func(*router.Request, *router.Response)) {
	if !o.inEnd {
		panic("start failed")
	}
	return ctx, func(*router.Request, *router.Response) { panic("end failed") }
}

func TestObserverPanicIsLogged(t *testing.T) {
	for _, inEnd := range []bool{false, true} {
		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		app := router.NewAPIGatewayHTTPResolver(router.WithObserver(panickyObserver{inEnd: inEnd}), router.WithLogger(logger))
		app.Get("/ping", func() string { return "pong" })

		resp, err := app.Resolve(t.Context(), httpEvent("GET", "/ping"))
		if err != nil {
			t.Fatalf("inEnd=%v: Resolve() error = %v", inEnd, err)
		}
		if resp.StatusCode != http.StatusOK || resp.Body != "pong" {
			t.Errorf("inEnd=%v: response = %d %q, want 200 pong", inEnd, resp.StatusCode, resp.Body)
		}
		if !strings.Contains(logs.String(), "panicked") {
			t.Errorf("inEnd=%v: log = %q, want a line about the panic", inEnd, logs.String())
		}
	}
}

func TestObserverUnderServeHTTP(t *testing.T) {
	obs, _ := newRecordingObservers("only")
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs[0]))
	app.Get("/ping", func() string { return "pong" })

	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ping", nil))

	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if len(obs[0].seen) != 1 || obs[0].seen[0].endRoute != "/ping" {
		t.Errorf("observed %+v, want one request on /ping", obs[0].seen)
	}
}

// nopObserver does nothing, to measure the cost of the hook itself.
type nopObserver struct{}

func nopEnd(*router.Request, *router.Response) {}

func (nopObserver) StartRequest(ctx context.Context, _ *router.Request) (context.Context, func(*router.Request, *router.Response)) {
	return ctx, nopEnd
}

// benchmarkResolve resolves one GET with a path parameter per iteration.
func benchmarkResolve(b *testing.B, opts ...router.Option) {
	app := router.NewAPIGatewayHTTPResolver(opts...)
	app.Get("/users/<id>", func(id string) string { return id })
	event := httpEvent("GET", "/users/42")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, _ := app.Resolve(ctx, event)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status = %d, want 200", resp.StatusCode)
		}
	}
}

// BenchmarkResolveNoObserver is the baseline for the observer hook.
func BenchmarkResolveNoObserver(b *testing.B) { benchmarkResolve(b) }

// BenchmarkResolveNopObserver adds one observer that does nothing.
func BenchmarkResolveNopObserver(b *testing.B) {
	benchmarkResolve(b, router.WithObserver(nopObserver{}))
}
