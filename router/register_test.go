package router_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

// panicMessage runs register and returns what it panicked with.
func panicMessage(register func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p)
		}
	}()
	register()
	return ""
}

func TestRegistrationErrors(t *testing.T) {
	tests := []struct {
		name     string
		register func(app *router.APIGatewayHTTPResolver)
		want     []string
	}{
		{"unbindable argument", func(app *router.APIGatewayHTTPResolver) {
			app.Get("/users/<id>", func(id string, limit int) string { return id })
		}, []string{"GET /users/<id>", "register_test.go:", "argument 2 (int)", "query:\"name\""}},
		{"malformed pattern", func(app *router.APIGatewayHTTPResolver) {
			app.Get("/users/<id", func() string { return "" })
		}, []string{"/users/<id", "register_test.go:", "closing"}},
		{"duplicate route", func(app *router.APIGatewayHTTPResolver) {
			app.Get("/a", func() string { return "1" })
			app.Get("/a", func() string { return "2" })
		}, []string{"GET /a", "conflicts with GET /a registered at", "register_test.go:"}},
		{"duplicate through include", func(app *router.APIGatewayHTTPResolver) {
			sub := router.NewRouter()
			sub.Get("/", func() string { return "" })
			app.Get("/api", func() string { return "" })
			app.Include(sub, "/api")
		}, []string{"GET /api", "conflicts"}},
		{"not a function", func(app *router.APIGatewayHTTPResolver) {
			app.Post("/x", "handler")
		}, []string{"POST /x", "not a function"}},
		{"no method", func(app *router.APIGatewayHTTPResolver) {
			app.Route(nil, "/x", func() {})
		}, []string{"no method"}},
		{"bad exception handler", func(app *router.APIGatewayHTTPResolver) {
			app.HandleError(func(err error) *router.Response { return nil })
		}, []string{"HandleError", "register_test.go:", "want func(*router.Request, E)"}},
		{"nil middleware", func(app *router.APIGatewayHTTPResolver) {
			app.Use(nil)
		}, []string{"nil middleware"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := router.NewAPIGatewayHTTPResolver()
			msg := panicMessage(func() { tt.register(app) })
			if msg == "" {
				t.Fatal("registration did not panic")
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("panic %q does not mention %q", msg, w)
				}
			}
		})
	}
}

func TestRegistrationAfterFirstRequest(t *testing.T) {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/a", func() string { return "" })
	if _, err := app.Invoke(t.Context(), []byte(`{"rawPath":"/a","requestContext":{"http":{"method":"GET"}}}`)); err != nil {
		t.Fatal(err)
	}
	msg := panicMessage(func() { app.Get("/b", func() string { return "" }) })
	if !strings.Contains(msg, "after the first request") {
		t.Errorf("panic = %q, want it to say registration ended at the first request", msg)
	}
}

func TestRegistrationRejectsIgnoredSchemaTag(t *testing.T) {
	type item struct {
		Name string `json:"name" jsonschema:"maxLen=3"`
	}
	app := router.NewAPIGatewayHTTPResolver(router.WithValidation())
	msg := panicMessage(func() { app.Post("/items", func(it item) item { return it }) })
	for _, w := range []string{"POST /items", "register_test.go:", `unknown keyword "maxLen"`} {
		if !strings.Contains(msg, w) {
			t.Errorf("panic %q does not mention %q", msg, w)
		}
	}
}
