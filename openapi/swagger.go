package openapi

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"sync"
)

// SwaggerUIVersion is the version of the npm package swagger-ui-dist whose
// files are embedded in this package (in swaggerui/, with the package's
// Apache 2.0 license).
const SwaggerUIVersion = "5.35.0"

var (
	//go:embed swaggerui/swagger-ui-bundle.js
	swaggerUIBundle string

	//go:embed swaggerui/swagger-ui.css
	swaggerUIStyle string
)

// Asset is one embedded Swagger UI file, which an app serves so that its
// Swagger UI page works without network access.
type Asset struct {
	Name        string // file name, such as "swagger-ui-bundle.js"
	ContentType string

	data string

	gzipOnce sync.Once
	gzipped  []byte
	gzipErr  error
}

var swaggerUIAssets = []*Asset{
	{Name: "swagger-ui-bundle.js", ContentType: "text/javascript; charset=utf-8", data: swaggerUIBundle},
	{Name: "swagger-ui.css", ContentType: "text/css; charset=utf-8", data: swaggerUIStyle},
}

// SwaggerUIAssets returns the embedded files the Swagger UI page loads:
// the script bundle and the style sheet.
func SwaggerUIAssets() []*Asset { return swaggerUIAssets }

// Bytes returns a copy of the file, which the caller may change.
func (a *Asset) Bytes() []byte { return []byte(a.data) }

// Gzip returns a copy of the file compressed with gzip. The file is
// compressed once, on the first call, because the script bundle is large
// enough (1.7 MB) that compressing it per request would cost more than
// sending it.
func (a *Asset) Gzip() ([]byte, error) {
	a.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err == nil {
			_, err = zw.Write([]byte(a.data))
		}
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			a.gzipErr = fmt.Errorf("openapi: compressing %s: %w", a.Name, err)
			return
		}
		a.gzipped = buf.Bytes()
	})
	if a.gzipErr != nil {
		return nil, a.gzipErr
	}
	return bytes.Clone(a.gzipped), nil
}

// SwaggerUI is the HTML page that shows a document with Swagger UI.
type SwaggerUI struct {
	Title string // the page's title

	// ScriptURL and StyleURL locate swagger-ui-bundle.js and
	// swagger-ui.css, either served by the app from SwaggerUIAssets or
	// from a CDN.
	ScriptURL string
	StyleURL  string

	// PersistAuthorization keeps the credentials entered in the
	// Authorize dialog across page reloads, in the browser's local storage.
	PersistAuthorization bool
}

// Render returns the page with doc embedded. The document is written as
// JSON in which encoding/json escapes "<", ">" and "&" (as \u003c ...),
// so no text in it, such as a description containing "</script>", can end
// the script element it sits in.
func (p SwaggerUI) Render(doc *Document) ([]byte, error) {
	spec, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: encoding the document for the Swagger UI page: %w", err)
	}
	var b strings.Builder
	b.Grow(len(spec) + 1024)
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`)
	b.WriteString(html.EscapeString(p.Title))
	b.WriteString(`</title>
<link rel="stylesheet" href="`)
	b.WriteString(html.EscapeString(p.StyleURL))
	b.WriteString(`">
</head>
<body>
<div id="swagger-ui"></div>
<script id="openapi-document" type="application/json">`)
	b.Write(spec)
	b.WriteString(`</script>
<script src="`)
	b.WriteString(html.EscapeString(p.ScriptURL))
	b.WriteString(`"></script>
<script>
window.ui = SwaggerUIBundle({
  spec: JSON.parse(document.getElementById("openapi-document").textContent),
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: `)
	fmt.Fprint(&b, p.PersistAuthorization)
	// validatorUrl null keeps Swagger UI from sending the document to
	// validator.swagger.io, and BaseLayout needs no standalone preset file.
	b.WriteString(`,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
</script>
</body>
</html>
`)
	return []byte(b.String()), nil
}
