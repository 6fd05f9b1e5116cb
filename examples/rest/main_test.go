package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// restOutput is the JSON that a REST API receives from the function.
type restOutput struct {
	StatusCode        int                 `json:"statusCode"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              *string             `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

func testCatalog() *catalog {
	return newCatalog(
		Book{ISBN: "978-0134190440", Title: "The Go Programming Language", Author: "Donovan"},
		Book{ISBN: "978-1492077213", Title: "Learning Go", Author: "Bodner"},
	)
}

// invokeFile sends a sample event through Invoke, the entry point that
// Lambda calls, and decodes what the function would return.
func invokeFile(t *testing.T, name string) restOutput {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := newApp(testCatalog()).Invoke(context.Background(), payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var out restOutput
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return out
}

func TestGetBookEvent(t *testing.T) {
	out := invokeFile(t, "get-book.json")
	if out.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", out.StatusCode)
	}
	if out.Body == nil {
		t.Fatal("body is null")
	}
	want := `{"isbn":"978-1492077213","title":"Learning Go","author":"Bodner"}`
	if *out.Body != want {
		t.Errorf("body = %s, want %s", *out.Body, want)
	}
	h := out.MultiValueHeaders
	if got := h["Content-Type"]; len(got) != 1 || got[0] != "application/json" {
		t.Errorf("Content-Type = %q, want [application/json]", got)
	}
	if got := h["Access-Control-Allow-Origin"]; len(got) != 1 || got[0] != "https://books.example.com" {
		t.Errorf("Access-Control-Allow-Origin = %q, want the request's origin", got)
	}
	if got := h["Vary"]; len(got) != 1 || got[0] != "Origin" {
		t.Errorf("Vary = %q, want [Origin]", got)
	}
	if out.IsBase64Encoded {
		t.Error("a JSON body must not be base64-encoded")
	}
}

func TestListTrailingSlashAndQuery(t *testing.T) {
	out := invokeFile(t, "list-books-trailing-slash.json")
	if out.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200 (REST treats /books/ as /books)", out.StatusCode)
	}
	want := `[{"isbn":"978-0134190440","title":"The Go Programming Language","author":"Donovan"}]`
	if out.Body == nil || *out.Body != want {
		t.Errorf("body = %v, want %s", out.Body, want)
	}
}

func TestCreateThenDeleteOverHTTP(t *testing.T) {
	srv := httptest.NewServer(newApp(testCatalog()))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/books", "application/json",
		strings.NewReader(`{"isbn":"978-1617291784","title":"Go in Action"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /books status = %d, want 201", resp.StatusCode)
	}

	again, err := http.Post(srv.URL+"/books", "application/json",
		strings.NewReader(`{"isbn":"978-1617291784","title":"Go in Action"}`))
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusConflict {
		t.Errorf("second POST status = %d, want 409", again.StatusCode)
	}

	del, err := http.NewRequest(http.MethodDelete, srv.URL+"/books/978-1617291784", nil)
	if err != nil {
		t.Fatal(err)
	}
	delResp, err := http.DefaultClient.Do(del)
	if err != nil {
		t.Fatal(err)
	}
	delResp.Body.Close()
	if delResp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE status = %d, want 204", delResp.StatusCode)
	}

	gone, err := http.Get(srv.URL + "/books/978-1617291784")
	if err != nil {
		t.Fatal(err)
	}
	gone.Body.Close()
	if gone.StatusCode != http.StatusNotFound {
		t.Errorf("GET after DELETE status = %d, want 404", gone.StatusCode)
	}
}

func TestCreateInvalidJSON(t *testing.T) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/books", strings.NewReader(`{"isbn":`))
	req.Header.Set("Content-Type", "application/json")
	newApp(testCatalog()).ServeHTTP(rec, req)

	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422", rec.Code)
	}
	want := `{"statusCode":422,"detail":[{"loc":["body",8],"type":"json_invalid"}]}`
	if got := rec.Body.String(); got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
}
