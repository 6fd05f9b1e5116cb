package openapi

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaroute/lambdaroute/binder"
)

type (
	specTodo struct {
		Title string `json:"title" jsonschema:"required"`
	}
	specQuery struct {
		Limit  int    `query:"limit" jsonschema:"default=10,minimum=1,description=Page size"`
		Key    string `header:"x-api-key" jsonschema:"required"`
		Type   string `header:"content-type"`
		Theme  string `cookie:"theme"`
		ItemID int    `path:"item_id" jsonschema:"minimum=1"`
	}
	specBroken struct {
		Callback func() `json:"callback"`
	}
)

func createSpecTodo(todo specTodo) specTodo                  { return todo }
func getSpecItem(id string, q specQuery) *specTodo           { return nil }
func deleteSpecTodo(ctx context.Context, id int) error       { return nil }
func specText() string                                       { return "" }
func specFile() io.Reader                                    { return nil }
func specOptionalBody(todo *specTodo) map[string]any         { return nil }
func specBrokenBody(b specBroken) string                     { return "" }
func specPathOnly(r *specRequest) (map[string]string, error) { return nil, nil }

// specRequest stands for the router's request type.
type specRequest struct{}

// specRoute builds a Route for handler at path.
func specRoute(t *testing.T, method, path string, params []string, handler any) Route {
	t.Helper()
	plan, err := binder.New(handler, params, binder.Options{RequestType: reflect.TypeFor[*specRequest]()})
	if err != nil {
		t.Fatal(err)
	}
	return Route{Method: method, Path: path, PathParams: params, Plan: plan, Handler: handler}
}

// operationJSON returns the document's operation at path and method as
// JSON text.
func operationJSON(t *testing.T, doc *Document, path, method string) string {
	t.Helper()
	item := doc.Paths[path]
	if item == nil {
		t.Fatalf("no path %q in the document", path)
	}
	ops := map[string]*Operation{"GET": item.Get, "POST": item.Post, "DELETE": item.Delete, "PUT": item.Put}
	if ops[method] == nil {
		t.Fatalf("no %s operation at %q", method, path)
	}
	return marshalSchema(t, ops[method])
}

func TestDocumentOperations(t *testing.T) {
	spec, err := NewSpec(Config{})
	if err != nil {
		t.Fatal(err)
	}
	post := specRoute(t, "POST", "/todos", nil, createSpecTodo)
	spec.Add(post)
	get := specRoute(t, "GET", "/items/{id}/{item_id}", []string{"id", "item_id"}, getSpecItem)
	get.Summary, get.Description, get.Tags, get.Deprecated, get.OperationID = "Get an item", "Long text", []string{"items"}, true, "getItem"
	spec.Add(get)
	spec.Add(specRoute(t, "DELETE", "/todos/{id}", []string{"id"}, deleteSpecTodo))
	spec.Add(specRoute(t, "GET", "/text", nil, specText))
	spec.Add(specRoute(t, "GET", "/file", nil, specFile))
	spec.Add(specRoute(t, "PUT", "/optional", nil, specOptionalBody))
	raw := specRoute(t, "GET", "/raw/{name}", []string{"name"}, specPathOnly)
	raw.RawResponse, raw.Status = true, 202
	spec.Add(raw)
	hidden := specRoute(t, "GET", "/hidden", nil, specText)
	hidden.Hidden = true
	spec.Add(hidden)
	spec.Add(specRoute(t, "PURGE", "/cache", nil, specText))
	// A second route with the same method and path, which the router
	// rejects at registration, does not replace the first.
	spec.Add(specRoute(t, "POST", "/todos", nil, specOptionalBody))

	doc, err := spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	const validationError = `"422":{"description":"Validation Error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HTTPValidationError"}}}}`
	tests := []struct {
		path, method, want string
	}{
		{"/todos", "POST", `{"summary":"POST /todos","operationId":"createSpecTodo_todos_post",` +
			`"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/specTodo"}}},"required":true},` +
			`"responses":{"200":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/specTodo"}}}},` + validationError + `}}`},
		{"/items/{id}/{item_id}", "GET", `{"tags":["items"],"summary":"Get an item","description":"Long text","operationId":"getItem",` +
			`"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}},` +
			`{"name":"item_id","in":"path","required":true,"schema":{"type":"integer","minimum":1}},` +
			`{"name":"limit","in":"query","description":"Page size","schema":{"type":"integer","minimum":1,"default":10}},` +
			`{"name":"x-api-key","in":"header","required":true,"schema":{"type":"string"}},` +
			`{"name":"theme","in":"cookie","schema":{"type":"string"}}],` +
			`"responses":{"200":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/specTodo"}}}},` + validationError + `},"deprecated":true}`},
		{"/todos/{id}", "DELETE", `{"summary":"DELETE /todos/{id}","operationId":"deleteSpecTodo_todos__id__delete",` +
			`"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],` +
			`"responses":{"204":{"description":"Successful Response"},` + validationError + `}}`},
		{"/text", "GET", `{"summary":"GET /text","operationId":"specText_text_get",` +
			`"responses":{"200":{"description":"Successful Response","content":{"text/plain":{"schema":{"type":"string"}}}},` + validationError + `}}`},
		{"/file", "GET", `{"summary":"GET /file","operationId":"specFile_file_get",` +
			`"responses":{"200":{"description":"Successful Response","content":{"application/octet-stream":{}}},` + validationError + `}}`},
		{"/optional", "PUT", `{"summary":"PUT /optional","operationId":"specOptionalBody_optional_put",` +
			`"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/specTodo"}}}},` +
			`"responses":{"200":{"description":"Successful Response","content":{"application/json":{"schema":{"type":"object"}}}},` + validationError + `}}`},
		{"/raw/{name}", "GET", `{"summary":"GET /raw/{name}","operationId":"specPathOnly_raw__name__get",` +
			`"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],` +
			`"responses":{"202":{"description":"Successful Response"},` + validationError + `}}`},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			if got := operationJSON(t, doc, tt.path, tt.method); got != tt.want {
				t.Errorf("operation = %s\nwant        %s", got, tt.want)
			}
		})
	}
	for _, absent := range []string{"/hidden", "/cache"} {
		if _, ok := doc.Paths[absent]; ok {
			t.Errorf("the document lists %s", absent)
		}
	}
	names := slices.Sorted(maps.Keys(doc.Components.Schemas))
	if got := strings.Join(names, ","); got != "HTTPValidationError,ValidationError,specTodo" {
		t.Errorf("components = %s", got)
	}
}

