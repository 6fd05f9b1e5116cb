package router_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/lambdaroute/lambdaroute/openapi"
	"github.com/lambdaroute/lambdaroute/router"
)

// swaggerDocEvent returns the shared case event that requests the
// document as JSON: GET /swagger?format=json through the Prod stage.
func swaggerDocEvent(t *testing.T) events.APIGatewayProxyRequest {
	return loadEventFile[events.APIGatewayProxyRequest](t, bugCasesDir, "B22.json")
}

// checkWithKinOpenAPI loads doc with kin-openapi and validates it as an
// OpenAPI 3.1 document.
func checkWithKinOpenAPI(t *testing.T, doc []byte) {
	t.Helper()
	loaded, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v", err)
	}
	if err := loaded.Validate(context.Background()); err != nil {
		t.Fatalf("kin-openapi rejects the document: %v", err)
	}
}

func TestOpenAPIPathParameterSyntax(t *testing.T) {
	documents := map[string]string{}
	for _, route := range []string{"/todos/<todo_id>", "/todos/{todo_id}"} {
		t.Run(route, func(t *testing.T) {
			app := router.NewAPIGatewayRestResolver()
			app.Get(route, func(todoID int) todoModel { return todoModel{Title: fmt.Sprint(todoID)} })
			app.EnableSwagger(router.SwaggerConfig{})
			got := replayBoth(t, app, swaggerDocEvent(t))
			if got.StatusCode != 200 {
				t.Fatalf("status = %d, body %s", got.StatusCode, got.Body)
			}
			if strings.ContainsAny(got.Body, "<>") {
				t.Errorf("the document has < or >: %s", got.Body)
			}
			var doc openapi.Document
			if err := json.Unmarshal([]byte(got.Body), &doc); err != nil {
				t.Fatal(err)
			}
			item := doc.Paths["/todos/{todo_id}"]
			if item == nil || item.Get == nil {
				t.Fatalf("no GET /todos/{todo_id} in %s", got.Body)
			}
			param, err := json.Marshal(item.Get.Parameters)
			if err != nil {
				t.Fatal(err)
			}
			if want := `[{"name":"todo_id","in":"path","required":true,"schema":{"type":"integer"}}]`; string(param) != want {
				t.Errorf("parameters = %s, want %s", param, want)
			}
			checkWithKinOpenAPI(t, []byte(got.Body))
			documents[route] = got.Body
		})
	}
	if documents["/todos/<todo_id>"] != documents["/todos/{todo_id}"] {
		t.Error("the two route spellings give different documents")
	}
}

func TestOpenAPIRouteOptions(t *testing.T) {
	app := router.NewAPIGatewayHTTPResolver(router.WithOpenAPI(router.OpenAPIConfig{Title: "Todos", Version: "2.0.0"}))
	app.Post("/todos", func(todo todoModel) todoModel { return todo },
		router.Summary("Create a todo"), router.Description("Stores it"), router.Tags("todos"),
		router.OperationID("createTodo"), router.Deprecated(), router.Status(201))
	app.Get("/raw", func() *router.Response { return router.Text(200, "hi") })
	app.Get("/hidden", func() string { return "" }, router.Hidden())
	sub := router.NewRouter()
	sub.Delete("/<id>", func(id int) error { return nil })
	app.Include(sub, "/v1/todos")

	doc, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Info.Title != "Todos" || doc.Info.Version != "2.0.0" {
		t.Errorf("info = %+v", doc.Info)
	}
	post, err := json.Marshal(doc.Paths["/todos"].Post)
	if err != nil {
		t.Fatal(err)
	}
	const wantPost = `{"tags":["todos"],"summary":"Create a todo","description":"Stores it","operationId":"createTodo",` +
		`"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/todoModel"}}},"required":true},` +
		`"responses":{"201":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/todoModel"}}}},` +
		`"422":{"description":"Validation Error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HTTPValidationError"}}}}},"deprecated":true}`
	if string(post) != wantPost {
		t.Errorf("POST /todos = %s\nwant             %s", post, wantPost)
	}
	if raw := doc.Paths["/raw"].Get.Responses["200"]; raw == nil || raw.Content != nil {
		t.Errorf("a *router.Response result is documented with content: %+v", raw)
	}
	if _, ok := doc.Paths["/hidden"]; ok {
		t.Error("a hidden route is in the document")
	}
	del := doc.Paths["/v1/todos/{id}"]
	if del == nil || del.Delete == nil || del.Delete.Responses["204"] == nil {
		t.Errorf("the sub-router's DELETE is missing or lacks its 204: %+v", del)
	}
}

