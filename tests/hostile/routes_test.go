package hostile_test

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// Item is the JSON body of POST /items.
type Item struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Search is bound from the query string of GET /search.
type Search struct {
	Limit int `query:"limit"`
}

// slowCap bounds the slow handlers, so that a router that fails to cut
// them off shows up as a late 200 instead of a hung test.
const slowCap = 5 * time.Second

// errMarked is returned by /exception-panic; its exception handler
// panics.
var errMarked = errors.New("hostile: marked error")

// registerRoutes adds the routes that the hostile cases call. Each fault
// route provokes one kind of failure.
func registerRoutes(r *router.Router) {
	// A net/http middleware on the whole app sees every request, 404s
	// included, through the *http.Request that the router builds from the
	// event; it reports the Host it was given.
	r.Use(router.HTTPMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
			w.Header().Set("X-Middleware-Host", hr.Host)
			next.ServeHTTP(w, hr)
		})
	}))
	r.Get("/", func() string { return "root" })
	r.Get("/items/<id>", func(id int) map[string]int { return map[string]int{"id": id} })
	r.Post("/items", func(item Item) Item { return item })
	r.Post("/any", func(v map[string]any) string { return "accepted" })
	r.Get("/search", func(s Search) Search { return s })
	r.Get("/files/<path...>", func(path string) string { return path })
	r.Get("/echo-forwarded", func(req *router.Request) string {
		return "X-Forwarded-For: " + req.Header.Get("X-Forwarded-For")
	})

	r.Get("/panic", func() string { panic("hostile: handler panic") })
	r.Get("/panic-async", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { panic("hostile: async panic") })
	})
	r.Get("/panic-middleware", func() string { return "unreachable" },
		router.WithMiddlewares(func(*router.Request, router.Next) (*router.Response, error) {
			panic("hostile: middleware panic")
		}))
	r.Get("/panic-http-middleware", func() string { return "unreachable" },
		router.WithMiddlewares(router.HTTPMiddleware(func(http.Handler) http.Handler {
			return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("hostile: net/http middleware panic") })
		})))
	r.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
		if req.Path == "/no-route-app-middleware-panic" {
			panic("hostile: app middleware panic")
		}
		return next(req)
	})
	r.Get("/exception-panic", func() error { return errMarked })
	r.HandleError(func(req *router.Request, err error) (*router.Response, error) {
		if errors.Is(err, errMarked) {
			panic("hostile: exception handler panic")
		}
		return nil, err
	})
	r.Get("/nil-response", func() *router.Response { return nil })
	r.Get("/closed-channel", func() <-chan string {
		ch := make(chan string)
		close(ch)
		return ch
	})

	r.Get("/slow-async", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) { return waitForContext(ctx) })
	})
	r.Get("/slow-sync", func(ctx context.Context) (string, error) { return waitForContext(ctx) })

	r.Get("/header-crlf", func() *router.Response {
		resp := router.Text(http.StatusOK, "ok")
		resp.Header["X-Injected"] = []string{"a\r\nSet-Cookie: evil=1"}
		return resp
	})
	r.Get("/header-nul", func() *router.Response {
		resp := router.Text(http.StatusOK, "ok")
		resp.Header["X-Nul"] = []string{"a\x00b"}
		return resp
	})
	r.Get("/header-name-space", func() *router.Response {
		resp := router.Text(http.StatusOK, "ok")
		resp.Header["X Bad"] = []string{"1"}
		return resp
	})
	r.Get("/cookie-crlf", func() *router.Response {
		resp := router.Text(http.StatusOK, "ok")
		resp.SetCookie(&http.Cookie{Name: "session", Value: "a\r\nSet-Cookie: evil=1"})
		return resp
	})
	r.Get("/middleware-header-crlf", func() string { return "ok" },
		router.WithMiddlewares(router.HTTPMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
				w.Header()["X-Injected"] = []string{"a\r\nSet-Cookie: evil=1"}
				next.ServeHTTP(w, hr)
			})
		})))
	r.Get("/middleware-set-cookie-crlf", func() string { return "ok" },
		router.WithMiddlewares(router.HTTPMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
				w.Header().Add("Set-Cookie", "session=a\r\nX-Injected: 1")
				next.ServeHTTP(w, hr)
			})
		})))
}

// waitForContext blocks until ctx ends and returns its error, or returns
// "late" after slowCap.
func waitForContext(ctx context.Context) (string, error) {
	timer := time.NewTimer(slowCap)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-timer.C:
		return "late", nil
	}
}
