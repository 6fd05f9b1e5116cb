package router_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

func requireAuth(req *router.Request, next router.Next) (*router.Response, error) { return next(req) }

func TestDebugLogsEventAndChain(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	app := router.NewAPIGatewayHTTPResolver(router.WithDebug(true), router.WithLogger(logger))
	app.Use(requireAuth)
	app.Get("/x", func() string { return "ok" })
	if _, err := app.Resolve(context.Background(), httpEvent("GET", "/x")); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"lambdaroute: event", `"rawPath":"/x"`, "lambdaroute: middleware chain", "router_test.requireAuth -> handler"} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q:\n%s", want, out)
		}
	}
}

func TestNoDebugLogsNothing(t *testing.T) {
	var buf bytes.Buffer
	app := router.NewAPIGatewayHTTPResolver(router.WithDebug(false), router.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	app.Get("/x", func() string { return "ok" })
	if _, err := app.Resolve(context.Background(), httpEvent("GET", "/x")); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("logged without debug mode: %s", buf.String())
	}
}
