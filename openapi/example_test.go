package openapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/lambdaroute/lambdaroute/binder"
	"github.com/lambdaroute/lambdaroute/openapi"
)

// Todo is the body and the result of the example route.
type Todo struct {
	Title string `json:"title" jsonschema:"required,minLength=1"`
	Done  bool   `json:"done"`
}

func createTodo(todo Todo) Todo { return todo }

// route describes POST /todos as the router would.
func route() openapi.Route {
	plan, err := binder.New(createTodo, nil, binder.Options{})
	if err != nil {
		panic(err)
	}
	return openapi.Route{Method: "POST", Path: "/todos", Plan: plan, Handler: createTodo}
}

func ExampleSpec_Document() {
	spec, err := openapi.NewSpec(openapi.Config{Title: "Todos", Version: "0.1.0"})
	if err != nil {
		panic(err)
	}
	spec.Add(route())
	doc, err := spec.Document()
	if err != nil {
		panic(err)
	}
	op := doc.Paths["/todos"].Post
	fmt.Println(doc.OpenAPI, doc.Info.Title, op.OperationID)
	body, _ := json.Marshal(op.RequestBody)
	fmt.Println(string(body))
	todo, _ := json.Marshal(doc.Components.Schemas["Todo"])
	fmt.Println(string(todo))
	// Output:
	// 3.1.0 Todos createTodo_todos_post
	// {"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Todo"}}},"required":true}
	// {"properties":{"title":{"type":"string","minLength":1},"done":{"type":"boolean"}},"type":"object","required":["title"]}
}

func ExampleEndpoint_Validator() {
	spec, err := openapi.NewSpec(openapi.Config{})
	if err != nil {
		panic(err)
	}
	v, err := spec.Add(route()).Validator()
	if err != nil {
		panic(err)
	}
	in := &binder.Input{Header: http.Header{}, Body: []byte(`{"title":"","done":"no"}`)}
	reqErr := v.ValidateRequest(in)
	detail, _ := json.Marshal(reqErr.Detail)
	fmt.Println(reqErr.Status, string(detail))

	resp, _ := json.Marshal(v.ValidateResponse([]byte(`{"done":true}`)))
	fmt.Println(string(resp))
	// Output:
	// 422 [{"loc":["body","title"],"type":"string_too_short"},{"loc":["body","done"],"type":"bool_type"}]
	// [{"loc":["response","title"],"type":"missing"}]
}
