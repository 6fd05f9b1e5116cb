package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/router"
)

func testApp() (*router.APIGatewayHTTPResolver, *orders) {
	store := newOrders()
	return newApp(staticTokens(map[string]Principal{
		"alice-token": {Subject: "alice", Roles: []string{"admin"}},
		"bob-token":   {Subject: "bob"},
	}), store), store
}

// do sends one request through ServeHTTP, the local server's path.
func do(app http.Handler, method, target, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec
}

func TestCreateOrderEvent(t *testing.T) {
	app, store := testApp()
	payload, err := os.ReadFile("testdata/create-order.json")
	if err != nil {
		t.Fatal(err)
	}
	var event events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &event); err != nil {
		t.Fatal(err)
	}
	resp, err := app.Resolve(context.Background(), event)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":1,"owner":"bob","item":"keyboard","quantity":2}`
	if resp.StatusCode != http.StatusCreated || resp.Body != want {
		t.Errorf("got %d %s, want 201 %s", resp.StatusCode, resp.Body, want)
	}
	if resp.Headers["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff from the net/http middleware", resp.Headers["X-Content-Type-Options"])
	}
	if store.byID[1].Owner != "bob" {
		t.Errorf("stored order = %+v, want owner bob", store.byID[1])
	}
}

func TestMissingAndInvalidToken(t *testing.T) {
	app, _ := testApp()
	for _, tc := range []struct{ name, token, message string }{
		{"missing", "", "missing bearer token"},
		{"invalid", "mallory-token", "invalid bearer token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(app, http.MethodGet, "/api/me", tc.token, "")
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("status = %d, want 401", rec.Code)
			}
			want := `{"statusCode":401,"message":"` + tc.message + `"}`
			if rec.Body.String() != want {
				t.Errorf("body = %s, want %s", rec.Body.String(), want)
			}
			if rec.Header().Get("WWW-Authenticate") != `Bearer realm="orders"` {
				t.Errorf("WWW-Authenticate = %q", rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestPublicRoutesSkipAuth(t *testing.T) {
	app, _ := testApp()
	if rec := do(app, http.MethodGet, "/health", "", ""); rec.Code != http.StatusOK || rec.Body.String() != "ok" {
		t.Errorf("/health = %d %q, want 200 ok without a token", rec.Code, rec.Body.String())
	}
	rec := do(app, http.MethodGet, "/nowhere", "", "")
	if rec.Code != http.StatusNotFound {
		t.Errorf("/nowhere = %d, want 404 rather than 401: the auth middleware wraps only /api", rec.Code)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("app middlewares must also wrap 404 answers")
	}
}

func TestMeReturnsPrincipal(t *testing.T) {
	app, _ := testApp()
	rec := do(app, http.MethodGet, "/api/me", "alice-token", "")
	if want := `{"subject":"alice","roles":["admin"]}`; rec.Body.String() != want {
		t.Errorf("body = %s, want %s", rec.Body.String(), want)
	}
}

func TestDeleteNeedsAdmin(t *testing.T) {
	app, store := testApp()
	if rec := do(app, http.MethodPost, "/api/orders", "bob-token", `{"item":"mouse","quantity":1}`); rec.Code != http.StatusCreated {
		t.Fatalf("create = %d %s", rec.Code, rec.Body.String())
	}
	rec := do(app, http.MethodDelete, "/api/orders/1", "bob-token", "")
	want := `{"statusCode":403,"message":"this operation needs the admin role"}`
	if rec.Code != http.StatusForbidden || rec.Body.String() != want {
		t.Errorf("bob's DELETE = %d %s, want 403 %s", rec.Code, rec.Body.String(), want)
	}
	if rec := do(app, http.MethodDelete, "/api/orders/1", "alice-token", ""); rec.Code != http.StatusNoContent {
		t.Errorf("alice's DELETE = %d %s, want 204", rec.Code, rec.Body.String())
	}
	if len(store.byID) != 0 {
		t.Errorf("orders left = %v, want none", store.byID)
	}
}

func TestBindingErrors(t *testing.T) {
	app, _ := testApp()
	cases := []struct {
		name, method, target, body string
		status                     int
		want                       string
	}{
		{"query not a number", http.MethodGet, "/api/orders?limit=ten", "", 422,
			`{"statusCode":422,"detail":[{"loc":["query","limit"],"type":"int_parsing"}]}`},
		{"body field of the wrong type", http.MethodPost, "/api/orders", `{"item":"pen","quantity":"two"}`, 422,
			`{"statusCode":422,"detail":[{"loc":["body","quantity"],"type":"int_type"}]}`},
		{"no body", http.MethodPost, "/api/orders", "", 422,
			`{"statusCode":422,"detail":[{"loc":["body"],"type":"missing"}]}`},
		{"path not a number", http.MethodDelete, "/api/orders/first", "", 422,
			`{"statusCode":422,"detail":[{"loc":["path","id"],"type":"int_parsing"}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(app, tc.method, tc.target, "alice-token", tc.body)
			if rec.Code != tc.status || rec.Body.String() != tc.want {
				t.Errorf("got %d %s, want %d %s", rec.Code, rec.Body.String(), tc.status, tc.want)
			}
		})
	}
}

func TestUnsupportedMediaType(t *testing.T) {
	app, _ := testApp()
	req := httptest.NewRequest(http.MethodPost, "/api/orders", strings.NewReader("item=pen"))
	req.Header.Set("Authorization", "Bearer bob-token")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	want := `{"statusCode":415,"detail":[{"loc":["header","content-type"],"type":"unsupported_media_type"}]}`
	if rec.Code != http.StatusUnsupportedMediaType || rec.Body.String() != want {
		t.Errorf("got %d %s, want 415 %s", rec.Code, rec.Body.String(), want)
	}
}
