package router_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/openapi"
	"github.com/lambdaroute/lambdaroute/router"
)

// newSwaggerApp returns a REST app with one route and Swagger UI enabled
// with cfg.
func newSwaggerApp(cfg router.SwaggerConfig, opts ...router.Option) *router.APIGatewayRestResolver {
	app := router.NewAPIGatewayRestResolver(opts...)
	app.Get("/todos/<todo_id>", func(todoID int) todoModel { return todoModel{Title: "x"} },
		router.Description("Ends with </script><script>alert(1)</script>"))
	app.EnableSwagger(cfg)
	return app
}

// serveLocally sends one request through ServeHTTP.
func serveLocally(app http.Handler, method, target string, header http.Header) *http.Response {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	return rec.Result()
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSwaggerJSON(t *testing.T) {
	app := newSwaggerApp(router.SwaggerConfig{Path: "/swagger", Title: "T"})
	resp := serveLocally(app, "GET", "/swagger?format=json", nil)
	body := readAll(t, resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d, body %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if want := "{\n  \"openapi\": \"3.1.0\",\n  \"info\": {\n    \"title\": \"T\""; !strings.HasPrefix(body, want) {
		t.Errorf("body starts %q, want %q", body[:min(len(body), 60)], want)
	}
	if strings.HasSuffix(body, "\n") {
		t.Error("body ends with a newline")
	}
	if !strings.Contains(body, `"description": "Ends with </script><script>alert(1)</script>"`) {
		t.Error("the JSON form escapes or loses the description")
	}
	if strings.Contains(body, "/swagger") {
		t.Error("the Swagger routes are in the document")
	}
	doc, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Info.Title != openapi.DefaultTitle {
		t.Errorf("SwaggerConfig.Title changed the app's document: %q", doc.Info.Title)
	}
}

func TestSwaggerPage(t *testing.T) {
	app := newSwaggerApp(router.SwaggerConfig{PersistAuthorization: true})
	resp := serveLocally(app, "GET", "/swagger", nil)
	page := readAll(t, resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	for _, want := range []string{
		`<title>lambdaroute API</title>`,
		`href="./swagger/swagger-ui.css?v=` + openapi.SwaggerUIVersion + `"`,
		`src="./swagger/swagger-ui-bundle.js?v=` + openapi.SwaggerUIVersion + `"`,
		`\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`,
		"persistAuthorization: true",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(page, "</script>"); n != 3 {
		t.Errorf("page has %d </script> tags, want the page's own 3", n)
	}

	slash := serveLocally(app, "GET", "/swagger/", nil)
	if page := readAll(t, slash.Body); !strings.Contains(page, `src="./swagger-ui-bundle.js?v=`) {
		t.Errorf("page at /swagger/ does not load the bundle from its own folder:\n%.600s", page)
	}
}

func TestSwaggerAssets(t *testing.T) {
	app := newSwaggerApp(router.SwaggerConfig{Compress: true})
	for _, asset := range openapi.SwaggerUIAssets() {
		t.Run(asset.Name, func(t *testing.T) {
			plain := serveLocally(app, "GET", "/swagger/"+asset.Name, nil)
			body := readAll(t, plain.Body)
			if plain.StatusCode != 200 || plain.Header.Get("Content-Type") != asset.ContentType {
				t.Fatalf("status %d, Content-Type %q", plain.StatusCode, plain.Header.Get("Content-Type"))
			}
			if body != string(asset.Bytes()) {
				t.Error("served file differs from the embedded one")
			}
			zipped := serveLocally(app, "GET", "/swagger/"+asset.Name, http.Header{"Accept-Encoding": {"gzip, deflate"}})
			if zipped.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding = %q with Accept-Encoding gzip", zipped.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(zipped.Body)
			if err != nil {
				t.Fatal(err)
			}
			if readAll(t, zr) != body {
				t.Error("gzip body does not decompress to the file")
			}
		})
	}
}

func TestSwaggerAssetsOnLambda(t *testing.T) {
	app := newSwaggerApp(router.SwaggerConfig{Compress: true})
	e := swaggerDocEvent(t)
	e.Path, e.QueryStringParameters, e.MultiValueQueryStringParameters = "/swagger/swagger-ui.css", nil, nil
	e.MultiValueHeaders["Accept-Encoding"] = []string{"gzip"}
	resp, err := app.Resolve(t.Context(), e)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !resp.IsBase64Encoded {
		t.Fatalf("status %d, base64 %v", resp.StatusCode, resp.IsBase64Encoded)
	}
	raw, err := base64.StdEncoding.DecodeString(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(readAll(t, zr), ".swagger-ui") {
		t.Error("the decompressed body is not the style sheet")
	}
}

func TestSwaggerAssetsBaseURL(t *testing.T) {
	app := newSwaggerApp(router.SwaggerConfig{Path: "/docs/", AssetsBaseURL: "https://cdn.example.com/swagger-ui/5/"})
	page := readAll(t, serveLocally(app, "GET", "/docs", nil).Body)
	for _, want := range []string{
		`src="https://cdn.example.com/swagger-ui/5/swagger-ui-bundle.js"`,
		`href="https://cdn.example.com/swagger-ui/5/swagger-ui.css"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if resp := serveLocally(app, "GET", "/docs/swagger-ui-bundle.js", nil); resp.StatusCode != 404 {
		t.Errorf("bundle served with AssetsBaseURL set: status %d", resp.StatusCode)
	}
}

func TestSwaggerMiddlewares(t *testing.T) {
	deny := func(req *router.Request, next router.Next) (*router.Response, error) {
		if req.Header.Get("Authorization") != "Bearer ok" {
			return nil, router.Unauthorized("log in to read the API docs")
		}
		return next(req)
	}
	app := newSwaggerApp(router.SwaggerConfig{Middlewares: []router.Middleware{deny}})
	for _, target := range []string{"/swagger", "/swagger?format=json", "/swagger/swagger-ui-bundle.js"} {
		if resp := serveLocally(app, "GET", target, nil); resp.StatusCode != 401 {
			t.Errorf("%s without credentials: status %d, want 401", target, resp.StatusCode)
		}
		if resp := serveLocally(app, "GET", target, http.Header{"Authorization": {"Bearer ok"}}); resp.StatusCode != 200 {
			t.Errorf("%s with credentials: status %d, want 200", target, resp.StatusCode)
		}
	}
	if resp := serveLocally(app, "GET", "/todos/1", nil); resp.StatusCode != 200 {
		t.Errorf("the Swagger middleware wraps other routes: status %d", resp.StatusCode)
	}
}

func TestSwaggerServerFollowsStage(t *testing.T) {
	serversOf := func(t *testing.T, body string) string {
		var doc openapi.Document
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		servers, err := json.Marshal(doc.Servers)
		if err != nil {
			t.Fatal(err)
		}
		return string(servers)
	}
	t.Run("REST stage", func(t *testing.T) {
		got := replayBoth(t, newSwaggerApp(router.SwaggerConfig{}), swaggerDocEvent(t))
		if s := serversOf(t, got.Body); s != `[{"url":"/Prod"}]` {
			t.Errorf("servers = %s", s)
		}
	})
	t.Run("REST custom domain", func(t *testing.T) {
		e := swaggerDocEvent(t)
		e.RequestContext.Path = "/swagger"
		got := replayBoth(t, newSwaggerApp(router.SwaggerConfig{}), e)
		if s := serversOf(t, got.Body); s != `[{"url":"/"}]` {
			t.Errorf("servers = %s", s)
		}
	})
	t.Run("configured servers", func(t *testing.T) {
		app := newSwaggerApp(router.SwaggerConfig{},
			router.WithOpenAPI(router.OpenAPIConfig{Servers: []openapi.Server{{URL: "https://api.example.com"}}}))
		got := replayBoth(t, app, swaggerDocEvent(t))
		if s := serversOf(t, got.Body); s != `[{"url":"https://api.example.com"}]` {
			t.Errorf("servers = %s", s)
		}
	})
	t.Run("HTTP API stage", func(t *testing.T) {
		app := router.NewAPIGatewayHTTPResolver()
		app.EnableSwagger(router.SwaggerConfig{})
		e := loadEventFile[events.APIGatewayV2HTTPRequest](t, powertoolsEventsDir, "apiGatewayProxyV2Event_GET.json")
		e.RawPath, e.RawQueryString, e.QueryStringParameters = "/dev/swagger", "format=json", nil
		e.RequestContext.Stage = "dev"
		got := replayBoth(t, app, e)
		if s := serversOf(t, got.Body); s != `[{"url":"/dev"}]` {
			t.Errorf("servers = %s (status %d)", s, got.StatusCode)
		}
	})
}

func TestSwaggerValidatedApp(t *testing.T) {
	app := newSwaggerApp(router.SwaggerConfig{}, router.WithValidation())
	for _, target := range []string{"/swagger?format=json&unknown=1", "/swagger"} {
		if resp := serveLocally(app, "GET", target, nil); resp.StatusCode != 200 {
			t.Errorf("%s: status %d", target, resp.StatusCode)
		}
	}
}
