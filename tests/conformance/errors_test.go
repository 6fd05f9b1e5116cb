package conformance_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// valueError plays the part of Python's ValueError: an application error
// type with an exception handler of its own.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

// failing returns a handler that fails with err.
func failing(err error) func() error { return func() error { return err } }

// errorCase is a case whose GET /my/path handler fails with err, run on
// every source.
func errorCase(name string, err error, status int, body string) tcase {
	return tcase{
		name:    name,
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup:   onPath(failing(err)),
		want:    want{status: status, body: body, header: jsonHeader},
	}
}

// handleValueError registers the ER-HANDLER exception handler.
func handleValueError(r *router.Router) {
	r.HandleError(func(_ *router.Request, e *valueError) (*router.Response, error) {
		return router.Text(418, e.Error()), nil
	})
}

// debugBody checks a debug-mode 500 body for a panic: the panic value, and
// a stack that names the handler's package.
func debugBody(t *testing.T, r *result) {
	t.Helper()
	body := string(r.body)
	if !strings.HasPrefix(body, "panic: kaboom\n") {
		t.Errorf("debug body starts %q, want the panic value first", firstLine(body))
	}
	for _, part := range []string{"goroutine ", "conformance_test."} {
		if !strings.Contains(body, part) {
			t.Errorf("debug body has no %q; want a stack trace of the handler", part)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// errorCases check HTTP errors, exception handlers and debug mode.
var errorCases = []tcase{
	errorCase("ER-400", router.BadRequest("bad"), 400, `{"statusCode":400,"message":"bad"}`),
	errorCase("ER-401", router.Unauthorized("unauth"), 401, `{"statusCode":401,"message":"unauth"}`),
	errorCase("ER-404", router.NotFoundError(""), 404, notFoundBody),
	errorCase("ER-500", router.InternalServerError("boom"), 500, `{"statusCode":500,"message":"boom"}`),
	errorCase("ER-CUSTOM", router.NewHTTPError(418, "teapot"), 418, `{"statusCode":418,"message":"teapot"}`),
	{
		name:    "ER-HANDLER",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, _ *recorder) {
			handleValueError(r)
			r.Get("/my/path", failing(&valueError{"nope"}))
		},
		want: want{status: 418, body: "nope", header: textHeader},
	},
	{
		// *router.HTTPError is the common type of every HTTP error, as
		// ServiceError is the base class of Powertools' HTTP exceptions.
		name: "ER-MRO",
		setup: func(r *router.Router, _ *recorder) {
			r.HandleError(func(_ *router.Request, e *router.HTTPError) (*router.Response, error) {
				return router.Text(e.Status, "handled:"+e.Message), nil
			})
			r.Get("/my/path", failing(router.BadRequest("x")))
		},
		want: want{status: 400, body: "handled:x", header: textHeader},
	},
	{
		// A sub-router's specific handler beats the app's catch-all
		// registered before it was included.
		name: "ER-MRO/router",
		setup: func(r *router.Router, _ *recorder) {
			r.HandleError(func(*router.Request, error) (*router.Response, error) {
				return router.Text(500, "catch-all"), nil
			})
			sub := router.NewRouter()
			handleValueError(sub)
			sub.Get("/path", failing(&valueError{"nope"}))
			r.Include(sub, "/my")
		},
		want: want{status: 418, body: "nope", header: textHeader},
	},
	{
		name: "ER-HANDLER-RAISES-SERVICE",
		setup: func(r *router.Router, _ *recorder) {
			r.HandleError(func(*router.Request, *valueError) (*router.Response, error) {
				return nil, router.BadRequest("Bad request")
			})
			r.Get("/my/path", failing(&valueError{"nope"}))
		},
		want: want{status: 400, body: `{"statusCode":400,"message":"Bad request"}`, header: jsonHeader},
	},
	{
		// Deliberate difference: the handler's error is not an HTTP error,
		// so the response is a 500, where Powertools fails the invocation.
		name: "ER-HANDLER-RAISES-OTHER",
		setup: func(r *router.Router, _ *recorder) {
			r.HandleError(func(*router.Request, *valueError) (*router.Response, error) {
				return nil, errors.New("key error")
			})
			r.Get("/my/path", failing(&valueError{"nope"}))
		},
		want: want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
	{
		name:    "ER-NOTFOUND-CUSTOM",
		sources: allSources,
		setup: func(r *router.Router, _ *recorder) {
			r.NotFound(func() *router.Response { return router.Text(404, "custom not found") })
		},
		want: want{status: 404, body: "custom not found", header: textHeader},
	},
	{
		name:  "ER-NOTFOUND-CUSTOM/router",
		edits: []edit{withPath("/nope")},
		setup: func(r *router.Router, _ *recorder) {
			sub := router.NewRouter()
			sub.NotFound(func() *router.Response { return router.Text(404, "custom not found") })
			r.Include(sub, "/sub")
		},
		want: want{status: 404, body: "custom not found", header: textHeader},
	},
	// Deliberate difference: an unhandled error becomes a 500, where
	// Powertools lets the exception fail the invocation.
	errorCase("ER-UNHANDLED", errors.New("kaboom"), 500, internalErrorBody),
	{
		// Deliberate difference: the debug body is the Go error as
		// text/plain, not a Python traceback.
		name:    "ER-DEBUG",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		opts:    []router.Option{router.WithDebug(true)},
		setup:   onPath(failing(errors.New("kaboom"))),
		want:    want{status: 500, body: "kaboom", header: textHeader},
	},
	{
		// A panic's debug body adds the stack, the nearest Go has to a
		// traceback.
		name:  "ER-DEBUG/panic",
		opts:  []router.Option{router.WithDebug(true)},
		setup: onPath(func() string { panic("kaboom") }),
		want:  want{status: 500, anyBody: true, stack: true, header: textHeader, check: debugBody},
	},
	{
		name:  "ER-DEBUG/off",
		opts:  []router.Option{router.WithDebug(false)},
		setup: onPath(func() string { panic("kaboom") }),
		want:  want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
	{
		// Deliberate difference: async handlers work through Resolve too,
		// where Powertools' sync resolve() fails on a coroutine.
		name:    "ER-ASYNC-IN-SYNC",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup: onPath(func(ctx context.Context) asyncbridge.Future[map[string]string] {
			return asyncbridge.Go(ctx, func(context.Context) (map[string]string, error) {
				return map[string]string{"async": "ok"}, nil
			})
		}),
		want: want{status: 200, body: `{"async":"ok"}`, header: jsonHeader},
	},
}

// TestDebugEnv checks that POWERTOOLS_DEV turns debug mode on, with the
// values Powertools accepts, and that WithDebug(false) wins over it.
func TestDebugEnv(t *testing.T) {
	panicking := onPath(func() string { panic("kaboom") })
	for _, value := range []string{"1", "y", "yes", "t", "TRUE", "on"} {
		t.Run(value, func(t *testing.T) {
			t.Setenv("POWERTOOLS_DEV", value)
			tcase{
				setup: panicking,
				want:  want{status: 500, anyBody: true, stack: true, header: textHeader, check: debugBody},
			}.run(t)
		})
	}
	t.Run("option-wins", func(t *testing.T) {
		t.Setenv("POWERTOOLS_DEV", "1")
		tcase{
			opts:  []router.Option{router.WithDebug(false)},
			setup: panicking,
			want:  want{status: 500, body: internalErrorBody, header: jsonHeader},
		}.run(t)
	})
	t.Run("off", func(t *testing.T) {
		t.Setenv("POWERTOOLS_DEV", "0")
		tcase{
			setup: panicking,
			want:  want{status: 500, body: internalErrorBody, header: jsonHeader},
		}.run(t)
	})
}
