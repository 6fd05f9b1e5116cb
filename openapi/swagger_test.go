package openapi

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"
)

func TestSwaggerUIRender(t *testing.T) {
	spec, err := NewSpec(Config{Title: `Shop </script><script>alert(1)</script>`, Description: "a < b && c > d"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	page, err := SwaggerUI{
		Title:                `Shop "docs" <b>`,
		ScriptURL:            "./swagger/swagger-ui-bundle.js?v=1&x=2",
		StyleURL:             "https://cdn.example.com/swagger-ui.css",
		PersistAuthorization: true,
	}.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{
		"<!doctype html>",
		`<title>Shop &#34;docs&#34; &lt;b&gt;</title>`,
		`<link rel="stylesheet" href="https://cdn.example.com/swagger-ui.css">`,
		`<script src="./swagger/swagger-ui-bundle.js?v=1&amp;x=2"></script>`,
		`"title":"Shop \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"`,
		`"description":"a \u003c b \u0026\u0026 c \u003e d"`,
		"persistAuthorization: true",
		"validatorUrl: null",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// The page has exactly its own three script elements: the document,
	// the bundle and the start-up code.
	if n := strings.Count(html, "</script>"); n != 3 {
		t.Errorf("page has %d </script> tags, want 3", n)
	}
}

func TestSwaggerUIAssets(t *testing.T) {
	assets := SwaggerUIAssets()
	if len(assets) != 2 {
		t.Fatalf("%d assets, want the bundle and the style sheet", len(assets))
	}
	for _, a := range assets {
		t.Run(a.Name, func(t *testing.T) {
			data := a.Bytes()
			if len(data) < 100_000 {
				t.Errorf("%s has %d bytes; the embedded file looks truncated", a.Name, len(data))
			}
			data[0] = 'X'
			if a.Bytes()[0] == 'X' {
				t.Error("Bytes returned the embedded data itself, not a copy")
			}
			zipped, err := a.Gzip()
			if err != nil {
				t.Fatal(err)
			}
			if len(zipped) >= len(data) {
				t.Errorf("gzip output %d bytes is not smaller than %d", len(zipped), len(data))
			}
			zr, err := gzip.NewReader(bytes.NewReader(zipped))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, a.Bytes()) {
				t.Error("gzip output does not decompress to the file")
			}
		})
	}
	if !strings.Contains(swaggerUIBundle, `"`+SwaggerUIVersion+`"`) {
		t.Errorf("the embedded bundle is not swagger-ui %s", SwaggerUIVersion)
	}
}
