package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// The tests in this file port the checks of Powertools' resolve_async test
// files to Go. Every table case runs through ResolveAsync(...).Await as
// well as Resolve and Invoke; the tests after the table drive
// ResolveAsync directly where timing matters.

// later returns a Future that settles with v after a short delay, so that
// the router really has to wait for it.
func later[T any](ctx context.Context, v T) asyncbridge.Future[T] {
	return asyncbridge.Go(ctx, func(ctx context.Context) (T, error) {
		select {
		case <-time.After(time.Millisecond):
			return v, nil
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	})
}

// laterErr returns a Future that fails with err after a short delay.
func laterErr[T any](ctx context.Context, err error) asyncbridge.Future[T] {
	return asyncbridge.Go(ctx, func(context.Context) (T, error) {
		time.Sleep(time.Millisecond)
		var zero T
		return zero, err
	})
}

// asyncSources are the sources that Powertools' async tests cover.
var asyncSources = []*source{rest, httpAPI, albSingle, albMulti}

// awaitingMiddleware is the Go form of an async middleware: it runs the
// rest of the chain in a goroutine and awaits it through a Future.
func awaitingMiddleware(rec *recorder) router.Middleware {
	return func(req *router.Request, next router.Next) (*router.Response, error) {
		rec.add("async-before")
		f := asyncbridge.Go(req.Context(), func(context.Context) (*router.Response, error) { return next(req) })
		resp, err := f.Await(req.Context())
		rec.add("async-after")
		return resp, err
	}
}

// asyncCases are the table-driven async checks.
var asyncCases = []tcase{
	{
		name:    "future-response",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[*router.Response] {
			return later(ctx, router.JSON(201, map[string]string{"created": "yes"}))
		}),
		want: want{status: 201, body: `{"created":"yes"}`, header: jsonHeader},
	},
	{
		name:    "future-value",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[map[string]string] {
			return later(ctx, map[string]string{"hello": "async"})
		}),
		want: want{status: 200, body: `{"hello":"async"}`, header: jsonHeader},
	},
	{
		// Powertools' (body, 201) tuple is a route status in Go.
		name:    "future-status",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[map[string]string] {
			return later(ctx, map[string]string{"hello": "async"})
		}, router.Status(201)),
		want: want{status: 201, body: `{"hello":"async"}`, header: jsonHeader},
	},
	{
		name:    "channel",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: onPath(func() <-chan map[string]string {
			ch := make(chan map[string]string, 1)
			go func() { ch <- map[string]string{"from": "channel"} }()
			return ch
		}),
		want: want{status: 200, body: `{"from":"channel"}`, header: jsonHeader},
	},
	{
		name:  "channel-closed",
		setup: onPath(func() chan string { ch := make(chan string); close(ch); return ch }),
		want:  want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
	{
		name:    "sync-handler",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup:   onPath(constant(map[string]string{"hello": "sync"})),
		want:    want{status: 200, body: `{"hello":"sync"}`, header: jsonHeader},
	},
	{
		name:    "path-args",
		sources: asyncSources,
		edits:   []edit{withPath("/users/7/orders/9")},
		setup: func(r *router.Router, _ *recorder) {
			type pair = map[string]string
			r.Get("/users/<user>/orders/<order>", func(ctx context.Context, user, order string) asyncbridge.Future[pair] {
				return later(ctx, pair{"user": user, "order": order})
			})
		},
		want: want{status: 200, body: `{"user":"7","order":"9"}`, header: jsonHeader},
	},
	{
		name:    "not-found",
		sources: asyncSources,
		edits:   []edit{withPath("/nope")},
		setup:   onPath(func(ctx context.Context) asyncbridge.Future[string] { return later(ctx, "unreachable") }),
		want:    want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		name:    "custom-not-found",
		sources: asyncSources,
		edits:   []edit{withPath("/nope")},
		setup: func(r *router.Router, _ *recorder) {
			r.NotFound(func(ctx context.Context) asyncbridge.Future[*router.Response] {
				return later(ctx, router.Text(404, "async not found"))
			})
		},
		want: want{status: 404, body: "async not found", header: textHeader},
	},
	{
		name:    "preflight",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path"), withMethod("OPTIONS"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup:   onPath(func(ctx context.Context) asyncbridge.Future[string] { return later(ctx, "unreachable") }),
		want:    want{status: 204, header: with(corsOn, "Access-Control-Allow-Methods", "GET,OPTIONS")},
	},
	{
		name:    "cors-header",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[map[string]bool] {
			return later(ctx, map[string]bool{"ok": true})
		}),
		want: want{status: 200, body: `{"ok":true}`, header: with(corsOn, "Content-Type", "application/json")},
	},
	{
		name:    "exception-handler",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, _ *recorder) {
			handleValueError(r)
			r.Get("/my/path", func(ctx context.Context) asyncbridge.Future[string] {
				return laterErr[string](ctx, &valueError{"async nope"})
			})
		},
		want: want{status: 418, body: "async nope", header: textHeader},
	},
	{
		name: "http-error",
		setup: onPath(func(ctx context.Context) (asyncbridge.Future[string], error) {
			return asyncbridge.Future[string]{}, router.Forbidden("before the future")
		}),
		want: want{status: 403, body: `{"statusCode":403,"message":"before the future"}`, header: jsonHeader},
	},
	{
		// Deliberate difference: an unhandled error becomes a 500 instead of failing.
		name: "unhandled",
		setup: onPath(func(ctx context.Context) asyncbridge.Future[string] {
			return laterErr[string](ctx, errors.New("boom"))
		}),
		want: want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
	{
		name: "debug-error",
		opts: []router.Option{router.WithDebug(true)},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[string] {
			return laterErr[string](ctx, errors.New("kaboom"))
		}),
		want: want{status: 500, body: "kaboom", header: textHeader},
	},
	{
		name: "debug-panic",
		opts: []router.Option{router.WithDebug(true)},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[string] {
			return asyncbridge.Go(ctx, func(context.Context) (string, error) { panic("kaboom") })
		}),
		want: want{status: 500, anyBody: true, stack: true, header: textHeader, check: debugBody},
	},
	{
		name:    "middleware-order",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, rec *recorder) {
			r.Use(marker(rec, "sync"), awaitingMiddleware(rec))
			r.Get("/my/path", func(ctx context.Context) asyncbridge.Future[string] {
				return asyncbridge.Go(ctx, func(context.Context) (string, error) {
					rec.add("handler")
					return "done", nil
				})
			})
		},
		trace: []string{"sync-before", "async-before", "handler", "async-after", "sync-after"},
		want:  want{status: 200, body: "done", header: textHeader},
	},
	{
		name: "middleware-short-circuit",
		setup: func(r *router.Router, rec *recorder) {
			deny := func(*router.Request, router.Next) (*router.Response, error) {
				return router.Text(401, "denied"), nil
			}
			r.Use(awaitingMiddleware(rec))
			r.Get("/my/path", func(ctx context.Context) asyncbridge.Future[string] {
				rec.add("handler")
				return later(ctx, "unreachable")
			}, router.WithMiddlewares(deny))
		},
		trace: []string{"async-before", "async-after"},
		want:  want{status: 401, body: "denied", header: textHeader},
	},
	{
		// The middleware reads the settled value, not a placeholder.
		name:    "middleware-post-process",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, _ *recorder) {
			r.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
				resp, err := next(req)
				if err != nil {
					return nil, err
				}
				resp.Header.Set("X-Body-Length", fmt.Sprint(len(resp.Body)))
				return resp, nil
			})
			r.Get("/my/path", func(ctx context.Context) asyncbridge.Future[map[string]string] {
				return later(ctx, map[string]string{"k": "v"})
			})
		},
		want: want{status: 200, body: `{"k":"v"}`, header: with(jsonHeader, "X-Body-Length", "9")},
	},
	{
		name:    "middleware-on-404",
		sources: asyncSources,
		edits:   []edit{withPath("/nope")},
		setup: func(r *router.Router, rec *recorder) {
			r.Use(awaitingMiddleware(rec))
			r.Get("/my/path", func(ctx context.Context) asyncbridge.Future[string] { return later(ctx, "x") })
		},
		trace: []string{"async-before", "async-after"},
		want:  want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		// A middleware that fails before next must not leave the chain
		// waiting, whichever goroutine it runs in (see also
		// TestAsyncMiddlewareErrorBeforeNext).
		name:    "middleware-error-before-next",
		sources: asyncSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, rec *recorder) {
			r.Use(awaitingMiddleware(rec), func(*router.Request, router.Next) (*router.Response, error) {
				return nil, router.Unauthorized("no token")
			})
			r.Get("/my/path", func(ctx context.Context) asyncbridge.Future[string] {
				rec.add("handler")
				return later(ctx, "x")
			})
		},
		trace: []string{"async-before", "async-after"},
		want:  want{status: 401, body: `{"statusCode":401,"message":"no token"}`, header: jsonHeader},
	},
}

