package openapi

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaroute/lambdaroute/binder"
)

type (
	validateQuery struct {
		Limit  int      `query:"limit" jsonschema:"exclusiveMinimum=0"`
		Name   string   `query:"name"`
		Sizes  []int    `query:"size"`
		Key    string   `header:"x-api-key" jsonschema:"required"`
		Theme  string   `cookie:"theme" jsonschema:"enum=dark,enum=light"`
		Colors []string `query:"color" jsonschema:"minItems=2"`
		Page   *int     `query:"page" jsonschema:"minimum=1"`
	}
	validateItem struct {
		Name  string            `json:"name" jsonschema:"required,minLength=1"`
		Price float64           `json:"price" jsonschema:"exclusiveMinimum=0"`
		Tags  []string          `json:"tags,omitempty"`
		Attrs map[string]string `json:"attrs,omitempty"`
		Next  *validateItem     `json:"next,omitempty"`
	}
	validateBadPattern struct {
		Code string `query:"code" jsonschema:"pattern=(?<=a)b"`
	}
)

func validateItemHandler(id int, q validateQuery, item validateItem) validateItem { return item }
func validateOptionalBody(item *validateItem) any                                 { return nil }
func validateNothing() map[string]any                                             { return nil }
func validateText(q validateQuery) string                                         { return "" }
func validateBadPatternHandler(q validateBadPattern) string                       { return "" }

// newValidator compiles the validator of one route.
func newValidator(t *testing.T, method, path string, params []string, handler any) (*Validator, *Endpoint) {
	t.Helper()
	spec, err := NewSpec(Config{})
	if err != nil {
		t.Fatal(err)
	}
	e := spec.Add(specRoute(t, method, path, params, handler))
	v, err := e.Validator()
	if err != nil {
		t.Fatal(err)
	}
	return v, e
}

// requestInput builds a binder input from a query string, headers and a
// body.
func requestInput(pathValues []string, query string, header http.Header, body string) *binder.Input {
	q, _ := url.ParseQuery(query)
	if header == nil {
		header = http.Header{}
	}
	in := &binder.Input{PathValues: pathValues, Query: q, Header: header, Body: []byte(body)}
	for _, c := range header.Values("Cookie") {
		cookies, _ := http.ParseCookie(c)
		in.Cookies = append(in.Cookies, cookies...)
	}
	return in
}

// detailJSON returns err's status and detail as JSON, or "ok".
func detailJSON(t *testing.T, err *binder.RequestError) string {
	t.Helper()
	if err == nil {
		return "ok"
	}
	b, jerr := json.Marshal(err.Detail)
	if jerr != nil {
		t.Fatal(jerr)
	}
	return strings.TrimSpace(http.StatusText(err.Status)) + " " + string(b)
}

