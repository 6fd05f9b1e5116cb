package hostile_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// recordingHandler is a slog.Handler that keeps each record's message and
// attributes, so that tests can check what the router logged.
type recordingHandler struct {
	mu      sync.Mutex
	records []string
}

func (h *recordingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordingHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, b.String())
	return nil
}

func (h *recordingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recordingHandler) WithGroup(string) slog.Handler      { return h }

func (h *recordingHandler) joined() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.records, "\n")
}

// TestPanicsKeepServing panics in many concurrent requests and then checks
// that the same app still responses normally, on the sync and async paths.
func TestPanicsKeepServing(t *testing.T) {
	app := router.NewAPIGatewayHTTPResolver(router.WithLogger(discardLogger()))
	app.Get("/panic", func() string { panic("sync panic") })
	app.Get("/panic-async", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { panic("async panic") })
	})
	app.Get("/ok", func() string { return "ok" })

	event := func(path string) events.APIGatewayV2HTTPRequest {
		e := events.APIGatewayV2HTTPRequest{RawPath: path}
		e.RequestContext.HTTP.Method = "GET"
		return e
	}
	ctx := context.Background()
	var futures []asyncbridge.Future[events.APIGatewayV2HTTPResponse]
	for i := range 200 {
		path := "/panic"
		if i%2 == 1 {
			path = "/panic-async"
		}
		futures = append(futures, app.ResolveAsync(ctx, event(path)))
	}
	for i, f := range futures {
		resp, err := f.Await(ctx)
		if err != nil {
			t.Fatalf("request %d: ResolveAsync failed: %v", i, err)
		}
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("request %d: status %d, want 500", i, resp.StatusCode)
		}
	}
	resp, _ := app.Resolve(ctx, event("/ok"))
	if resp.StatusCode != http.StatusOK || resp.Body != "ok" {
		t.Errorf("after 200 panics: status %d body %q, want 200 ok", resp.StatusCode, resp.Body)
	}
}

// TestPanicDetailsOnlyInDebugMode checks that a panic's value and stack
// reach the client in debug mode only, and reach the log in both modes.
func TestPanicDetailsOnlyInDebugMode(t *testing.T) {
	for _, debug := range []bool{false, true} {
		logs := &recordingHandler{}
		app := router.NewAPIGatewayRestResolver(router.WithDebug(debug), router.WithLogger(slog.New(logs)))
		app.Get("/panic", func() string { panic("secret detail") })

		resp, _ := app.Resolve(context.Background(), events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/panic"})
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("debug %v: status %d, want 500", debug, resp.StatusCode)
		}
		leaked := strings.Contains(resp.Body, "secret detail")
		if leaked != debug {
			t.Errorf("debug %v: panic value in body = %v, want %v (body %.300q)", debug, leaked, debug, resp.Body)
		}
		if hasStack := strings.Contains(resp.Body, "goroutine "); hasStack != debug {
			t.Errorf("debug %v: stack trace in body = %v, want %v", debug, hasStack, debug)
		}
		if !debug && resp.Body != `{"statusCode":500,"message":"Internal Server Error"}` {
			t.Errorf("debug off: body %q, want the generic 500 body", resp.Body)
		}
		if !strings.Contains(logs.joined(), "secret detail") {
			t.Errorf("debug %v: the panic was not logged; log:\n%s", debug, logs.joined())
		}
	}
}

// handlerProbe records that a handler started and that its context ended.
type handlerProbe struct {
	started   chan struct{}
	cancelled chan struct{}
}

func newProbe() *handlerProbe {
	return &handlerProbe{started: make(chan struct{}), cancelled: make(chan struct{})}
}

// wait blocks like a handler that is stuck on a slow call, until ctx ends.
func (p *handlerProbe) wait(ctx context.Context) (string, error) {
	close(p.started)
	s, err := waitForContext(ctx)
	if err != nil {
		close(p.cancelled)
	}
	return s, err
}

// checkCancelled fails t unless the probed handler saw its context end
// within a second of the response.
func (p *handlerProbe) checkCancelled(t *testing.T) {
	t.Helper()
	select {
	case <-p.cancelled:
	case <-time.After(time.Second):
		t.Error("the handler's context was not cancelled after the 504")
	}
}

