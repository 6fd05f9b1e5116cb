package e2e_test

// This file contains the requests the tests send to the quickstart with
// their expected responses, and an in-process app whose handlers, written
// for these tests, have the quickstart's shapes and return the same bodies.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// routeCase is one request to the quickstart and its expected response.
type routeCase struct {
	name   string
	req    request
	status int
	body   string // the JSON body, compared as a value

	// matchBody, when set, checks the body in place of body, for responses
	// whose text is not fixed.
	matchBody func(t *testing.T, body []byte)
}

const (
	notFoundBody = `{"statusCode":404,"message":"Not found"}`
	healthBody   = `{"status":"ok"}`
)

// quickstartCases returns the requests every event source is tested with.
// Only the trailing-slash case differs, because the REST resolver treats
// "/x/" as "/x", as Powertools' REST resolver does, and every other source
// matches paths exactly.
func quickstartCases(src source) []routeCase {
	trailing := routeCase{name: "trailing slash", req: request{method: "GET", path: "/health/"},
		status: http.StatusNotFound, body: notFoundBody}
	if src == sourceREST {
		trailing.status, trailing.body = http.StatusOK, healthBody
	}
	return []routeCase{
		{name: "health", req: request{method: "GET", path: "/health"},
			status: http.StatusOK, body: healthBody},
		{name: "user with limit", req: request{method: "GET", path: "/users/42", query: url.Values{"limit": {"5"}}},
			status: http.StatusOK, body: `{"id":"42","limit":5,"verbose":false}`},
		{name: "user verbose", req: request{method: "GET", path: "/users/42", query: url.Values{"limit": {"7"}, "verbose": {"true"}}},
			status: http.StatusOK, body: `{"id":"42","limit":7,"verbose":true}`},
		{name: "user default limit", req: request{method: "GET", path: "/users/abc-9"},
			status: http.StatusOK, body: `{"id":"abc-9","limit":10,"verbose":false}`},
		{name: "user id percent-encoded", req: request{method: "GET", path: "/users/J%C3%BCrgen%20K"},
			status: http.StatusOK, body: `{"id":"Jürgen K","limit":10,"verbose":false}`},
		{name: "user limit not an int", req: request{method: "GET", path: "/users/42", query: url.Values{"limit": {"abc"}}},
			status: http.StatusUnprocessableEntity,
			body:   `{"statusCode":422,"detail":[{"loc":["query","limit"],"type":"int_parsing"}]}`},
		{name: "create todo", req: request{method: "POST", path: "/todos", body: `{"title":"write e2e tests","done":false}`},
			status: http.StatusCreated, body: `{"id":1,"title":"write e2e tests","done":false}`},
		{name: "todo body not JSON", req: request{method: "POST", path: "/todos", body: `{`},
			status: http.StatusUnprocessableEntity,
			body:   `{"statusCode":422,"detail":[{"loc":["body",1],"type":"json_invalid"}]}`},
		{name: "todo body an array", req: request{method: "POST", path: "/todos", body: `[]`},
			status: http.StatusUnprocessableEntity,
			body:   `{"statusCode":422,"detail":[{"loc":["body"],"type":"model_attributes_type"}]}`},
		{name: "dashboard async", req: request{method: "GET", path: "/dashboard/7"},
			status: http.StatusOK,
			body:   `{"userId":"7","orders":[{"id":"7-1","total":42.5}],"profile":{"name":"user 7","tier":"gold"}}`},
		{name: "unknown path", req: request{method: "GET", path: "/no/such/route"},
			status: http.StatusNotFound, body: notFoundBody},
		{name: "wrong method", req: request{method: "DELETE", path: "/health"},
			status: http.StatusNotFound, body: notFoundBody},
		trailing,
	}
}

// The types below mirror the quickstart's JSON, field for field and in
// the same order, so that the in-process app's bodies are byte-identical
// to the binary's.

type todoItem struct {
	ID    int    `json:"id"`
	Title string `json:"title" jsonschema:"minLength=1"`
	Done  bool   `json:"done"`
}

type userParams struct {
	Limit   int  `query:"limit" jsonschema:"default=10,minimum=1,maximum=100"`
	Verbose bool `query:"verbose"`
}

type userView struct {
	ID      string `json:"id"`
	Limit   int    `json:"limit"`
	Verbose bool   `json:"verbose"`
}

type orderLine struct {
	ID    string  `json:"id"`
	Total float64 `json:"total"`
}

type profileView struct {
	Name string `json:"name"`
	Tier string `json:"tier"`
}

type dashboardView struct {
	UserID  string      `json:"userId"`
	Orders  []orderLine `json:"orders"`
	Profile profileView `json:"profile"`
}

// backendLatency is the simulated latency of each dashboard back end. It
// is short because only the shape of the fan-out matters here.
const backendLatency = 2 * time.Millisecond

// afterLatency returns v after backendLatency, or ctx's error if ctx ends
// first.
func afterLatency[T any](ctx context.Context, v T) (T, error) {
	timer := time.NewTimer(backendLatency)
	defer timer.Stop()
	select {
	case <-timer.C:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// quickstartRoutes builds the quickstart's four routes with handlers of
// the same shapes: a plain value, a path parameter with a query struct, a
// JSON body with an error result, and a Future that fans out to two
// goroutines.
func quickstartRoutes() *router.Router {
	r := router.NewRouter()
	r.Get("/health", func() map[string]string {
		return map[string]string{"status": "ok"}
	})
	r.Get("/users/<user_id>", func(id string, p userParams) userView {
		return userView{ID: id, Limit: p.Limit, Verbose: p.Verbose}
	})
	r.Post("/todos", func(in todoItem) (todoItem, error) {
		if in.Title == "" {
			return todoItem{}, router.BadRequest("title must not be empty")
		}
		in.ID = 1
		return in, nil
	}, router.Status(http.StatusCreated))
	r.Get("/dashboard/<user_id>", func(ctx context.Context, id string) asyncbridge.Future[dashboardView] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (dashboardView, error) {
			orders := asyncbridge.Go(ctx, func(ctx context.Context) ([]orderLine, error) {
				return afterLatency(ctx, []orderLine{{ID: id + "-1", Total: 42.5}})
			})
			profile := asyncbridge.Go(ctx, func(ctx context.Context) (profileView, error) {
				return afterLatency(ctx, profileView{Name: "user " + id, Tier: "gold"})
			})
			if err := asyncbridge.Gather(ctx, orders, profile); err != nil {
				return dashboardView{}, err
			}
			return dashboardView{UserID: id, Orders: orders.Value(), Profile: profile.Value()}, nil
		})
	})
	return r
}

// invalidPayloadCase is the expected response to an invocation payload
// that is not JSON. It is a 400 in the source's response shape, and its
// message names the source.
func invalidPayloadCase(src source) routeCase {
	return routeCase{name: "payload not JSON", status: http.StatusBadRequest, matchBody: func(t *testing.T, body []byte) {
		t.Helper()
		var got struct {
			StatusCode int    `json:"statusCode"`
			Message    string `json:"message"`
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("400 body is not the error object: %v\n%s", err, body)
		}
		if got.StatusCode != http.StatusBadRequest {
			t.Errorf("400 body statusCode = %d, want 400", got.StatusCode)
		}
		if !strings.Contains(got.Message, "invocation payload is not a valid") {
			t.Errorf("400 body message = %q, want it to say the invocation payload is not a valid %s event", got.Message, src)
		}
	}}
}
