package router

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/lambdaroute/lambdaroute/openapi"
)

// SwaggerConfig configures the Swagger UI page that EnableSwagger adds.
type SwaggerConfig struct {
	// Path is the page's route, "/swagger" by default.
	Path string

	// Title is the page's title and the served document's info.title,
	// by default the document's own title.
	Title string

	// AssetsBaseURL is the base URL, such as a CDN's, of the
	// swagger-ui-bundle.js and swagger-ui.css files that the page loads.
	// When empty the app serves the copies embedded in package openapi
	// (swagger-ui-dist openapi.SwaggerUIVersion) at
	// Path/swagger-ui-bundle.js and Path/swagger-ui.css, so the page works
	// without network access.
	AssetsBaseURL string

	// Middlewares wrap the page and asset routes, for example to require
	// authentication.
	Middlewares []Middleware

	// Compress gzips the page and the served assets for clients that
	// accept gzip. The script bundle is compressed once and kept.
	Compress bool

	// PersistAuthorization keeps the credentials entered in Swagger UI's
	// Authorize dialog across reloads of the page.
	PersistAuthorization bool
}

// defaultSwaggerPath is the page's route when SwaggerConfig.Path is
// empty, the same as Powertools' default.
const defaultSwaggerPath = "/swagger"

// EnableSwagger registers GET cfg.Path, which serves the OpenAPI document
// as a Swagger UI page, or as JSON (two-space indented) with
// ?format=json. The routes are hidden from the document and not
// validated. As in Powertools, when the document keeps the default server
// "/", the served copy names the API Gateway stage instead ("/dev"), so
// that "Try it out" calls reach the API through the stage's URL.
func (r *Resolver[E, R]) EnableSwagger(cfg SwaggerConfig) {
	pagePath := cleanSwaggerPath(cfg.Path)
	opts := []RouteOption{Hidden(), Validate(false), WithMiddlewares(cfg.Middlewares...)}
	pageOpts := opts
	if cfg.Compress {
		pageOpts = append(pageOpts[:len(opts):len(opts)], Compress())
	}
	r.Get(pagePath, r.app.swaggerHandler(cfg, pagePath), pageOpts...)
	if cfg.AssetsBaseURL != "" {
		return
	}
	for _, asset := range openapi.SwaggerUIAssets() {
		r.Get(path.Join(pagePath, asset.Name), swaggerAssetHandler(asset, cfg.Compress), opts...)
	}
}

// cleanSwaggerPath returns p as a route path: the default when empty, with
// a leading slash and without a trailing one.
func cleanSwaggerPath(p string) string {
	if p == "" {
		return defaultSwaggerPath
	}
	return path.Clean("/" + p)
}

// swaggerHandler serves the document as JSON or as the Swagger UI page.
//
// NOTE: unlike Powertools, there is no ?format=oauth2-redirect page, so
// Swagger UI's OAuth2 authorization-code and implicit flows cannot return
// to the page.
func (a *app) swaggerHandler(cfg SwaggerConfig, pagePath string) func(*Request) (*Response, error) {
	return func(req *Request) (*Response, error) {
		doc, err := a.spec().Document()
		if err != nil {
			return nil, err
		}
		doc = a.servedDocument(doc, cfg.Title, req.basePath)
		if req.Query.Get("format") == "json" {
			body, err := indentedJSON(doc)
			if err != nil {
				return nil, fmt.Errorf("encoding the OpenAPI document: %w", err)
			}
			return &Response{StatusCode: http.StatusOK, Header: jsonHeader(), Body: body}, nil
		}
		page := openapi.SwaggerUI{
			Title:                doc.Info.Title,
			ScriptURL:            swaggerAssetURL(cfg, req, pagePath, "swagger-ui-bundle.js"),
			StyleURL:             swaggerAssetURL(cfg, req, pagePath, "swagger-ui.css"),
			PersistAuthorization: cfg.PersistAuthorization,
		}
		body, err := page.Render(doc)
		if err != nil {
			return nil, err
		}
		h := http.Header{}
		h.Set("Content-Type", "text/html; charset=utf-8")
		return &Response{StatusCode: http.StatusOK, Header: h, Body: body}, nil
	}
}

// servedDocument returns doc, or a shallow copy with the title replaced and,
// when the configuration leaves the servers to their default "/", the
// request's API Gateway stage as the server.
func (a *app) servedDocument(doc *openapi.Document, title, basePath string) *openapi.Document {
	stage := basePath != "" && a.cfg.openapi.config.UsesDefaultServers()
	if title == "" && !stage {
		return doc
	}
	cp := *doc
	if title != "" {
		cp.Info.Title = title
	}
	if stage {
		cp.Servers = []openapi.Server{{URL: basePath}}
	}
	return &cp
}

// indentedJSON encodes doc with two-space indentation and without
// escaping "<", ">" and "&", as Powertools' get_openapi_json_schema writes
// it.
func indentedJSON(doc *openapi.Document) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// swaggerAssetURL returns the URL the page loads an asset from. Served
// assets get a URL relative to the page, because the page's absolute path
// may carry an API Gateway stage or a prefix that routing strips. The
// version in the query makes browsers fetch the new file after an upgrade.
func swaggerAssetURL(cfg SwaggerConfig, req *Request, pagePath, name string) string {
	if cfg.AssetsBaseURL != "" {
		return strings.TrimRight(cfg.AssetsBaseURL, "/") + "/" + name
	}
	rel := "./" + path.Base(pagePath) + "/" + name
	if strings.HasSuffix(req.RawPath, "/") {
		// The page URL ends in "/", so the browser resolves from the
		// page's own folder.
		rel = "./" + name
	}
	return rel + "?v=" + openapi.SwaggerUIVersion
}

// swaggerAssetHandler serves one embedded Swagger UI file, gzip-compressed
// for clients that accept it when compress is set.
func swaggerAssetHandler(asset *openapi.Asset, compress bool) func(*Request) (*Response, error) {
	return func(req *Request) (*Response, error) {
		h := http.Header{}
		h.Set("Content-Type", asset.ContentType)
		h.Set("Cache-Control", "public, max-age=86400")
		if compress && acceptsGzip(req.Header) {
			body, err := asset.Gzip()
			if err != nil {
				return nil, err
			}
			h.Set("Content-Encoding", "gzip")
			h.Add("Vary", "Accept-Encoding")
			return &Response{StatusCode: http.StatusOK, Header: h, Body: body}, nil
		}
		return &Response{StatusCode: http.StatusOK, Header: h, Body: asset.Bytes()}, nil
	}
}
