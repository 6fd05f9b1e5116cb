package hostile_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/router"
)

// request is a hostile request in a form that every event source and
// net/http can carry.
type request struct {
	method string
	path   string // as the client sent it, percent-encoded
	query  string // raw query string, without "?"
	header http.Header
	body   string
	base64 bool // the event flags body as base64 (ignored by ServeHTTP)
}

// response is what an entry point returned, in one form for all of them.
type response struct {
	status int
	header http.Header
	body   string
}

// target is one resolver under test: an app for one event source, with
// the ways to call it.
type target struct {
	name string

	// sourceName is the source's name as the router writes it in messages,
	// so that bodies of different sources can be compared.
	sourceName string

	// payload builds the raw invocation payload of r for this source.
	payload func(r request) []byte

	// invoke calls Invoke, and resolve unmarshals the payload into the
	// source's event type and calls Resolve.
	invoke  func(ctx context.Context, payload []byte) (response, error)
	resolve func(ctx context.Context, payload []byte) (response, error)

	handler http.Handler
}

// newTarget builds a target from a resolver constructor and the function
// that turns a request into that source's event.
func newTarget[E, R any](name, sourceName string, newResolver func(...router.Option) *router.Resolver[E, R],
	build func(request) E, opts ...router.Option) *target {
	app := newResolver(opts...)
	registerRoutes(app.Router)
	return &target{
		name:       name,
		sourceName: sourceName,
		payload: func(r request) []byte {
			b, err := json.Marshal(build(r))
			if err != nil {
				panic("hostile: encode event: " + err.Error())
			}
			return b
		},
		invoke: func(ctx context.Context, payload []byte) (response, error) {
			out, err := app.Invoke(ctx, payload)
			if err != nil {
				return response{}, err
			}
			return decodeEnvelope(out)
		},
		resolve: func(ctx context.Context, payload []byte) (response, error) {
			var e E
			if err := json.Unmarshal(payload, &e); err != nil {
				return response{}, err
			}
			resp, _ := app.Resolve(ctx, e)
			out, err := json.Marshal(resp)
			if err != nil {
				return response{}, err
			}
			return decodeEnvelope(out)
		},
		handler: app,
	}
}

// sources returns one target per event source, each with opts.
func sources(opts ...router.Option) []*target {
	return []*target{
		newTarget("REST", "API Gateway REST", router.NewAPIGatewayRestResolver, restEvent, opts...),
		newTarget("HTTP API", "API Gateway HTTP API", router.NewAPIGatewayHTTPResolver, httpEvent, opts...),
		newTarget("ALB", "ALB", router.NewALBResolver, albEvent, opts...),
		newTarget("function URL", "Lambda function URL", router.NewLambdaFunctionURLResolver, urlEvent, opts...),
		newTarget("VPC Lattice", "VPC Lattice", router.NewVPCLatticeResolver, latticeEvent, opts...),
		newTarget("VPC Lattice v2", "VPC Lattice v2", router.NewVPCLatticeV2Resolver, latticeV2Event, opts...),
	}
}

func restEvent(r request) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{
		HTTPMethod:                      r.method,
		Path:                            r.path,
		MultiValueHeaders:               r.header,
		MultiValueQueryStringParameters: splitQuery(r.query, true),
		Body:                            r.body,
		IsBase64Encoded:                 r.base64,
	}
}

func httpEvent(r request) events.APIGatewayV2HTTPRequest {
	e := events.APIGatewayV2HTTPRequest{
		RawPath:         r.path,
		RawQueryString:  r.query,
		Headers:         joinHeader(r.header),
		Body:            r.body,
		IsBase64Encoded: r.base64,
	}
	e.RequestContext.HTTP.Method = r.method
	return e
}

func albEvent(r request) events.ALBTargetGroupRequest {
	return events.ALBTargetGroupRequest{
		HTTPMethod:                      r.method,
		Path:                            r.path,
		MultiValueHeaders:               r.header,
		MultiValueQueryStringParameters: splitQuery(r.query, false),
		Body:                            r.body,
		IsBase64Encoded:                 r.base64,
	}
}

