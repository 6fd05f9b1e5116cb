// Package tracing traces lambdaroute requests with OpenTelemetry.
//
// [New] returns a router.Observer. Register it with router.WithObserver and
// every request gets a server span named after its route template
// ("GET /dashboard/<user_id>", never the raw path), with the HTTP semantic
// convention attributes, and every asyncbridge.Go call made with the
// request's context gets a child span:
//
//	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
//	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(tracing.New(tp)))
//
// The parent of a request span comes from the incoming headers (W3C
// traceparent, then the X-Ray X-Amzn-Trace-Id header) and, when they carry
// none, from the X-Ray trace header that Lambda passes with the invocation.
// See [WithPropagator] and [WithLambdaTraceParent].
package tracing

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/contrib/propagators/aws/xray"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/internal/readmap"
	"github.com/lambdaroute/lambdaroute/router"
)

// instrumentationName names the tracer with the import path of the
// instrumentation package, as the TracerProvider.Tracer documentation of
// go.opentelemetry.io/otel/trace (v1.47.0) recommends.
const instrumentationName = "github.com/lambdaroute/lambdaroute/tracing"

// Option configures an Observer.
type Option func(*Observer)

// WithPropagator sets how the parent span is read from the request
// headers. The default reads X-Ray's X-Amzn-Trace-Id, then W3C traceparent
// and baggage, so that a W3C header wins when a request carries both.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(o *Observer) {
		if p != nil {
			o.propagator = p
		}
	}
}

// WithAsyncSpanName sets the name of the child span of each
// asyncbridge.Go call, computed from the request span's name. The default
// appends " async": "GET /dashboard/<user_id> async". The func is called
// once per method and route, not once per call.
func WithAsyncSpanName(name func(requestSpanName string) string) Option {
	return func(o *Observer) {
		if name != nil {
			o.asyncName = name
		}
	}
}

// WithLambdaTraceParent turns on or off the fallback to the X-Ray trace
// header that Lambda passes with each invocation (when active tracing is
// on), for requests whose headers carry no parent. It is on by default, so
// that the spans join the X-Ray trace of the invocation.
func WithLambdaTraceParent(on bool) Option {
	return func(o *Observer) { o.lambdaParent = on }
}

// Observer is a router.Observer that traces requests. Build it with New.
type Observer struct {
	tracer       trace.Tracer
	propagator   propagation.TextMapPropagator
	asyncName    func(string) string
	lambdaParent bool
	knownMethods map[string]bool

	// specs caches one routeSpec per method and route template. Both
	// come from small sets (known methods and registered templates), so
	// the map stays small.
	specs readmap.Map[routeKey, *routeSpec]
}

var _ router.Observer = (*Observer)(nil)

// New returns an Observer that starts spans with a tracer from tp. A nil
// tp means the global provider, otel.GetTracerProvider().
//
// HTTP methods outside the semantic conventions' known list are recorded
// as "_OTHER". The environment variable
// OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS, a comma-separated list, replaces
// that list, as the conventions specify.
func New(tp trace.TracerProvider, opts ...Option) *Observer {
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	o := &Observer{
		tracer: tp.Tracer(instrumentationName, trace.WithSchemaURL(semconv.SchemaURL)),
		propagator: propagation.NewCompositeTextMapPropagator(
			xray.Propagator{}, propagation.TraceContext{}, propagation.Baggage{}),
		asyncName:    func(name string) string { return name + " async" },
		lambdaParent: true,
		knownMethods: knownMethods(os.Getenv("OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS")),
	}
	for _, opt := range opts {
		opt(o)
	}
	return o
}

// knownMethods returns the methods that the HTTP semantic conventions
// (v1.43.0) treat as known, or the comma-separated list in override.
func knownMethods(override string) map[string]bool {
	methods := []string{"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE", "QUERY"}
	if strings.TrimSpace(override) != "" {
		methods = strings.Split(override, ",")
	}
	known := make(map[string]bool, len(methods))
	for _, m := range methods {
		if m = strings.TrimSpace(m); m != "" {
			known[m] = true
		}
	}
	return known
}

// routeKey identifies a routeSpec: the canonical method (or "_OTHER") and
// the route template ("" when no route matched).
type routeKey struct{ method, route string }

// routeSpec holds what every request on one method and route shares: the
// span names and the fixed attributes. It is also the asyncbridge.Observer
// that the request's context carries, so that neither costs an allocation
// per request.
type routeSpec struct {
	tracer    trace.Tracer
	spanName  string
	asyncName string
	method    attribute.KeyValue
	route     attribute.KeyValue
	hasRoute  bool
}

