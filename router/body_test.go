package router_test

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/router"
)

func TestInvalidBase64BodyIsLazy(t *testing.T) {
	app := router.NewAPIGatewayRestResolver()
	app.Get("/ping", func() string { return "pong" })
	app.Post("/items", func(item map[string]any) map[string]any { return item })

	tests := []struct {
		name   string
		method string
		path   string
		status int
		body   string
	}{
		{"route without body", "GET", "/ping", 200, "pong"},
		{"route binding body", "POST", "/items", 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := events.APIGatewayProxyRequest{HTTPMethod: tt.method, Path: tt.path,
				Body: "Hello from Lambda!", IsBase64Encoded: true}
			resp, err := app.Resolve(context.Background(), e)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d (body %s)", resp.StatusCode, tt.status, resp.Body)
			}
			if tt.body != "" && resp.Body != tt.body {
				t.Errorf("body = %q, want %q", resp.Body, tt.body)
			}
			if tt.status == 400 && resp.Body == "" {
				t.Error("400 has no body explaining the invalid base64")
			}
		})
	}
}