func TestAsync(t *testing.T) {
	runCases(t, asyncCases)
}

// newAsyncApp returns an HTTP API resolver for the tests that call
// ResolveAsync directly, and the sample event set to GET path.
func newAsyncApp(t *testing.T, path string, opts ...router.Option) (
	*router.APIGatewayHTTPResolver, events.APIGatewayV2HTTPRequest) {
	t.Helper()
	var event events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(readShared(t, httpAPI.sample), &event); err != nil {
		t.Fatalf("parsing the sample event: %v", err)
	}
	event.RawPath = path
	event.RequestContext.HTTP.Path = path
	return router.NewAPIGatewayHTTPResolver(opts...), event
}

// awaitWithin awaits f, failing the test if it has not settled within d,
// which is how a deadlock shows.
func awaitWithin(t *testing.T, f asyncbridge.Future[events.APIGatewayV2HTTPResponse],
	d time.Duration) events.APIGatewayV2HTTPResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	resp, err := f.Await(ctx)
	if err != nil {
		t.Fatalf("ResolveAsync did not settle within %v: %v; the chain is stuck", d, err)
	}
	return resp
}

// TestAsyncMiddlewareErrorBeforeNext checks that middlewares failing
// before next, in the calling goroutine and in one of their own, end the
// request, many times over and at once.
func TestAsyncMiddlewareErrorBeforeNext(t *testing.T) {
	app, event := newAsyncApp(t, "/my/path")
	app.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
		f := asyncbridge.Go(req.Context(), func(context.Context) (*router.Response, error) {
			if req.Header.Get("X-Fail") == "inner" {
				return nil, errors.New("inner middleware failed before next")
			}
			return next(req)
		})
		return f.Await(req.Context())
	})
	app.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
		if req.Header.Get("X-Fail") == "outer" {
			return nil, router.Unauthorized("no token")
		}
		return next(req)
	})
	app.Get("/my/path", func(ctx context.Context) asyncbridge.Future[string] { return later(ctx, "ok") })

	tests := []struct {
		fail   string
		status int
	}{{"outer", 401}, {"inner", 500}, {"", 200}}
	for _, tt := range tests {
		t.Run("fail="+tt.fail, func(t *testing.T) {
			var futures []asyncbridge.Future[events.APIGatewayV2HTTPResponse]
			for range 20 {
				e := event
				e.Headers = map[string]string{"x-fail": tt.fail}
				futures = append(futures, app.ResolveAsync(context.Background(), e))
			}
			for _, f := range futures {
				if got := awaitWithin(t, f, 5*time.Second); got.StatusCode != tt.status {
					t.Errorf("status = %d, want %d (body %q)", got.StatusCode, tt.status, got.Body)
				}
			}
		})
	}
}