func TestValidateRequest(t *testing.T) {
	v, _ := newValidator(t, "POST", "/items/{id}", []string{"id"}, validateItemHandler)
	key := http.Header{"X-Api-Key": {"k"}}
	tests := []struct {
		name   string
		path   string
		query  string
		header http.Header
		body   string
		want   string
	}{
		{"valid", "1", "limit=2&size=1&size=2&color=a&color=b", http.Header{"X-Api-Key": {"k"}, "Cookie": {"theme=dark"}},
			`{"name":"a","price":1.5,"attrs":{"k":"v"},"next":null}`, "ok"},
		{"everything wrong", "x", "limit=0&size=1&size=y&color=a&page=z", http.Header{"Cookie": {"theme=pink"}},
			`{"price":0,"tags":"t","attrs":{"k":1},"next":{"name":""}}`,
			`Unprocessable Entity [{"loc":["path","id"],"type":"int_parsing"},{"loc":["query","limit"],"type":"greater_than"},` +
				`{"loc":["query","size",1],"type":"int_parsing"},{"loc":["query","color"],"type":"too_short"},` +
				`{"loc":["query","page"],"type":"int_parsing"},` +
				`{"loc":["header","x-api-key"],"type":"missing"},{"loc":["cookie","theme"],"type":"enum"},` +
				`{"loc":["body","name"],"type":"missing"},{"loc":["body","price"],"type":"greater_than"},` +
				`{"loc":["body","tags"],"type":"list_type"},{"loc":["body","attrs","k"],"type":"string_type"},` +
				`{"loc":["body","next","name"],"type":"string_too_short"}]`},
		{"pointer parameter below its minimum", "1", "page=0", key, `{"name":"a"}`,
			`Unprocessable Entity [{"loc":["query","page"],"type":"greater_than_equal"}]`},
		{"header names match in any case", "1", "", http.Header{http.CanonicalHeaderKey("X-API-KEY"): {"k"}}, `{"name":"a"}`, "ok"},
		{"not JSON", "1", "", key, `{"name":`, `Unprocessable Entity [{"loc":["body",8],"type":"json_invalid"}]`},
		{"415 keeps the other problems", "x", "", http.Header{"X-Api-Key": {"k"}, "Content-Type": {"text/plain"}}, `name=a`,
			`Unsupported Media Type [{"loc":["path","id"],"type":"int_parsing"},{"loc":["header","content-type"],"type":"unsupported_media_type"}]`},
		{"JSON with charset", "1", "", http.Header{"X-Api-Key": {"k"}, "Content-Type": {"application/json; charset=utf-8"}}, `{"name":"a"}`, "ok"},
		{"missing body", "1", "", key, ``, `Unprocessable Entity [{"loc":["body"],"type":"missing"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := detailJSON(t, v.ValidateRequest(requestInput([]string{tt.path}, tt.query, tt.header, tt.body)))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestValidateOptionalBody(t *testing.T) {
	v, _ := newValidator(t, "PUT", "/items", nil, validateOptionalBody)
	for body, want := range map[string]string{
		"":               "ok",
		"null":           "ok",
		`{"name":"a"}`:   "ok",
		`{"name":""}`:    `Unprocessable Entity [{"loc":["body","name"],"type":"string_too_short"}]`,
		`[{"name":"a"}]`: `Unprocessable Entity [{"loc":["body"],"type":"model_attributes_type"}]`,
	} {
		if got := detailJSON(t, v.ValidateRequest(requestInput(nil, "", nil, body))); got != want {
			t.Errorf("body %q: got %s, want %s", body, got, want)
		}
	}
	if v.ValidatesResponse() {
		t.Error("a handler returning any has its response validated")
	}
}

func TestValidateResponse(t *testing.T) {
	v, _ := newValidator(t, "POST", "/items/{id}", []string{"id"}, validateItemHandler)
	tests := []struct {
		body string
		want string
	}{
		{`{"name":"a","price":2}`, `null`},
		{`null`, `[{"loc":["response"],"type":"model_attributes_type"}]`},
		{``, `[{"loc":["response"],"type":"missing"}]`},
		{`{"name":"a",`, `[{"loc":["response",12],"type":"json_invalid"}]`},
		{`{"name":"","price":0,"tags":null}`,
			`[{"loc":["response","name"],"type":"string_too_short"},{"loc":["response","price"],"type":"greater_than"},{"loc":["response","tags"],"type":"list_type"}]`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(v.ValidateResponse([]byte(tt.body)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("response %q: got %s, want %s", tt.body, got, tt.want)
		}
	}
}

func TestValidatorSteps(t *testing.T) {
	tests := []struct {
		name              string
		params            []string
		handler           any
		request, response bool
	}{
		{"params, body and JSON result", []string{"id"}, validateItemHandler, true, true},
		{"nothing to check", nil, validateNothing, false, true},
		{"text result", nil, validateText, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newValidator(t, "POST", "/x", tt.params, tt.handler)
			if v.ValidatesRequest() != tt.request {
				t.Errorf("ValidatesRequest = %v, want %v", v.ValidatesRequest(), tt.request)
			}
			if v.ValidatesResponse() != tt.response {
				t.Errorf("ValidatesResponse = %v, want %v", v.ValidatesResponse(), tt.response)
			}
		})
	}
}

func TestValidatorSkipsTypeOnlyParameters(t *testing.T) {
	v, _ := newValidator(t, "POST", "/items/{id}", []string{"id"}, validateItemHandler)
	compiled := map[string]bool{}
	for _, p := range v.params {
		compiled[p.name] = p.schema != nil
	}
	want := map[string]bool{"id": false, "limit": true, "name": false, "size": false, "x-api-key": false, "theme": true, "color": true, "page": true}
	for name, w := range want {
		if compiled[name] != w {
			t.Errorf("parameter %s compiled = %v, want %v", name, compiled[name], w)
		}
	}
}

func TestValidatorUsesDocumentSchemas(t *testing.T) {
	v, e := newValidator(t, "POST", "/items/{id}", []string{"id"}, validateItemHandler)
	if v == nil {
		t.Fatal("no validator")
	}
	doc, err := e.spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	op := doc.Paths["/items/{id}"]
	if op.Post.RequestBody.Content["application/json"].Schema != e.schemas.body {
		t.Error("the document's request body schema is not the one the validator was compiled from")
	}
	if doc.Components.Schemas["validateItem"] != e.spec.reg.components["validateItem"] {
		t.Error("the document's component is not the registry's")
	}
}

func TestValidatorCompileError(t *testing.T) {
	spec, _ := NewSpec(Config{})
	e := spec.Add(specRoute(t, "GET", "/codes", nil, validateBadPatternHandler))
	_, err := e.Validator()
	if err == nil {
		t.Fatal("a pattern Go cannot compile was accepted")
	}
	for _, want := range []string{"GET /codes", `query parameter "code"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestValidatorConcurrentUse(t *testing.T) {
	v, _ := newValidator(t, "POST", "/items/{id}", []string{"id"}, validateItemHandler)
	const want = `Unprocessable Entity [{"loc":["body","name"],"type":"missing"},{"loc":["body","price"],"type":"greater_than"}]`
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				in := requestInput([]string{"1"}, "", http.Header{"X-Api-Key": {"k"}}, `{"price":-1}`)
				if got := detailJSON(t, v.ValidateRequest(in)); got != want {
					t.Errorf("got %s", got)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkValidateRequest(b *testing.B) {
	spec, _ := NewSpec(Config{})
	plan, err := binder.New(validateItemHandler, []string{"id"}, binder.Options{})
	if err != nil {
		b.Fatal(err)
	}
	v, err := spec.Add(Route{Method: "POST", Path: "/items/{id}", PathParams: []string{"id"}, Plan: plan}).Validator()
	if err != nil {
		b.Fatal(err)
	}
	in := requestInput([]string{"7"}, "limit=3", http.Header{"X-Api-Key": {"k"}}, `{"name":"lamp","price":12.5,"tags":["home"]}`)
	b.ReportAllocs()
	for b.Loop() {
		if err := v.ValidateRequest(in); err != nil {
			b.Fatal(err)
		}
	}
}