func TestDocumentDefaults(t *testing.T) {
	spec, err := NewSpec(Config{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	got := marshalSchema(t, doc)
	const want = `{"openapi":"3.1.0","info":{"title":"lambdaroute API","version":"1.0.0"},"servers":[{"url":"/"}],"paths":{},` +
		`"components":{"schemas":{"HTTPValidationError":{"properties":{"statusCode":{"type":"integer"},"detail":{"items":{"$ref":"#/components/schemas/ValidationError"},"type":"array"}},"type":"object","required":["statusCode","detail"]},` +
		`"ValidationError":{"properties":{"loc":{"items":{"anyOf":[{"type":"string"},{"type":"integer"}]},"type":"array"},"type":{"type":"string"}},"type":"object","required":["loc","type"]}}}}`
	if got != want {
		t.Errorf("document = %s\nwant       %s", got, want)
	}
}

func TestDocumentConfig(t *testing.T) {
	cfg := Config{
		Title: "Shop", Version: "2.1.0", Description: "Sells things", TermsOfService: "https://example.com/terms",
		Contact: &Contact{Name: "Shop team", Email: "shop@example.com"},
		License: &License{Name: "Apache 2.0", Identifier: "Apache-2.0"},
		Servers: []Server{{URL: "https://api.example.com", Description: "production"}},
		Tags:    []Tag{{Name: "items", Description: "Things for sale"}},
		SecuritySchemes: map[string]*SecurityScheme{
			"apiKey": {Type: "apiKey", Name: "x-api-key", In: "header"},
			"oauth":  {Type: "oauth2", Flows: &OAuthFlows{ClientCredentials: &OAuthFlow{TokenURL: "https://example.com/token"}}},
		},
		Security: []SecurityRequirement{{"apiKey": {}}},
	}
	spec, err := NewSpec(cfg)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]any{
		`{"title":"Shop","description":"Sells things","termsOfService":"https://example.com/terms","contact":{"name":"Shop team","email":"shop@example.com"},"license":{"name":"Apache 2.0","identifier":"Apache-2.0"},"version":"2.1.0"}`: doc.Info,
		`[{"url":"https://api.example.com","description":"production"}]`: doc.Servers,
		`[{"name":"items","description":"Things for sale"}]`:             doc.Tags,
		`[{"apiKey":[]}]`: doc.Security,
		`{"apiKey":{"type":"apiKey","name":"x-api-key","in":"header"},"oauth":{"type":"oauth2","flows":{"clientCredentials":{"tokenUrl":"https://example.com/token","scopes":{}}}}}`: doc.Components.SecuritySchemes,
	}
	for want, part := range checks {
		if got := marshalSchema(t, part); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	if cfg.SecuritySchemes["oauth"].Flows.ClientCredentials.Scopes != nil {
		t.Error("Document changed the caller's OAuth flow")
	}
}

func TestConfigCheck(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown scheme", Config{Security: []SecurityRequirement{{"jwt": nil}}}, `names scheme "jwt"`},
		{"scheme without type", Config{SecuritySchemes: map[string]*SecurityScheme{"jwt": {}}}, `security scheme "jwt" has no type`},
		{"tag twice", Config{Tags: []Tag{{Name: "a"}, {Name: "a"}}}, `tag "a" is listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSpec(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewSpec error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestDocumentIsLazyAndCached(t *testing.T) {
	spec, err := NewSpec(Config{})
	if err != nil {
		t.Fatal(err)
	}
	// A type that cannot be described is not looked at when it is added.
	spec.Add(specRoute(t, "POST", "/broken", nil, specBrokenBody))
	if _, err := spec.Document(); err == nil || !strings.Contains(err.Error(), "POST /broken") {
		t.Fatalf("Document error = %v, want one naming POST /broken", err)
	}

	spec, _ = NewSpec(Config{})
	spec.Add(specRoute(t, "POST", "/todos", nil, createSpecTodo))
	var wg sync.WaitGroup
	docs := make([]*Document, 8)
	for i := range docs {
		wg.Go(func() {
			doc, err := spec.Document()
			if err != nil {
				t.Error(err)
			}
			docs[i] = doc
		})
	}
	wg.Wait()
	for i, doc := range docs {
		if doc != docs[0] {
			t.Fatalf("concurrent call %d built a second document", i)
		}
	}
	spec.Add(specRoute(t, "GET", "/text", nil, specText))
	again, err := spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	if again == docs[0] || again.Paths["/text"] == nil {
		t.Error("a route added after the first call is not in the next document")
	}
	if docs[0].Paths["/text"] != nil {
		t.Error("the first document changed after it was returned")
	}
}

func TestOperationIDs(t *testing.T) {
	spec, _ := NewSpec(Config{})
	spec.Add(specRoute(t, "GET", "/text", nil, specText))
	explicit := specRoute(t, "GET", "/other", nil, specText)
	explicit.OperationID = "specText_text_get"
	spec.Add(explicit)
	spec.Add(specRoute(t, "GET", "/a-b/c.d", nil, func() string { return "" }))
	doc, err := spec.Document()
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Paths["/text"].Get.OperationID; got != "specText_text_get_2" {
		t.Errorf("generated id clashing with a set one = %q", got)
	}
	if got := doc.Paths["/other"].Get.OperationID; got != "specText_text_get" {
		t.Errorf("set id = %q", got)
	}
	if got := doc.Paths["/a-b/c.d"].Get.OperationID; got != "TestOperationIDs_func1_a_b_c_d_get" {
		t.Errorf("closure id = %q", got)
	}
}

func TestFuncName(t *testing.T) {
	var s server
	tests := []struct {
		fn   any
		want string
	}{
		{createSpecTodo, "createSpecTodo"},
		{s.handle, "server.handle"},
		{(*server).handle, "server.handle"},
		{func() {}, "TestFuncName.func1"},
		{"not a func", "handler"},
		{(func())(nil), "handler"},
	}
	for _, tt := range tests {
		if got := FuncName(tt.fn); got != tt.want {
			t.Errorf("FuncName(%T) = %q, want %q", tt.fn, got, tt.want)
		}
	}
}

type server struct{}

func (*server) handle() {}

func TestDocumentJSONIsStable(t *testing.T) {
	build := func() string {
		spec, _ := NewSpec(Config{})
		spec.Add(specRoute(t, "POST", "/todos", nil, createSpecTodo))
		spec.Add(specRoute(t, "GET", "/items/{id}/{item_id}", []string{"id", "item_id"}, getSpecItem))
		doc, err := spec.Document()
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first := build()
	for range 10 {
		if got := build(); got != first {
			t.Fatalf("two builds differ:\n%s\n%s", first, got)
		}
	}
}