// TestDeadlineCutsOffHandlers checks every way a handler can outlive its
// invocation: a Future, a channel and a sync handler under a Lambda
// deadline, through Resolve, ResolveAsync and Invoke, and a Future under an
// HTTP client that gives up. Each must respond 504 near the deadline, cancel
// the handler's context, and leave no goroutine behind.
func TestDeadlineCutsOffHandlers(t *testing.T) {
	const deadline = 300 * time.Millisecond
	const margin = 50 * time.Millisecond

	shapes := []struct {
		name     string
		register func(app *router.APIGatewayRestResolver, p func() *handlerProbe)
	}{
		{"future", func(app *router.APIGatewayRestResolver, p func() *handlerProbe) {
			app.Get("/slow", func(ctx context.Context) asyncbridge.Future[string] {
				probe := p()
				return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) { return probe.wait(ctx) })
			})
		}},
		{"channel", func(app *router.APIGatewayRestResolver, p func() *handlerProbe) {
			app.Get("/slow", func(ctx context.Context) <-chan string {
				probe := p()
				ch := make(chan string, 1)
				go func() {
					s, _ := probe.wait(ctx)
					ch <- s
				}()
				return ch
			})
		}},
		{"sync", func(app *router.APIGatewayRestResolver, p func() *handlerProbe) {
			app.Get("/slow", func(ctx context.Context) (string, error) { return p().wait(ctx) })
		}},
	}
	entries := []struct {
		name string
		call func(ctx context.Context, app *router.APIGatewayRestResolver) (int, error)
	}{
		{"Resolve", func(ctx context.Context, app *router.APIGatewayRestResolver) (int, error) {
			resp, err := app.Resolve(ctx, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/slow"})
			return resp.StatusCode, err
		}},
		{"ResolveAsync", func(ctx context.Context, app *router.APIGatewayRestResolver) (int, error) {
			resp, err := app.ResolveAsync(ctx, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/slow"}).
				Await(context.Background())
			return resp.StatusCode, err
		}},
		{"Invoke", func(ctx context.Context, app *router.APIGatewayRestResolver) (int, error) {
			out, err := app.Invoke(ctx, []byte(`{"httpMethod":"GET","path":"/slow"}`))
			if err != nil {
				return 0, err
			}
			a, err := decodeEnvelope(out)
			return a.status, err
		}},
	}
	for _, shape := range shapes {
		for _, entry := range entries {
			t.Run(shape.name+"/"+entry.name, func(t *testing.T) {
				defer goleak.VerifyNone(t)
				var probe *handlerProbe
				app := router.NewAPIGatewayRestResolver(router.WithDeadlineMargin(margin), router.WithLogger(discardLogger()))
				shape.register(app, func() *handlerProbe {
					probe = newProbe()
					return probe
				})
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()

				start := time.Now()
				status, err := entry.call(ctx, app)
				elapsed := time.Since(start)
				if err != nil {
					t.Fatalf("%s failed: %v", entry.name, err)
				}
				if status != http.StatusGatewayTimeout {
					t.Fatalf("status %d, want 504", status)
				}
				// The response comes when the handler's context ends, the margin
				// before the deadline; TestHandlerDeadlineHasMargin pins that
				// time exactly. The upper bound only allows for a busy machine.
				if elapsed < deadline-margin-20*time.Millisecond || elapsed > deadline+time.Second {
					t.Errorf("responded after %v; want about %v (deadline %v less margin %v)",
						elapsed, deadline-margin, deadline, margin)
				}
				probe.checkCancelled(t)
			})
		}
	}
}

// TestClientDisconnectCancelsHandler serves a slow async route over real
// HTTP with a client that gives up, and checks that the handler's context
// ends and no goroutine stays behind.
func TestClientDisconnectCancelsHandler(t *testing.T) {
	defer goleak.VerifyNone(t)
	probe := newProbe()
	app := router.NewAPIGatewayHTTPResolver(router.WithLogger(discardLogger()))
	app.Get("/slow", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) { return probe.wait(ctx) })
	})
	srv := httptest.NewServer(app)
	defer srv.Close()
	client := &http.Client{Timeout: 200 * time.Millisecond}
	defer client.CloseIdleConnections()

	resp, err := client.Get(srv.URL + "/slow")
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.Fatalf("status %d; want the client to time out first", resp.StatusCode)
	}
	<-probe.started
	probe.checkCancelled(t)
}

// TestHandlerDeadlineHasMargin checks that the context of a sync handler
// and of an async one ends the margin before the invocation's deadline.
func TestHandlerDeadlineHasMargin(t *testing.T) {
	const margin = 100 * time.Millisecond
	var syncDeadline, asyncDeadline time.Time
	app := router.NewAPIGatewayRestResolver(router.WithDeadlineMargin(margin))
	app.Get("/sync", func(ctx context.Context) string {
		syncDeadline, _ = ctx.Deadline()
		return "ok"
	})
	app.Get("/async", func(ctx context.Context) asyncbridge.Future[string] {
		asyncDeadline, _ = ctx.Deadline()
		return asyncbridge.Resolved("ok")
	})
	invocationDeadline := time.Now().Add(time.Minute)
	ctx, cancel := context.WithDeadline(context.Background(), invocationDeadline)
	defer cancel()
	for _, path := range []string{"/sync", "/async"} {
		resp, _ := app.Resolve(ctx, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: path})
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d, want 200", path, resp.StatusCode)
		}
	}
	want := invocationDeadline.Add(-margin)
	if !syncDeadline.Equal(want) {
		t.Errorf("sync handler deadline %v, want %v (invocation deadline less the margin)", syncDeadline, want)
	}
	if !asyncDeadline.Equal(want) {
		t.Errorf("async handler deadline %v, want %v (invocation deadline less the margin)", asyncDeadline, want)
	}
}

// TestHandlerErrorAfterDeadlineIsNotMasked checks that a handler error
// that is not its context's error keeps its own response even when it comes
// after the deadline.
func TestHandlerErrorAfterDeadlineIsNotMasked(t *testing.T) {
	app := router.NewAPIGatewayRestResolver(router.WithDeadlineMargin(time.Millisecond))
	app.Get("/late-error", func(ctx context.Context) error {
		<-ctx.Done()
		return router.BadRequest("the handler's own response")
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	resp, _ := app.Resolve(ctx, events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/late-error"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("status %d, want 400 (body %s)", resp.StatusCode, resp.Body)
	}
}
