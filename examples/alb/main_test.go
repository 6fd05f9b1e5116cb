package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// albOutput is the JSON that the load balancer receives from the function.
type albOutput struct {
	StatusCode        int                 `json:"statusCode"`
	StatusDescription string              `json:"statusDescription"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              string              `json:"body"`
}

func invokeFile(t *testing.T, name string) (albOutput, map[string]json.RawMessage) {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := newApp().Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var out albOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatal(err)
	}
	return out, keys
}

func TestStatusSingleValueHeaders(t *testing.T) {
	now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	t.Cleanup(func() { now = time.Now })

	out, keys := invokeFile(t, "status-single.json")
	if out.StatusCode != 200 || out.StatusDescription != "200 OK" {
		t.Errorf("status = %d %q, want 200 \"200 OK\"", out.StatusCode, out.StatusDescription)
	}
	if _, ok := keys["multiValueHeaders"]; ok {
		t.Error("response has multiValueHeaders although the request had none")
	}
	if out.Headers["Cache-Control"] != "max-age=5" {
		t.Errorf("Cache-Control = %q, want max-age=5", out.Headers["Cache-Control"])
	}
	want := `{"service":"checkout","healthy":true,"checked":"2026-01-02T03:04:05Z"}`
	if out.Body != want {
		t.Errorf("body = %s, want %s", out.Body, want)
	}
}

func TestSearchMultiValueHeaders(t *testing.T) {
	out, keys := invokeFile(t, "search-multi.json")
	if _, ok := keys["headers"]; ok {
		t.Error("response has headers although the request came with multiValueHeaders")
	}
	if got := out.MultiValueHeaders["X-Shard"]; len(got) != 2 || got[0] != "eu-1" || got[1] != "eu-2" {
		t.Errorf("X-Shard = %q, want [eu-1 eu-2]", got)
	}
	want := `{"terms":["red shoes","size 42"]}`
	if out.Body != want {
		t.Errorf("body = %s, want %s (query decoded once)", out.Body, want)
	}
}

func TestSearchSingleValueKeepsLastHeader(t *testing.T) {
	payload := []byte(`{"requestContext":{"elb":{"targetGroupArn":"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/checkout/6d0ecf831eec9f09"}},
		"httpMethod":"GET","path":"/search","queryStringParameters":{"q":"boots"},"headers":{"host":"alb"},"body":"","isBase64Encoded":false}`)
	raw, err := newApp().Invoke(context.Background(), payload)
	if err != nil {
		t.Fatal(err)
	}
	var out albOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if out.Headers["X-Shard"] != "eu-2" {
		t.Errorf("X-Shard = %q, want the last value eu-2", out.Headers["X-Shard"])
	}
}

func TestHeadStatus(t *testing.T) {
	rec := httptest.NewRecorder()
	newApp().ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/status", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("HEAD status = %d, want 200", rec.Code)
	}
	if rec.Body.Len() != 0 {
		t.Errorf("HEAD body = %q, want empty", rec.Body.String())
	}
	if rec.Header().Get("Content-Length") == "" {
		t.Error("HEAD response has no Content-Length")
	}
}
