package router_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// The shared sample events and bug-report cases, relative to this
// package's directory.
const (
	powertoolsEventsDir = "../../shared/events/powertools"
	bugCasesDir         = "../../shared/cases"
)

// loadEventFile decodes a shared event file into an event of type E.
func loadEventFile[E any](t testing.TB, dir, name string) E {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("reading event %s: %v", name, err)
	}
	var e E
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("decoding event %s: %v", name, err)
	}
	return e
}

// replayedResponse is the part of every source's response that the
// validation tests check.
type replayedResponse struct {
	StatusCode int    `json:"statusCode"`
	Body       string `json:"body"`
	raw        []byte
}

// replayBoth resolves event through Resolve and through ResolveAsync,
// fails the test unless both responses are byte-identical, and returns
// the response.
func replayBoth[E, R any](t *testing.T, app *router.Resolver[E, R], event E) replayedResponse {
	t.Helper()
	ctx := context.Background()
	syncResp, err := app.Resolve(ctx, event)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	asyncResp, err := app.ResolveAsync(ctx, event).Await(ctx)
	if err != nil {
		t.Fatalf("ResolveAsync: %v", err)
	}
	syncJSON, err := json.Marshal(syncResp)
	if err != nil {
		t.Fatal(err)
	}
	asyncJSON, err := json.Marshal(asyncResp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(syncJSON, asyncJSON) {
		t.Fatalf("Resolve and ResolveAsync differ:\nsync:  %s\nasync: %s", syncJSON, asyncJSON)
	}
	var out replayedResponse
	if err := json.Unmarshal(syncJSON, &out); err != nil {
		t.Fatal(err)
	}
	out.raw = syncJSON
	return out
}

// expectResponse checks a replayed response's status and body.
func expectResponse(t *testing.T, got replayedResponse, status int, body string) {
	t.Helper()
	if got.StatusCode != status {
		t.Errorf("status = %d, want %d (body %s)", got.StatusCode, status, got.Body)
	}
	if got.Body != body {
		t.Errorf("body = %s\nwant   %s", got.Body, body)
	}
}

// restEvent returns the shared REST sample event changed to the given
// method, path, query and body. A nil query clears both query maps; a
// non-nil one fills both, as API Gateway does.
func restEvent(t *testing.T, method, path string, query map[string][]string, body string) events.APIGatewayProxyRequest {
	e := loadEventFile[events.APIGatewayProxyRequest](t, powertoolsEventsDir, "apiGatewayProxyEvent.json")
	e.HTTPMethod, e.Path, e.Resource, e.Body = method, path, path, body
	e.MultiValueQueryStringParameters = query
	e.QueryStringParameters = nil
	if query != nil {
		e.QueryStringParameters = map[string]string{}
		for k, v := range query {
			e.QueryStringParameters[k] = v[len(v)-1]
		}
	}
	return e
}

// Types of the validation conformance routes. Tags carry the constraints
// that Powertools' examples express with Query(gt=0) and model fields.
type (
	userLimitQuery struct {
		Limit int `query:"limit" jsonschema:"default=10,exclusiveMinimum=0"`
	}
	userLimit struct {
		UserID int `json:"user_id"`
		Limit  int `json:"limit"`
	}
	searchQuery struct {
		Q    string   `query:"q" json:"q" jsonschema:"required"`
		Tags []string `query:"tags" json:"tags"`
	}
	todoModel struct {
		Title string `json:"title" jsonschema:"required"`
		Done  bool   `json:"done"`
	}
	embeddedTodo struct {
		Todo todoModel `json:"todo" jsonschema:"required"`
	}
	// responseTodo leaves out an empty title, so a handler that omits
	// it sends no title at all.
	responseTodo struct {
		Title string `json:"title,omitempty" jsonschema:"required"`
		Done  bool   `json:"done"`
	}
)

// newConformanceApp registers the routes of the validation conformance
// cases on a REST resolver with validation on.
func newConformanceApp(opts ...router.Option) *router.APIGatewayRestResolver {
	app := router.NewAPIGatewayRestResolver(append([]router.Option{router.WithValidation()}, opts...)...)
	app.Get("/users/<user_id>", func(userID int, q userLimitQuery) userLimit {
		return userLimit{UserID: userID, Limit: q.Limit}
	})
	app.Get("/search", func(q searchQuery) searchQuery {
		if q.Tags == nil {
			q.Tags = []string{}
		}
		return q
	})
	app.Post("/todos", func(todo todoModel) todoModel { return todo })
	app.Post("/todos-embedded", func(body embeddedTodo) todoModel { return body.Todo })
	app.Get("/bad", func() responseTodo { return responseTodo{Done: true} })
	return app
}

func TestValidationConformance(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	app := newConformanceApp()
	tests := []struct {
		name   string
		event  func(t *testing.T) events.APIGatewayProxyRequest
		status int
		body   string
	}{
		{"default query value", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/users/123", nil, "")
		}, 200, `{"user_id":123,"limit":10}`},
		{"unrelated query keys", func(t *testing.T) events.APIGatewayProxyRequest {
			e := loadEventFile[events.APIGatewayProxyRequest](t, powertoolsEventsDir, "apiGatewayProxyEvent.json")
			e.Path = "/users/123"
			return e
		}, 200, `{"user_id":123,"limit":10}`},
		{"path int_parsing", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/users/abc", nil, "")
		}, 422, `{"statusCode":422,"detail":[{"loc":["path","user_id"],"type":"int_parsing"}]}`},
		{"query greater_than", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/users/1", map[string][]string{"limit": {"0"}}, "")
		}, 422, `{"statusCode":422,"detail":[{"loc":["query","limit"],"type":"greater_than"}]}`},
		{"query int_parsing", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/users/1", map[string][]string{"limit": {"abc"}}, "")
		}, 422, `{"statusCode":422,"detail":[{"loc":["query","limit"],"type":"int_parsing"}]}`},
		{"path and query errors together", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/users/abc", map[string][]string{"limit": {"-1"}}, "")
		}, 422, `{"statusCode":422,"detail":[{"loc":["path","user_id"],"type":"int_parsing"},{"loc":["query","limit"],"type":"greater_than"}]}`},
		{"query missing", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/search", nil, "")
		}, 422, `{"statusCode":422,"detail":[{"loc":["query","q"],"type":"missing"}]}`},
		{"repeated query values", func(t *testing.T) events.APIGatewayProxyRequest {
			e := restEvent(t, "GET", "/search", map[string][]string{"q": {"x"}, "tags": {"a", "b"}}, "")
			e.QueryStringParameters = map[string]string{"q": "x", "tags": "b"}
			return e
		}, 200, `{"q":"x","tags":["a","b"]}`},
		{"body valid", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `{"title":"x"}`)
		}, 200, `{"title":"x","done":false}`},
		{"body field missing", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `{"done":true}`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body","title"],"type":"missing"}]}`},
		{"body string_type", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `{"title": 5}`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body","title"],"type":"string_type"}]}`},
		{"body json_invalid", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `{`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body",1],"type":"json_invalid"}]}`},
		{"body model_attributes_type", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `[]`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body"],"type":"model_attributes_type"}]}`},
		{"body null", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `null`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body"],"type":"missing"}]}`},
		{"no body at all", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, ``)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body"],"type":"missing"}]}`},
		{"two body errors in field order", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos", nil, `{"done":"yes","title":7}`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body","title"],"type":"string_type"},{"loc":["body","done"],"type":"bool_type"}]}`},
		{"nested model body", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos-embedded", nil, `{"todo":{"title":"y"}}`)
		}, 200, `{"title":"y","done":false}`},
		{"nested model field missing", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "POST", "/todos-embedded", nil, `{"todo":{}}`)
		}, 422, `{"statusCode":422,"detail":[{"loc":["body","todo","title"],"type":"missing"}]}`},
		{"response field missing", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/bad", nil, "")
		}, 422, `{"statusCode":422,"detail":[{"loc":["response","title"],"type":"missing"}]}`},
		{"form body", func(t *testing.T) events.APIGatewayProxyRequest {
			e := restEvent(t, "POST", "/todos", nil, `title=x`)
			e.MultiValueHeaders["Content-Type"] = []string{"application/x-www-form-urlencoded"}
			return e
		}, 415, `{"statusCode":415,"detail":[{"loc":["header","content-type"],"type":"unsupported_media_type"}]}`},
		{"comma in multi-value query", func(t *testing.T) events.APIGatewayProxyRequest {
			return restEvent(t, "GET", "/search", map[string][]string{"q": {"a,b"}}, "")
		}, 200, `{"q":"a,b","tags":[]}`},
		// Powertools splits a single-value query on commas and returns
		// {"q":"a"}. The REST adapter keeps the value as the event sent it.
		{"comma in single-value query", func(t *testing.T) events.APIGatewayProxyRequest {
			e := restEvent(t, "GET", "/search", nil, "")
			e.QueryStringParameters = map[string]string{"q": "a,b"}
			return e
		}, 200, `{"q":"a,b","tags":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := replayBoth(t, app, tt.event(t))
			expectResponse(t, got, tt.status, tt.body)
		})
	}
}