func urlEvent(r request) events.LambdaFunctionURLRequest {
	e := events.LambdaFunctionURLRequest{
		RawPath:         r.path,
		RawQueryString:  r.query,
		Headers:         joinHeader(r.header),
		Body:            r.body,
		IsBase64Encoded: r.base64,
	}
	e.RequestContext.HTTP.Method = r.method
	return e
}

func latticeEvent(r request) router.VPCLatticeRequest {
	return router.VPCLatticeRequest{
		Method:          r.method,
		RawPath:         withQuery(r.path, r.query),
		Headers:         joinHeader(r.header),
		Body:            r.body,
		IsBase64Encoded: r.base64,
	}
}

func latticeV2Event(r request) router.VPCLatticeV2Request {
	return router.VPCLatticeV2Request{
		Method:          r.method,
		Path:            withQuery(r.path, r.query),
		Headers:         router.VPCLatticeV2Values(r.header),
		Body:            r.body,
		IsBase64Encoded: r.base64,
	}
}

func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// splitQuery splits a raw query into a multi-value map, decoding each key
// and value when decode is set (API Gateway REST delivers them decoded,
// ALB as sent). Unlike url.ParseQuery it has no limit on the count.
func splitQuery(raw string, decode bool) map[string][]string {
	if raw == "" {
		return nil
	}
	m := map[string][]string{}
	for pair := range strings.SplitSeq(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		if decode {
			if dk, err := url.QueryUnescape(k); err == nil {
				k = dk
			}
			if dv, err := url.QueryUnescape(v); err == nil {
				v = dv
			}
		}
		m[k] = append(m[k], v)
	}
	return m
}

// joinHeader folds a multi-value header into the single-value map of
// payload 2.0 and VPC Lattice events.
func joinHeader(h http.Header) map[string]string {
	if h == nil {
		return nil
	}
	m := make(map[string]string, len(h))
	for k, vs := range h {
		m[k] = strings.Join(vs, ", ")
	}
	return m
}

// decodeEnvelope reads the response payload of any source into a response:
// headers from "headers" or "multiValueHeaders", Set-Cookie from
// "cookies", and the body decoded from base64 when flagged.
func decodeEnvelope(out []byte) (response, error) {
	var env struct {
		StatusCode        int                 `json:"statusCode"`
		Headers           map[string]string   `json:"headers"`
		MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
		Cookies           []string            `json:"cookies"`
		Body              string              `json:"body"`
		IsBase64Encoded   bool                `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(out, &env); err != nil {
		return response{}, err
	}
	a := response{status: env.StatusCode, header: http.Header{}, body: env.Body}
	for k, v := range env.Headers {
		a.header.Add(k, v)
	}
	for _, k := range slices.Sorted(maps.Keys(env.MultiValueHeaders)) {
		for _, v := range env.MultiValueHeaders[k] {
			a.header.Add(k, v)
		}
	}
	for _, c := range env.Cookies {
		a.header.Add("Set-Cookie", c)
	}
	if env.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(env.Body)
		if err != nil {
			return response{}, err
		}
		a.body = string(b)
	}
	return a, nil
}

// serve sends r through the target's ServeHTTP, as a local net/http server
// would after parsing the request line.
func (tg *target) serve(ctx context.Context, r request) (response, error) {
	u, err := url.ParseRequestURI(withQuery(r.path, r.query))
	if err != nil {
		return response{}, err
	}
	var body io.Reader = http.NoBody
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(http.MethodGet, "/", body).WithContext(ctx)
	hr.Method = r.method
	hr.URL = u
	hr.RequestURI = u.RequestURI()
	hr.Header = r.header.Clone()
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	rec := httptest.NewRecorder()
	tg.handler.ServeHTTP(rec, hr)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}, nil
}

// nestedJSON returns a JSON object nested levels deep: the object, then
// levels-1 arrays inside it.
func nestedJSON(levels int) string {
	var b bytes.Buffer
	b.WriteString(`{"nested":`)
	b.WriteString(strings.Repeat("[", levels-1))
	b.WriteString(strings.Repeat("]", levels-1))
	b.WriteString(`}`)
	return b.String()
}

// discardLogger keeps the router's error log out of the test output.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
