package benchmarks

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// The floor is what a careful programmer writes by hand for the suite's
// four routes with no library: a switch on method and path, strconv for
// the parameters, encoding/json for bodies, and the typed aws-lambda-go
// response. It reads only the event fields it needs, so it is the lower
// bound that any router is measured against.

// asyncMode says how the floor waits for the async route's result.
type asyncMode int

const (
	// asyncPlain receives from the result channel and nothing else.
	asyncPlain asyncMode = iota
	// asyncWithContext also selects on ctx.Done(), which any router that
	// honours the invocation's deadline must do.
	asyncWithContext
)

// floorRequest holds the event fields the floor reads.
type floorRequest struct {
	method      string
	path        string
	query       map[string]string
	queryRaw    bool // ALB sends query values still percent-encoded
	contentType string
	body        string
}

var notFoundBody = []byte(`{"statusCode":404,"message":"Not found"}`)

// floorServe routes r and runs the handler, returning the status and the
// JSON body.
func floorServe(ctx context.Context, r *floorRequest, mode asyncMode) (int, []byte) {
	switch {
	case r.method == "GET" && r.path == "/health":
		return jsonAnswer(200, health())

	case r.method == "GET" && strings.HasPrefix(r.path, "/users/"):
		id := r.path[len("/users/"):]
		if id == "" || strings.IndexByte(id, '/') >= 0 {
			break
		}
		q := UserQuery{Limit: 10}
		if s, ok := r.queryValue("limit"); ok {
			n, err := strconv.Atoi(s)
			if err != nil {
				return 422, []byte(`{"statusCode":422,"detail":[{"loc":["query","limit"],"type":"int_parsing"}]}`)
			}
			q.Limit = n
		}
		if s, ok := r.queryValue("verbose"); ok {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return 422, []byte(`{"statusCode":422,"detail":[{"loc":["query","verbose"],"type":"bool_parsing"}]}`)
			}
			q.Verbose = v
		}
		return jsonAnswer(200, getUser(id, q))

	case r.method == "POST" && r.path == "/todos":
		if r.contentType != "" && r.contentType != "application/json" {
			return 415, []byte(`{"statusCode":415,"message":"Unsupported Media Type"}`)
		}
		var t Todo
		if err := json.Unmarshal([]byte(r.body), &t); err != nil {
			return 422, []byte(`{"statusCode":422,"detail":[{"loc":["body"],"type":"json_invalid"}]}`)
		}
		t, _ = createTodo(t)
		return jsonAnswer(201, t)

	case r.method == "GET" && strings.HasPrefix(r.path, "/items/"):
		id := r.path[len("/items/"):]
		if id == "" || strings.IndexByte(id, '/') >= 0 {
			break
		}
		return floorAsync(ctx, id, mode)
	}
	return 404, notFoundBody
}

// floorAsync runs the async route's work in one goroutine and waits for
// its result on a channel.
func floorAsync(ctx context.Context, id string, mode asyncMode) (int, []byte) {
	ch := make(chan Item, 1)
	go func() { ch <- Item{ID: id, Ready: true} }()
	if mode == asyncPlain {
		return jsonAnswer(200, <-ch)
	}
	select {
	case it := <-ch:
		return jsonAnswer(200, it)
	case <-ctx.Done():
		return 504, []byte(`{"statusCode":504,"message":"Gateway Timeout"}`)
	}
}

func (r *floorRequest) queryValue(key string) (string, bool) {
	s, ok := r.query[key]
	if ok && r.queryRaw {
		if u, err := url.QueryUnescape(s); err == nil {
			s = u
		}
	}
	return s, ok
}

func jsonAnswer(status int, v any) (int, []byte) {
	b, err := json.Marshal(v)
	if err != nil {
		return 500, []byte(`{"statusCode":500,"message":"Internal Server Error"}`)
	}
	return status, b
}

// jsonHeaders returns the response header map every floor answer carries.
func jsonHeaders() map[string]string {
	return map[string]string{"Content-Type": "application/json"}
}

func floorV2(ctx context.Context, e events.APIGatewayV2HTTPRequest, mode asyncMode) events.APIGatewayV2HTTPResponse {
	status, body := floorServe(ctx, &floorRequest{
		method:      e.RequestContext.HTTP.Method,
		path:        e.RawPath,
		query:       e.QueryStringParameters,
		contentType: e.Headers["content-type"],
		body:        e.Body,
	}, mode)
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Headers: jsonHeaders(), Body: string(body)}
}

func floorV1(ctx context.Context, e events.APIGatewayProxyRequest, mode asyncMode) events.APIGatewayProxyResponse {
	// REST APIs keep the client's header spelling, so both usual ones are
	// tried.
	ct, ok := e.Headers["Content-Type"]
	if !ok {
		ct = e.Headers["content-type"]
	}
	status, body := floorServe(ctx, &floorRequest{
		method:      e.HTTPMethod,
		path:        e.Path,
		query:       e.QueryStringParameters,
		contentType: ct,
		body:        e.Body,
	}, mode)
	return events.APIGatewayProxyResponse{StatusCode: status, Headers: jsonHeaders(), Body: string(body)}
}

func floorALB(ctx context.Context, e events.ALBTargetGroupRequest, mode asyncMode) events.ALBTargetGroupResponse {
	status, body := floorServe(ctx, &floorRequest{
		method:      e.HTTPMethod,
		path:        e.Path,
		query:       e.QueryStringParameters,
		queryRaw:    true,
		contentType: e.Headers["content-type"],
		body:        e.Body,
	}, mode)
	return events.ALBTargetGroupResponse{
		StatusCode:        status,
		StatusDescription: albStatusLine(status),
		Headers:           jsonHeaders(),
		Body:              string(body),
	}
}

// albStatusLine returns the statusDescription ALB requires, from constants
// as hand-written code would.
func albStatusLine(status int) string {
	switch status {
	case 200:
		return "200 OK"
	case 201:
		return "201 Created"
	case 404:
		return "404 Not Found"
	case 415:
		return "415 Unsupported Media Type"
	case 422:
		return "422 Unprocessable Entity"
	case 504:
		return "504 Gateway Timeout"
	}
	return "500 Internal Server Error"
}

// floorInvoke is the floor for raw payloads: encoding/json in and out
// around a typed floor function, the work aws-lambda-go does without its
// reflection.
func floorInvoke[E, R any](ctx context.Context, payload []byte, serve func(context.Context, E, asyncMode) R) ([]byte, error) {
	var e E
	if err := json.Unmarshal(payload, &e); err != nil {
		return nil, err
	}
	return json.Marshal(serve(ctx, e, asyncWithContext))
}
