package router

import (
	"context"
	"net/http"
	"net/url"
)

// Request is the normalized HTTP request that every event source is turned
// into before routing. Handlers and middlewares read it; adapters build it.
type Request struct {
	// Method is the HTTP method as the client sent it. Matching uses its
	// upper-case form, but this field keeps the original spelling.
	Method string

	// Path is the path used for routing: percent-decoded once, with the
	// API Gateway stage and any strip prefix removed.
	Path string

	// RawPath is the path exactly as it appeared in the event or the URL.
	RawPath string

	// Header holds the request headers with canonical keys. Under payload
	// format 2.0 the Cookie header is rebuilt from the event's cookies list.
	Header http.Header

	// Query holds the decoded query string, with repeated keys kept in order.
	Query url.Values

	// Cookies are the request cookies, each listed once.
	Cookies []*http.Cookie

	// Body is the request body, already decoded when the event carried it
	// as base64. It is empty when that base64 was invalid; a handler that
	// binds a body then gets a 400.
	Body []byte

	// Route is the matched route template in the form it was registered
	// with, or "" when no route matched.
	Route string

	// Event points to the source event (for example
	// *events.APIGatewayProxyRequest). It is nil when the request came
	// through ServeHTTP.
	Event any

	// HTTPRequest is the original request when the app runs behind
	// net/http, and nil on Lambda.
	HTTPRequest *http.Request

	ctx context.Context

	// paramNames and paramValues are the matched route's path parameters.
	paramNames  []string
	paramValues []string

	// routePath is the path that routing matches: RawPath without the API
	// Gateway stage, still percent-encoded when pathEncoded is set.
	routePath   string
	pathEncoded bool

	// multiValue records that an ALB request came with multiValueHeaders,
	// so the response must use them too.
	multiValue bool

	// basePath is the API Gateway stage prefix ("/dev"), or "" when the
	// stage is $default or the source has none.
	basePath string

	// bodyErr is the error from decoding the event's body, or nil. When it
	// is set, Body is empty and binding a body argument returns it.
	bodyErr error

	// allow is the Allow header of a 405 response.
	allow string

	// paramBuf holds the path parameter values of most routes without an
	// allocation of their own.
	paramBuf [4]string
}

// Context returns the request's context: the Lambda invocation context or
// the HTTP request's context, as changed by middlewares with WithContext.
func (r *Request) Context() context.Context {
	if r.ctx == nil {
		return context.Background()
	}
	return r.ctx
}

// WithContext sets the context that later middlewares and the handler
// receive. Middlewares use it to pass request-scoped values inwards.
func (r *Request) WithContext(ctx context.Context) {
	if ctx == nil {
		panic("router: Request.WithContext called with a nil context")
	}
	r.ctx = ctx
}

// PathParam returns the decoded value of the named path parameter, or ""
// when the matched route has no such parameter.
func (r *Request) PathParam(name string) string {
	for i, n := range r.paramNames {
		if n == name && i < len(r.paramValues) {
			return r.paramValues[i]
		}
	}
	return ""
}

// PathParams returns the path parameters of the matched route as a map,
// in a new map on each call.
func (r *Request) PathParams() map[string]string {
	m := make(map[string]string, len(r.paramNames))
	for i, n := range r.paramNames {
		if i < len(r.paramValues) {
			m[n] = r.paramValues[i]
		}
	}
	return m
}

// Cookie returns the named request cookie, or nil when it is absent.
func (r *Request) Cookie(name string) *http.Cookie {
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}
