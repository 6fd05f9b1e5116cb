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

func testStore() *store {
	return newStore(
		Note{ID: 1, Text: "read the HTTP API docs", Tags: []string{"aws", "docs"}},
		Note{ID: 2, Text: "try lambdaroute", Tags: []string{"aws", "go"}},
	)
}

// resolveFile decodes a sample event into the aws-lambda-go type and
// resolves it, as lambda.Start(app.Resolve) would.
func resolveFile(t *testing.T, app *router.APIGatewayHTTPResolver, name string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var event events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(payload, &event); err != nil {
		t.Fatal(err)
	}
	resp, err := app.Resolve(context.Background(), event)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return resp
}

func TestSearchStageQueryCookieHeader(t *testing.T) {
	resp := resolveFile(t, newApp(testStore()), "search-notes.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, resp.Body)
	}
	var got SearchResult
	if err := json.Unmarshal([]byte(resp.Body), &got); err != nil {
		t.Fatal(err)
	}
	if got.RequestID != "req-7f3a" {
		t.Errorf("requestId = %q, want the X-Request-Id header", got.RequestID)
	}
	if len(got.Notes) != 1 || got.Notes[0].ID != 2 {
		t.Errorf("notes = %+v, want only note 2 (tagged aws and go)", got.Notes)
	}
	if resp.Headers["Content-Type"] != "application/json" {
		t.Errorf("Content-Type = %q", resp.Headers["Content-Type"])
	}
	if len(resp.Cookies) != 0 {
		t.Errorf("cookies = %q, want none", resp.Cookies)
	}
}

func TestPutNoteBase64Body(t *testing.T) {
	s := testStore()
	resp := resolveFile(t, newApp(s), "put-note-base64.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, resp.Body)
	}
	want := `{"id":3,"text":"ship it","tags":["go"]}`
	if resp.Body != want {
		t.Errorf("body = %s, want %s", resp.Body, want)
	}
	if s.notes[3].Text != "ship it" {
		t.Errorf("stored note = %+v", s.notes[3])
	}
}

func TestPageSizeCookieRoundTrip(t *testing.T) {
	app := newApp(testStore())
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/preferences/page-size/1", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	setCookie := rec.Header().Get("Set-Cookie")
	for _, part := range []string{"page_size=1", "Path=/", "Max-Age=86400", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(setCookie, part) {
			t.Errorf("Set-Cookie = %q, missing %q", setCookie, part)
		}
	}

	req := httptest.NewRequest(http.MethodGet, "/notes?tag=aws", nil)
	req.Header.Set("Cookie", "page_size=1")
	rec = httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	var got SearchResult
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Notes) != 1 {
		t.Errorf("notes = %+v, want one note because the cookie sets a page size of 1", got.Notes)
	}
}

func TestPutNoteBadID(t *testing.T) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPut, "/notes/abc", strings.NewReader(`{"text":"x"}`))
	newApp(testStore()).ServeHTTP(rec, req)
	want := `{"statusCode":422,"detail":[{"loc":["path","id"],"type":"int_parsing"}]}`
	if rec.Code != http.StatusUnprocessableEntity || rec.Body.String() != want {
		t.Errorf("got %d %s, want 422 %s", rec.Code, rec.Body.String(), want)
	}
}
