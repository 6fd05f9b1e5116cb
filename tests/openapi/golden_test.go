package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/lambdaroute/lambdaroute/openapi"
)

var update = flag.Bool("update", false, "rewrite the golden documents under testdata/ from the apps")

// indented encodes doc as the Swagger route serves it with ?format=json.
func indented(t *testing.T, doc *openapi.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenDocuments(t *testing.T) {
	apps := []struct {
		file     string
		document func() (*openapi.Document, error)
	}{
		{"small.json", func() (*openapi.Document, error) { return newSmallApp().OpenAPI() }},
		{"large.json", func() (*openapi.Document, error) { return newLargeApp().OpenAPI() }},
	}
	for _, app := range apps {
		t.Run(app.file, func(t *testing.T) {
			doc, err := app.document()
			if err != nil {
				t.Fatal(err)
			}
			got := indented(t, doc)
			path := filepath.Join("testdata", app.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v; run go test ./tests/openapi -run TestGoldenDocuments -update to create it", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the document differs from %s; if the change is intended, run with -update and review the diff.\ngot:\n%s", path, got)
			}

			loaded, err := openapi3.NewLoader().LoadFromData(got)
			if err != nil {
				t.Fatalf("kin-openapi cannot load the document: %v", err)
			}
			if err := loaded.Validate(context.Background()); err != nil {
				t.Fatalf("kin-openapi rejects the document: %v", err)
			}
		})
	}
}

func TestLargeDocumentOperations(t *testing.T) {
	doc, err := newLargeApp().OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"/health":                  {"get"},
		"/pets":                    {"get", "post"},
		"/pets/{pet_id}":           {"get", "put", "delete"},
		"/pets/{pet_id}/photo":     {"get"},
		"/pets/{pet_id}/summary":   {"get"},
		"/legacy/pets":             {"get"},
		"/store/orders":            {"post"},
		"/store/orders/{order_id}": {"get"},
	}
	if len(doc.Paths) != len(want) {
		t.Errorf("%d paths, want %d", len(doc.Paths), len(want))
	}
	for path, methods := range want {
		item := doc.Paths[path]
		if item == nil {
			t.Errorf("no path %s", path)
			continue
		}
		ops := map[string]*openapi.Operation{"get": item.Get, "post": item.Post, "put": item.Put, "delete": item.Delete}
		for _, m := range methods {
			if ops[m] == nil {
				t.Errorf("no %s %s", m, path)
			}
		}
	}
	for _, name := range []string{"Pet", "NewPet", "Owner", "Page_Pet", "PetSummary", "Order", "HTTPValidationError", "ValidationError"} {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("no component %s", name)
		}
	}
}