// spec returns the routeSpec of a method and route, built on first use.
func (o *Observer) spec(method, route string) *routeSpec {
	return o.specs.Get(routeKey{method, route}, func() *routeSpec {
		// The conventions name an HTTP server span "{method} {route}",
		// with "HTTP" for a method they do not know and the method alone
		// when there is no route, so a raw path never becomes a span name.
		name := method
		if method == "_OTHER" {
			name = "HTTP"
		}
		if route != "" {
			name += " " + route
		}
		return &routeSpec{
			tracer:    o.tracer,
			spanName:  name,
			asyncName: o.asyncName(name),
			method:    semconv.HTTPRequestMethodKey.String(method),
			route:     semconv.HTTPRoute(route),
			hasRoute:  route != "",
		}
	})
}

// canonicalMethod returns the upper-case method when it is known, and
// "_OTHER" otherwise. The router matches methods case-insensitively, so
// "get" is recorded as GET with the original spelling beside it.
func (o *Observer) canonicalMethod(method string) string {
	upper := strings.ToUpper(method)
	if o.knownMethods[upper] {
		return upper
	}
	return "_OTHER"
}

// StartRequest starts the request's server span and installs the
// asyncbridge observer that makes each asyncbridge.Go call a child span.
func (o *Observer) StartRequest(ctx context.Context, req *router.Request) (context.Context, func(*router.Request, *router.Response)) {
	method := o.canonicalMethod(req.Method)
	spec := o.spec(method, req.Route)
	ctx = o.parentContext(ctx, req)

	// The attributes that the HTTP conventions mark as important for
	// sampling, and the route, go in at the start, where a sampler can
	// read them. The rest are built only for a span that records.
	attrs := make([]attribute.KeyValue, 0, 9)
	attrs = append(attrs, spec.method)
	if spec.hasRoute {
		attrs = append(attrs, spec.route)
	}
	attrs = appendSamplingAttributes(attrs, req)
	coldStart := coldStartClaimed.CompareAndSwap(false, true)

	ctx, span := o.tracer.Start(ctx, spec.spanName, serverKind, trace.WithAttributes(attrs...))
	if span.IsRecording() {
		var details []attribute.KeyValue
		if method != req.Method {
			details = append(details, semconv.HTTPRequestMethodOriginal(req.Method))
		}
		details = appendLambdaAttributes(details, ctx, coldStart)
		if len(details) > 0 {
			span.SetAttributes(details...)
		}
	}
	ctx = asyncbridge.WithObserver(ctx, spec)
	return ctx, func(_ *router.Request, resp *router.Response) { endRequestSpan(span, resp) }
}

// serverKind is built once because boxing the option allocates.
var serverKind = trace.WithSpanKind(trace.SpanKindServer)

// endRequestSpan records the response status and ends the span. As the
// HTTP conventions ask of server spans, only a 5xx status is an error,
// and the status code itself is the error type.
func endRequestSpan(span trace.Span, resp *router.Response) {
	if !span.IsRecording() {
		span.End()
		return
	}
	status := resp.StatusCode
	if status == 0 {
		status = 200
	}
	if status < 500 {
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		span.End()
		return
	}
	// NOTE: the handler's error or panic is not on the request span,
	// because an Observer receives only the response. The router logs it
	// with the request's context, and a failing asyncbridge.Go records it
	// on its own span.
	span.SetAttributes(semconv.HTTPResponseStatusCode(status), semconv.ErrorTypeKey.String(strconv.Itoa(status)))
	span.SetStatus(codes.Error, "")
	span.End()
}

// Start starts the child span of one asyncbridge.Go call. The parent is
// the span in ctx: the request span, or the span of the Go call that
// started this one.
func (s *routeSpec) Start(ctx context.Context) (context.Context, func(error)) {
	ctx, span := s.tracer.Start(ctx, s.asyncName)
	return ctx, func(err error) { endAsyncSpan(span, err) }
}

// endAsyncSpan records the function's error, with the stack of a panic, and
// ends the span.
func endAsyncSpan(span trace.Span, err error) {
	if err != nil {
		var panicErr *asyncbridge.PanicError
		if errors.As(err, &panicErr) {
			span.RecordError(err, trace.WithAttributes(semconv.ExceptionStacktrace(string(panicErr.Stack))))
		} else {
			span.RecordError(err)
		}
		span.SetAttributes(semconv.ErrorType(err))
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}