func TestValidationV2CommaValues(t *testing.T) {
	type commaQuery struct {
		Q      string  `query:"q" jsonschema:"required"`
		XThing *string `header:"x-thing"`
	}
	app := router.NewAPIGatewayHTTPResolver(router.WithValidation())
	app.Get("/my/path", func(q commaQuery) map[string]any {
		return map[string]any{"q": q.Q, "x": q.XThing}
	})
	tests := []struct {
		name   string
		header string
		body   string
	}{
		// Powertools splits HTTP API values on commas: it returns
		// {"q":"a","x":"solo"} for the first and 422 string_type for the
		// second. The HTTP API adapter keeps each value whole.
		{"comma in query", "solo", `{"q":"a,b","x":"solo"}`},
		{"comma in header", "1,2", `{"q":"a,b","x":"1,2"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := loadEventFile[events.APIGatewayV2HTTPRequest](t, powertoolsEventsDir, "apiGatewayProxyV2Event_GET.json")
			e.RawQueryString = "q=a,b"
			e.QueryStringParameters = map[string]string{"q": "a,b"}
			e.Headers["x-thing"] = tt.header
			expectResponse(t, replayBoth(t, app, e), 200, tt.body)
		})
	}
}

func TestValidationErrorHandler(t *testing.T) {
	app := newConformanceApp()
	app.HandleError(func(req *router.Request, err *router.RequestValidationError) (*router.Response, error) {
		return router.Text(422, fmt.Sprintf("Invalid data. Number of errors: %d", len(err.Detail))), nil
	})
	got := replayBoth(t, app, restEvent(t, "GET", "/users/abc", nil, ""))
	expectResponse(t, got, 422, "Invalid data. Number of errors: 1")
}

func TestValidationRunsBeforeMiddlewares(t *testing.T) {
	app := newConformanceApp()
	var calls []string
	app.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
		calls = append(calls, req.Path)
		return next(req)
	})
	expectResponse(t, replayBoth(t, app, restEvent(t, "GET", "/users/abc", nil, "")), 422,
		`{"statusCode":422,"detail":[{"loc":["path","user_id"],"type":"int_parsing"}]}`)
	if len(calls) != 0 {
		t.Errorf("app middleware ran for an invalid request: %v", calls)
	}
	replayBoth(t, app, restEvent(t, "GET", "/users/1", nil, ""))
	if len(calls) != 2 {
		t.Errorf("app middleware calls = %v, want one per replay of a valid request", calls)
	}
}

func TestValidationPerRouteSwitch(t *testing.T) {
	on := router.NewAPIGatewayRestResolver()
	on.Get("/users/<user_id>", func(userID int, q userLimitQuery) userLimit {
		return userLimit{UserID: userID, Limit: q.Limit}
	}, router.Validate(true))
	on.Get("/plain/<user_id>", func(userID int, q userLimitQuery) userLimit {
		return userLimit{UserID: userID, Limit: q.Limit}
	})
	limitZero := map[string][]string{"limit": {"0"}}
	expectResponse(t, replayBoth(t, on, restEvent(t, "GET", "/users/1", limitZero, "")), 422,
		`{"statusCode":422,"detail":[{"loc":["query","limit"],"type":"greater_than"}]}`)
	expectResponse(t, replayBoth(t, on, restEvent(t, "GET", "/plain/1", limitZero, "")), 200,
		`{"user_id":1,"limit":0}`)

	off := router.NewAPIGatewayRestResolver(router.WithValidation())
	off.Get("/users/<user_id>", func(userID int, q userLimitQuery) userLimit {
		return userLimit{UserID: userID, Limit: q.Limit}
	}, router.Validate(false))
	expectResponse(t, replayBoth(t, off, restEvent(t, "GET", "/users/1", limitZero, "")), 200,
		`{"user_id":1,"limit":0}`)
}

func TestValidationInvalidBase64Body(t *testing.T) {
	app := newConformanceApp()
	e := restEvent(t, "POST", "/todos", nil, "not base64!")
	e.IsBase64Encoded = true
	got := replayBoth(t, app, e)
	if got.StatusCode != 400 {
		t.Errorf("status = %d, want 400 for a body that is not valid base64 (body %s)", got.StatusCode, got.Body)
	}
}

func TestResponseValidationStatusOption(t *testing.T) {
	app := newConformanceApp(router.WithResponseValidationStatus(500))
	expectResponse(t, replayBoth(t, app, restEvent(t, "GET", "/bad", nil, "")), 500,
		`{"statusCode":500,"detail":[{"loc":["response","title"],"type":"missing"}]}`)
}

func TestValidationOptionalQuery(t *testing.T) {
	type productQuery struct {
		ProductType *string `query:"productType" json:"productType"`
	}
	type productTypesQuery struct {
		ProductType []string `query:"productType" json:"productType"`
	}
	app := router.NewAPIGatewayHTTPResolver(router.WithValidation())
	app.Get("/my-path", func(q productQuery) productQuery { return q })
	app.Get("/my-path-list", func(q productTypesQuery) productTypesQuery { return q })
	rest := router.NewAPIGatewayRestResolver(router.WithValidation())
	rest.Get("/my-path", func(q productQuery) productQuery { return q })

	t.Run("value", func(t *testing.T) {
		e := loadEventFile[events.APIGatewayV2HTTPRequest](t, bugCasesDir, "B18.json")
		expectResponse(t, replayBoth(t, app, e), 200, `{"productType":"Category1"}`)
	})
	t.Run("no query", func(t *testing.T) {
		e := loadEventFile[events.APIGatewayV2HTTPRequest](t, bugCasesDir, "B18.json")
		e.RawQueryString, e.QueryStringParameters = "", nil
		expectResponse(t, replayBoth(t, app, e), 200, `{"productType":null}`)
	})
	t.Run("list field", func(t *testing.T) {
		e := loadEventFile[events.APIGatewayV2HTTPRequest](t, bugCasesDir, "B18.json")
		e.RawPath, e.RequestContext.HTTP.Path = "/my-path-list", "/my-path-list"
		expectResponse(t, replayBoth(t, app, e), 200, `{"productType":["Category1"]}`)
	})
	t.Run("REST", func(t *testing.T) {
		e := restEvent(t, "GET", "/my-path", map[string][]string{"productType": {"Category1"}}, "")
		expectResponse(t, replayBoth(t, rest, e), 200, `{"productType":"Category1"}`)
	})
}

// statusTodo is the model of the falsy-result case: a title that must not
// be empty and a status from a fixed set.
type statusTodo struct {
	Title  string `json:"title" jsonschema:"required,minLength=1"`
	Status string `json:"status" jsonschema:"enum=Pending,enum=Done"`
}

func TestValidationFalsyResults(t *testing.T) {
	newApp := func(opts ...router.Option) *router.APIGatewayRestResolver {
		app := router.NewAPIGatewayRestResolver(append([]router.Option{router.WithValidation()}, opts...)...)
		app.Get("/none", func() *statusTodo { return nil })
		app.Get("/zero", func() statusTodo { return statusTodo{} })
		app.Get("/valid", func() statusTodo { return statusTodo{Title: "x", Status: "Done"} })
		return app
	}
	event := func(t *testing.T, path string) events.APIGatewayProxyRequest {
		e := loadEventFile[events.APIGatewayProxyRequest](t, bugCasesDir, "B20.json")
		e.Path, e.Resource = path, path
		return e
	}
	tests := []struct {
		name   string
		opts   []router.Option
		path   string
		status int
		body   string
	}{
		{"nil pointer", nil, "/none", 422,
			`{"statusCode":422,"detail":[{"loc":["response"],"type":"model_attributes_type"}]}`},
		{"zero struct", nil, "/zero", 422,
			`{"statusCode":422,"detail":[{"loc":["response","title"],"type":"string_too_short"},{"loc":["response","status"],"type":"enum"}]}`},
		{"valid", nil, "/valid", 200, `{"title":"x","status":"Done"}`},
		{"nil pointer with status 500", []router.Option{router.WithResponseValidationStatus(500)}, "/none", 500,
			`{"statusCode":500,"detail":[{"loc":["response"],"type":"model_attributes_type"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectResponse(t, replayBoth(t, newApp(tt.opts...), event(t, tt.path)), tt.status, tt.body)
		})
	}
}

func TestValidationJSONContentTypes(t *testing.T) {
	type greetBody struct {
		Name string `json:"name" jsonschema:"minLength=1"`
	}
	app := router.NewLambdaFunctionURLResolver(router.WithValidation())
	app.Post("/greet", func(b greetBody) map[string]string {
		return map[string]string{"message": "hello " + b.Name}
	})
	tests := []struct {
		contentType string
		status      int
		body        string
	}{
		{"application/json; charset=utf-8", 200, `{"message":"hello world"}`},
		{"Application/JSON;charset=UTF-8", 200, `{"message":"hello world"}`},
		{"application/vnd.api+json", 200, `{"message":"hello world"}`},
		{"text/plain", 415, `{"statusCode":415,"detail":[{"loc":["header","content-type"],"type":"unsupported_media_type"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			e := loadEventFile[events.LambdaFunctionURLRequest](t, bugCasesDir, "B21.json")
			e.Headers["content-type"] = tt.contentType
			expectResponse(t, replayBoth(t, app, e), tt.status, tt.body)
		})
	}
	t.Run("empty name", func(t *testing.T) {
		e := loadEventFile[events.LambdaFunctionURLRequest](t, bugCasesDir, "B21.json")
		e.Body = `{"name":""}`
		expectResponse(t, replayBoth(t, app, e), 422,
			`{"statusCode":422,"detail":[{"loc":["body","name"],"type":"string_too_short"}]}`)
	})
}

// asyncTodo is the result of the async routes of the awaited-result case.
type asyncTodo struct {
	ID     int    `json:"id"`
	Title  string `json:"title"`
	Status string `json:"status" jsonschema:"enum=Pending,enum=Done"`
}

func TestValidationAsyncResults(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	app := router.NewAPIGatewayHTTPResolver(router.WithValidation())
	future := func(status string) func(context.Context, int) asyncbridge.Future[asyncTodo] {
		return func(ctx context.Context, id int) asyncbridge.Future[asyncTodo] {
			return asyncbridge.Go(ctx, func(ctx context.Context) (asyncTodo, error) {
				return asyncTodo{ID: id, Title: "write tests", Status: status}, nil
			})
		}
	}
	channel := func(status string) func(int) <-chan asyncTodo {
		return func(id int) <-chan asyncTodo {
			ch := make(chan asyncTodo, 1)
			go func() { ch <- asyncTodo{ID: id, Title: "write tests", Status: status} }()
			return ch
		}
	}
	app.Get("/todos/<id>", future("Pending"))
	app.Get("/todos-bad/<id>", future("Unknown"))
	app.Get("/todos-chan/<id>", channel("Pending"))
	app.Get("/todos-chan-bad/<id>", channel("Unknown"))

	const valid = `{"id":1,"title":"write tests","status":"Pending"}`
	const invalid = `{"statusCode":422,"detail":[{"loc":["response","status"],"type":"enum"}]}`
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/todos/1", 200, valid},
		{"/todos-bad/1", 422, invalid},
		{"/todos-chan/1", 200, valid},
		{"/todos-chan-bad/1", 422, invalid},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e := loadEventFile[events.APIGatewayV2HTTPRequest](t, bugCasesDir, "B24.json")
			e.RawPath, e.RequestContext.HTTP.Path = tt.path, tt.path
			expectResponse(t, replayBoth(t, app, e), tt.status, tt.body)
		})
	}
}

func TestValidationParameterSources(t *testing.T) {
	type sourcesQuery struct {
		Page    int      `query:"page" jsonschema:"minimum=1"`
		IDs     []int    `query:"id" jsonschema:"maxItems=2"`
		Ratio   float64  `query:"ratio" jsonschema:"maximum=1"`
		Active  bool     `query:"active"`
		Key     string   `header:"x-api-key" jsonschema:"required,minLength=4"`
		Session string   `cookie:"session" jsonschema:"pattern=^s-"`
		Sort    []string `query:"sort" jsonschema:"enum=asc,enum=desc"`
	}
	app := router.NewAPIGatewayRestResolver(router.WithValidation())
	app.Get("/items", func(q sourcesQuery) sourcesQuery { return q })
	event := func(t *testing.T, query map[string][]string, header map[string][]string) events.APIGatewayProxyRequest {
		e := restEvent(t, "GET", "/items", query, "")
		for k, v := range header {
			e.MultiValueHeaders[k] = v
		}
		return e
	}
	tests := []struct {
		name   string
		query  map[string][]string
		header map[string][]string
		body   string
	}{
		{"missing header", nil, nil,
			`{"statusCode":422,"detail":[{"loc":["header","x-api-key"],"type":"missing"}]}`},
		{"every source wrong", map[string][]string{"page": {"0"}, "id": {"1", "x", "3"}, "ratio": {"2.5"}, "active": {"maybe"}, "sort": {"asc", "up"}},
			map[string][]string{"X-API-KEY": {"abc"}, "Cookie": {"session=t-1"}},
			`{"statusCode":422,"detail":[{"loc":["query","page"],"type":"greater_than_equal"},{"loc":["query","id",1],"type":"int_parsing"},` +
				`{"loc":["query","ratio"],"type":"less_than_equal"},{"loc":["query","active"],"type":"bool_parsing"},` +
				`{"loc":["query","sort",1],"type":"enum"},{"loc":["header","x-api-key"],"type":"string_too_short"},` +
				`{"loc":["cookie","session"],"type":"string_pattern_mismatch"}]}`},
		{"too many ids", map[string][]string{"id": {"1", "2", "3"}, "ratio": {"x"}}, map[string][]string{"x-api-key": {"abcd"}},
			`{"statusCode":422,"detail":[{"loc":["query","id"],"type":"too_long"},{"loc":["query","ratio"],"type":"float_parsing"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectResponse(t, replayBoth(t, app, event(t, tt.query, tt.header)), 422, tt.body)
		})
	}
	t.Run("valid", func(t *testing.T) {
		e := event(t, map[string][]string{"page": {"2"}, "id": {"1", "2"}, "active": {"yes"}, "sort": {"desc"}},
			map[string][]string{"x-api-key": {"abcd"}, "Cookie": {"session=s-1"}})
		expectResponse(t, replayBoth(t, app, e), 200,
			`{"Page":2,"IDs":[1,2],"Ratio":0,"Active":true,"Key":"abcd","Session":"s-1","Sort":["desc"]}`)
	})
}

func TestValidationOrderIsStable(t *testing.T) {
	type wideBody struct {
		A string `json:"a" jsonschema:"required"`
		B string `json:"b" jsonschema:"required"`
		C int    `json:"c" jsonschema:"minimum=5"`
		D int    `json:"d" jsonschema:"minimum=5"`
		E []int  `json:"e" jsonschema:"minItems=2"`
	}
	app := router.NewAPIGatewayRestResolver(router.WithValidation())
	app.Post("/wide", func(b wideBody) wideBody { return b })
	const want = `{"statusCode":422,"detail":[{"loc":["body","a"],"type":"missing"},{"loc":["body","b"],"type":"missing"},` +
		`{"loc":["body","c"],"type":"greater_than_equal"},{"loc":["body","d"],"type":"greater_than_equal"},` +
		`{"loc":["body","e"],"type":"too_short"},{"loc":["body","e",0],"type":"int_type"}]}`
	for range 20 {
		got := replayBoth(t, app, restEvent(t, "POST", "/wide", nil, `{"e":["x"],"d":1,"c":1}`))
		if got.Body != want {
			t.Fatalf("body = %s\nwant   %s", got.Body, want)
		}
	}
}

func TestValidationRegistrationError(t *testing.T) {
	type badPattern struct {
		Code string `query:"code" jsonschema:"pattern=(?<=a)b"`
	}
	app := router.NewAPIGatewayRestResolver(router.WithValidation())
	msg := func() (msg string) {
		defer func() { msg = fmt.Sprint(recover()) }()
		app.Get("/codes", func(q badPattern) string { return q.Code })
		return ""
	}()
	for _, want := range []string{"router: GET /codes", "validation_test.go", "code"} {
		if !strings.Contains(msg, want) {
			t.Errorf("panic %q does not mention %q", msg, want)
		}
	}
}

// Benchmarks of one JSON POST route: validated, not validated, and a
// hand-written handler doing the same work, the floor that the router's
// overhead is measured against.

func benchmarkTodoEvent(b *testing.B) events.APIGatewayProxyRequest {
	e := loadEventFile[events.APIGatewayProxyRequest](b, powertoolsEventsDir, "apiGatewayProxyEvent.json")
	e.HTTPMethod, e.Path, e.Resource = "POST", "/todos", "/todos"
	e.Body = `{"title":"write the benchmark","done":false}`
	return e
}

// minLengthTodo has a constraint, so responses of this type are checked
// too, where todoModel's always encode valid JSON and are not.
type minLengthTodo struct {
	Title string `json:"title" jsonschema:"required,minLength=1"`
	Done  bool   `json:"done"`
}

func benchmarkTodoRoute(b *testing.B, handler any, opts ...router.Option) {
	app := router.NewAPIGatewayRestResolver(opts...)
	app.Post("/todos", handler)
	e := benchmarkTodoEvent(b)
	ctx := context.Background()
	if resp, _ := app.Resolve(ctx, e); resp.StatusCode != 200 {
		b.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := app.Resolve(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

func echoTodo(todo todoModel) todoModel { return todo }

func echoMinLengthTodo(todo minLengthTodo) minLengthTodo { return todo }

func BenchmarkTodoRouteValidated(b *testing.B) {
	benchmarkTodoRoute(b, echoTodo, router.WithValidation())
}

func BenchmarkTodoRouteValidatedResponse(b *testing.B) {
	benchmarkTodoRoute(b, echoMinLengthTodo, router.WithValidation())
}

func BenchmarkTodoRouteUnvalidated(b *testing.B) { benchmarkTodoRoute(b, echoTodo) }

// BenchmarkTodoRouteHandWritten decodes, checks and encodes the same body
// by hand, as a Lambda handler without a router would.
func BenchmarkTodoRouteHandWritten(b *testing.B) {
	e := benchmarkTodoEvent(b)
	handle := func(e events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
		var todo todoModel
		if err := json.Unmarshal([]byte(e.Body), &todo); err != nil || todo.Title == "" {
			return events.APIGatewayProxyResponse{StatusCode: http.StatusUnprocessableEntity}
		}
		out, _ := json.Marshal(todo)
		return events.APIGatewayProxyResponse{
			StatusCode:        http.StatusOK,
			MultiValueHeaders: map[string][]string{"Content-Type": {"application/json"}},
			Body:              string(out),
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if resp := handle(e); resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode)
		}
	}
}