// TestAsyncPanicProcessGoesOn checks that a panicking async handler gets
// a 500 and that the resolver goes on serving.
func TestAsyncPanicProcessGoesOn(t *testing.T) {
	app, event := newAsyncApp(t, "/boom")
	app.Get("/boom", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { panic("async handler crashed") })
	})
	app.Get("/ok", func(ctx context.Context) asyncbridge.Future[string] { return later(ctx, "still here") })

	resp := awaitWithin(t, app.ResolveAsync(context.Background(), event), 5*time.Second)
	if resp.StatusCode != 500 || resp.Body != internalErrorBody {
		t.Errorf("panicking handler: got %d %q, want 500 %q", resp.StatusCode, resp.Body, internalErrorBody)
	}

	event.RawPath = "/ok"
	resp = awaitWithin(t, app.ResolveAsync(context.Background(), event), 5*time.Second)
	if resp.StatusCode != 200 || resp.Body != "still here" {
		t.Errorf("request after the panic: got %d %q, want 200 %q", resp.StatusCode, resp.Body, "still here")
	}
}

// TestAsyncConcurrent resolves many events at once on one resolver and
// checks that each gets its own response, so no request state is shared.
func TestAsyncConcurrent(t *testing.T) {
	app, event := newAsyncApp(t, "/")
	app.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
		resp, err := next(req)
		if err == nil {
			resp.Header.Set("X-Path", req.Path)
		}
		return resp, err
	})
	app.Get("/items/<id>", func(ctx context.Context, id string) asyncbridge.Future[map[string]string] {
		return later(ctx, map[string]string{"id": id})
	})

	const n = 64
	futures := make([]asyncbridge.Future[events.APIGatewayV2HTTPResponse], n)
	for i := range futures {
		e := event
		e.RawPath = fmt.Sprintf("/items/%d", i)
		futures[i] = app.ResolveAsync(context.Background(), e)
	}
	for i, f := range futures {
		resp := awaitWithin(t, f, 5*time.Second)
		if want := fmt.Sprintf(`{"id":"%d"}`, i); resp.Body != want {
			t.Errorf("request %d: body %q, want %q", i, resp.Body, want)
		}
		if want := fmt.Sprintf("/items/%d", i); resp.Headers["X-Path"] != want {
			t.Errorf("request %d: X-Path %q, want %q", i, resp.Headers["X-Path"], want)
		}
	}
}

// TestAsyncDeadline checks that an async handler still running at the
// invocation's deadline gets a 504, and that its context is cancelled so
// that it can stop.
func TestAsyncDeadline(t *testing.T) {
	app, event := newAsyncApp(t, "/slow", router.WithDeadlineMargin(10*time.Millisecond))
	var once sync.Once
	stopped := make(chan struct{})
	app.Get("/slow", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
			<-ctx.Done()
			once.Do(func() { close(stopped) })
			return "", ctx.Err()
		})
	})

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	resp, err := app.ResolveAsync(ctx, event).Await(context.Background())
	if err != nil {
		t.Fatalf("ResolveAsync returned error %v; a deadline must become a 504 response", err)
	}
	want := `{"statusCode":504,"message":"Gateway Timeout"}`
	if resp.StatusCode != 504 || resp.Body != want {
		t.Errorf("got %d %q, want 504 %q", resp.StatusCode, resp.Body, want)
	}
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the handler's context was not cancelled after the 504")
	}
}