func TestOpenAPIIsLazyAndCached(t *testing.T) {
	type broken struct {
		Callback func() `json:"callback"`
	}
	app := router.NewAPIGatewayHTTPResolver()
	// Without validation nothing reflects the body type at registration.
	app.Post("/broken", func(b broken) string { return "" })
	if _, err := app.OpenAPI(); err == nil || !strings.Contains(err.Error(), "POST /broken") {
		t.Errorf("OpenAPI error = %v, want one naming POST /broken", err)
	}

	validated := router.NewAPIGatewayHTTPResolver(router.WithValidation())
	msg := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		validated.Post("/broken", func(b broken) string { return "" })
		return ""
	}()
	if !strings.Contains(msg, "POST /broken") || !strings.Contains(msg, "openapi_test.go") {
		t.Errorf("registration panic %q does not name the route and its site", msg)
	}

	good := router.NewAPIGatewayHTTPResolver()
	good.Get("/todos", func() []todoModel { return []todoModel{} })
	var wg sync.WaitGroup
	docs := make([]*openapi.Document, 8)
	for i := range docs {
		wg.Go(func() {
			doc, err := good.OpenAPI()
			if err != nil {
				t.Error(err)
			}
			docs[i] = doc
		})
	}
	wg.Wait()
	for i := range docs {
		if docs[i] != docs[0] {
			t.Fatalf("call %d built the document again", i)
		}
	}
}

func TestWithOpenAPIRejectsUnknownScheme(t *testing.T) {
	msg := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		router.WithOpenAPI(router.OpenAPIConfig{Security: []openapi.SecurityRequirement{{"jwt": nil}}})
		return ""
	}()
	for _, want := range []string{"router: WithOpenAPI", "openapi_test.go", `"jwt"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("panic %q does not mention %s", msg, want)
		}
	}
}

func TestOpenAPIConformanceDocument(t *testing.T) {
	app := router.NewAPIGatewayRestResolver(router.WithValidation())
	app.Get("/todos/<todo_id>", func(todoID int) todoModel { return todoModel{} },
		router.Summary("Get todo"), router.Tags("todos"), router.OperationID("getTodo"))
	app.Post("/todos", func(todo todoModel) todoModel { return todo })
	doc, err := app.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	checkWithKinOpenAPI(t, buf.Bytes())
	for _, want := range []string{
		`"openapi":"3.1.0"`,
		`"info":{"title":"lambdaroute API","version":"1.0.0"}`,
		`"servers":[{"url":"/"}]`,
		`"summary":"POST /todos"`,
		`"operationId":"TestOpenAPIConformanceDocument_func2_todos_post"`,
		`"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/todoModel"}}},"required":true}`,
		`"parameters":[{"name":"todo_id","in":"path","required":true,"schema":{"type":"integer"}}]`,
		`"200":{"description":"Successful Response","content":{"application/json":{"schema":{"$ref":"#/components/schemas/todoModel"}}}}`,
		`"422":{"description":"Validation Error","content":{"application/json":{"schema":{"$ref":"#/components/schemas/HTTPValidationError"}}}}`,
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("document lacks %s", want)
		}
	}
	if got := strings.Join(slices.Sorted(maps.Keys(doc.Components.Schemas)), ","); got != "HTTPValidationError,ValidationError,todoModel" {
		t.Errorf("components = %s", got)
	}
}
