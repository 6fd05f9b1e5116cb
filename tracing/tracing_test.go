package tracing_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
	"github.com/lambdaroute/lambdaroute/tracing"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const (
	dashboardRoute = "/dashboard/<user_id>"
	dashboardSpan  = "GET /dashboard/<user_id>"
	asyncSpan      = "GET /dashboard/<user_id> async"
)

// userKey is the span attribute with which the back-end calls mark their
// spans, so that a test can tell which request a span belongs to.
const userKey = attribute.Key("test.user_id")

type dashboard struct {
	Orders  []string `json:"orders"`
	Profile string   `json:"profile"`
}

// fetch simulates a back-end call: it marks its span with the user and
// waits a little, so that concurrent requests overlap.
func fetch(userID, resource string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		trace.SpanFromContext(ctx).SetAttributes(userKey.String(userID))
		select {
		case <-time.After(time.Millisecond):
			return resource + " of " + userID, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// dashboardHandler has the shape of the quickstart's async dashboard: one
// Go for the handler, which fans out with two more and gathers them.
func dashboardHandler(ctx context.Context, userID string) asyncbridge.Future[dashboard] {
	return asyncbridge.Go(ctx, func(ctx context.Context) (dashboard, error) {
		trace.SpanFromContext(ctx).SetAttributes(userKey.String(userID))
		orders := asyncbridge.Go(ctx, fetch(userID, "orders"))
		profile := asyncbridge.Go(ctx, fetch(userID, "profile"))
		if err := asyncbridge.Gather(ctx, orders, profile); err != nil {
			return dashboard{}, err
		}
		return dashboard{Orders: []string{orders.Value()}, Profile: profile.Value()}, nil
	})
}

// newTracedApp returns an HTTP API resolver traced into a span recorder.
func newTracedApp(t *testing.T, opts ...tracing.Option) (*router.APIGatewayHTTPResolver, *tracetest.SpanRecorder) {
	t.Helper()
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	t.Cleanup(func() {
		if err := tp.Shutdown(context.Background()); err != nil {
			t.Errorf("TracerProvider.Shutdown() error = %v", err)
		}
	})
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(tracing.New(tp, opts...)))
	app.Get(dashboardRoute, dashboardHandler)
	app.Get("/users/<id>", func(id string) string { return id })
	app.Get("/crash", func() string { panic("handler failed") })
	app.Get("/crash-async", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { panic("async handler failed") })
	})
	return app, recorder
}

func httpEvent(method, path string, headers map[string]string) events.APIGatewayV2HTTPRequest {
	var e events.APIGatewayV2HTTPRequest
	e.RawPath = path
	e.RequestContext.HTTP.Method = method
	e.Headers = headers
	return e
}

func attrValue(span sdktrace.ReadOnlySpan, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range span.Attributes() {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func attrString(span sdktrace.ReadOnlySpan, key attribute.Key) string {
	v, _ := attrValue(span, key)
	return v.Emit()
}

// checkDashboardTree checks that spans form one request's tree: the server
// span for the route, one child for the handler's Go, and two children of
// that one for the fan-out, all in one trace and all marked with userID.
func checkDashboardTree(t *testing.T, spans []sdktrace.ReadOnlySpan, userID string) {
	t.Helper()
	if len(spans) != 4 {
		t.Fatalf("user %s: got %d spans, want 4 (root, handler Go, two fan-out Go)", userID, len(spans))
	}
	var root sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == dashboardSpan {
			root = s
		}
	}
	if root == nil {
		t.Fatalf("user %s: no span named %q", userID, dashboardSpan)
	}
	if root.SpanKind() != trace.SpanKindServer {
		t.Errorf("root kind = %v, want server", root.SpanKind())
	}
	if root.Parent().IsValid() {
		t.Errorf("root has parent %v, want none", root.Parent().SpanID())
	}
	if got := attrString(root, "url.path"); got != "/dashboard/"+userID {
		t.Errorf("root url.path = %q, want /dashboard/%s", got, userID)
	}

	var handlerGo sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Parent().SpanID() == root.SpanContext().SpanID() {
			if handlerGo != nil {
				t.Errorf("user %s: root has more than one child", userID)
			}
			handlerGo = s
		}
	}
	if handlerGo == nil {
		t.Fatalf("user %s: root has no child span", userID)
	}
	fanOut := 0
	for _, s := range spans {
		if s.SpanContext().TraceID() != root.SpanContext().TraceID() {
			t.Errorf("span %q is in trace %v, want the root's %v", s.Name(), s.SpanContext().TraceID(), root.SpanContext().TraceID())
		}
		if s == root {
			continue
		}
		if s.Name() != asyncSpan {
			t.Errorf("child span name = %q, want %q", s.Name(), asyncSpan)
		}
		if got := attrString(s, userKey); got != userID {
			t.Errorf("span %v is marked with user %q, want %q", s.SpanContext().SpanID(), got, userID)
		}
		if s.Parent().SpanID() == handlerGo.SpanContext().SpanID() {
			fanOut++
		}
	}
	if fanOut != 2 {
		t.Errorf("user %s: handler Go span has %d children, want 2", userID, fanOut)
	}
}

func TestDashboardSpanTree(t *testing.T) {
	resolvers := map[string]func(*router.APIGatewayHTTPResolver, context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error){
		"Resolve": (*router.APIGatewayHTTPResolver).Resolve,
		"ResolveAsync": func(app *router.APIGatewayHTTPResolver, ctx context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return app.ResolveAsync(ctx, e).Await(ctx)
		},
	}
	for name, resolve := range resolvers {
		t.Run(name, func(t *testing.T) {
			app, recorder := newTracedApp(t)
			resp, err := resolve(app, t.Context(), httpEvent("GET", "/dashboard/42", nil))
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("resolve = %d, %v; want 200, nil", resp.StatusCode, err)
			}
			spans := recorder.Ended()
			checkDashboardTree(t, spans, "42")

			for _, s := range spans {
				if s.Name() != dashboardSpan {
					continue
				}
				want := map[attribute.Key]string{
					"http.request.method":       "GET",
					"http.route":                dashboardRoute,
					"http.response.status_code": "200",
				}
				for key, value := range want {
					if got := attrString(s, key); got != value {
						t.Errorf("root %s = %q, want %q", key, got, value)
					}
				}
				if s.Status().Code != codes.Unset {
					t.Errorf("root status = %v, want Unset for a 200", s.Status())
				}
			}
		})
	}
}

func TestConcurrentRequestsKeepSpansApart(t *testing.T) {
	const requests = 50
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			app, recorder := newTracedApp(t)
			var wg sync.WaitGroup
			errs := make(chan error, requests)
			for i := range requests {
				wg.Go(func() {
					e := httpEvent("GET", fmt.Sprintf("/dashboard/u%d", i), nil)
					var resp events.APIGatewayV2HTTPResponse
					var err error
					if async {
						resp, err = app.ResolveAsync(context.Background(), e).Await(context.Background())
					} else {
						resp, err = app.Resolve(context.Background(), e)
					}
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("request %d: status %d, body %s", i, resp.StatusCode, resp.Body)
					}
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}

			byTrace := map[trace.TraceID][]sdktrace.ReadOnlySpan{}
			for _, s := range recorder.Ended() {
				byTrace[s.SpanContext().TraceID()] = append(byTrace[s.SpanContext().TraceID()], s)
			}
			if len(byTrace) != requests {
				t.Fatalf("got %d traces, want %d, one per request", len(byTrace), requests)
			}
			for _, spans := range byTrace {
				var userID string
				for _, s := range spans {
					if s.Name() == dashboardSpan {
						userID = strings.TrimPrefix(attrString(s, "url.path"), "/dashboard/")
					}
				}
				checkDashboardTree(t, spans, userID)
			}
		})
	}
}

func TestParentFromHeaders(t *testing.T) {
	const (
		w3cTrace  = "4bf92f3577b34da6a3ce929d0e0e4736"
		w3cParent = "00f067aa0ba902b7"
		xrayTrace = "5759e988bd862e3fe1be46a994272793"
		xrayRoot  = "1-5759e988-bd862e3fe1be46a994272793"
		xrayPar   = "53995c3f42cd8ad8"
	)
	traceparent := "00-" + w3cTrace + "-" + w3cParent + "-01"
	xrayHeader := "Root=" + xrayRoot + ";Parent=" + xrayPar + ";Sampled=1"
	tests := []struct {
		name       string
		headers    map[string]string
		ctx        func(context.Context) context.Context
		wantTrace  string
		wantParent string
	}{
		{
			name:       "traceparent",
			headers:    map[string]string{"traceparent": traceparent},
			wantTrace:  w3cTrace,
			wantParent: w3cParent,
		},
		{
			name:       "X-Amzn-Trace-Id header",
			headers:    map[string]string{"x-amzn-trace-id": xrayHeader},
			wantTrace:  xrayTrace,
			wantParent: xrayPar,
		},
		{
			name:       "traceparent wins over X-Ray",
			headers:    map[string]string{"traceparent": traceparent, "x-amzn-trace-id": xrayHeader},
			wantTrace:  w3cTrace,
			wantParent: w3cParent,
		},
		{
			name: "Lambda invocation trace header",
			ctx: func(ctx context.Context) context.Context {
				//nolint:staticcheck // aws-lambda-go stores the header under this plain string key.
				return context.WithValue(ctx, "x-amzn-trace-id", xrayHeader)
			},
			wantTrace:  xrayTrace,
			wantParent: xrayPar,
		},
		{
			name:    "request header wins over Lambda's",
			headers: map[string]string{"traceparent": traceparent},
			ctx: func(ctx context.Context) context.Context {
				//nolint:staticcheck // aws-lambda-go stores the header under this plain string key.
				return context.WithValue(ctx, "x-amzn-trace-id", xrayHeader)
			},
			wantTrace:  w3cTrace,
			wantParent: w3cParent,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("_X_AMZN_TRACE_ID", "")
			app, recorder := newTracedApp(t)
			ctx := t.Context()
			if tt.ctx != nil {
				ctx = tt.ctx(ctx)
			}
			if _, err := app.Resolve(ctx, httpEvent("GET", "/users/1", tt.headers)); err != nil {
				t.Fatalf("Resolve() error = %v", err)
			}
			spans := recorder.Ended()
			if len(spans) != 1 {
				t.Fatalf("got %d spans, want 1", len(spans))
			}
			root := spans[0]
			if got := root.SpanContext().TraceID().String(); got != tt.wantTrace {
				t.Errorf("trace id = %s, want %s", got, tt.wantTrace)
			}
			if got := root.Parent().SpanID().String(); got != tt.wantParent {
				t.Errorf("parent span id = %s, want %s", got, tt.wantParent)
			}
			if !root.Parent().IsRemote() {
				t.Error("parent is not marked remote")
			}
		})
	}
}

func TestLambdaTraceParentOff(t *testing.T) {
	app, recorder := newTracedApp(t, tracing.WithLambdaTraceParent(false))
	//nolint:staticcheck // aws-lambda-go stores the header under this plain string key.
	ctx := context.WithValue(t.Context(), "x-amzn-trace-id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
	if _, err := app.Resolve(ctx, httpEvent("GET", "/users/1", nil)); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	spans := recorder.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	if spans[0].Parent().IsValid() {
		t.Errorf("parent = %v, want none with WithLambdaTraceParent(false)", spans[0].Parent().SpanID())
	}
}

func TestNotFoundSpanNamedByMethod(t *testing.T) {
	app, recorder := newTracedApp(t)
	resp, _ := app.Resolve(t.Context(), httpEvent("GET", "/no/such/path/123", nil))
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", resp.StatusCode)
	}
	spans := recorder.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	s := spans[0]
	if s.Name() != "GET" {
		t.Errorf("span name = %q, want %q without the raw path", s.Name(), "GET")
	}
	if _, ok := attrValue(s, "http.route"); ok {
		t.Error("http.route is set on a request that matched no route")
	}
	if got := attrString(s, "http.response.status_code"); got != "404" {
		t.Errorf("http.response.status_code = %q, want 404", got)
	}
	if s.Status().Code != codes.Unset {
		t.Errorf("status = %v, want Unset: a 4xx is not a server error", s.Status())
	}
}

func TestMethodNames(t *testing.T) {
	tests := []struct {
		method, wantName, wantAttr, wantOriginal string
	}{
		{"get", "GET /users/<id>", "GET", "get"},
		{"FOO", "HTTP", "_OTHER", "FOO"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			app, recorder := newTracedApp(t)
			if _, err := app.Resolve(t.Context(), httpEvent(tt.method, "/users/1", nil)); err != nil {
				t.Fatalf("Resolve() error = %v", err)
			}
			s := recorder.Ended()[0]
			if s.Name() != tt.wantName {
				t.Errorf("span name = %q, want %q", s.Name(), tt.wantName)
			}
			if got := attrString(s, "http.request.method"); got != tt.wantAttr {
				t.Errorf("http.request.method = %q, want %q", got, tt.wantAttr)
			}
			if got := attrString(s, "http.request.method_original"); got != tt.wantOriginal {
				t.Errorf("http.request.method_original = %q, want %q", got, tt.wantOriginal)
			}
		})
	}
}

func TestPanicRecorded(t *testing.T) {
	t.Run("sync handler", func(t *testing.T) {
		app, recorder := newTracedApp(t)
		resp, _ := app.Resolve(t.Context(), httpEvent("GET", "/crash", nil))
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status = %d, want 500", resp.StatusCode)
		}
		s := recorder.Ended()[0]
		if s.Status().Code != codes.Error {
			t.Errorf("root status = %v, want Error for a 500", s.Status())
		}
		if got := attrString(s, "error.type"); got != "500" {
			t.Errorf("error.type = %q, want 500", got)
		}
	})
	t.Run("async Go", func(t *testing.T) {
		app, recorder := newTracedApp(t)
		resp, _ := app.Resolve(t.Context(), httpEvent("GET", "/crash-async", nil))
		if resp.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status = %d, want 500", resp.StatusCode)
		}

		var child sdktrace.ReadOnlySpan
		for _, s := range recorder.Ended() {
			if s.Name() == "GET /crash-async async" {
				child = s
			}
		}
		if child == nil {
			t.Fatal("no span for the async handler's Go call")
		}
		if child.Status().Code != codes.Error {
			t.Errorf("child status = %v, want Error", child.Status())
		}
		if !strings.Contains(child.Status().Description, "async handler failed") {
			t.Errorf("child status description = %q, want the panic value", child.Status().Description)
		}

		var exception *sdktrace.Event
		for _, ev := range child.Events() {
			if ev.Name == "exception" {
				exception = &ev
			}
		}
		if exception == nil {
			t.Fatal("child span has no exception event")
		}
		var stack string
		for _, kv := range exception.Attributes {
			if kv.Key == "exception.stacktrace" {
				stack = kv.Value.AsString()
			}
		}
		if !strings.Contains(stack, "tracing_test") {
			t.Errorf("exception.stacktrace does not show the panicking function:\n%s", stack)
		}
	})
}

func TestAsyncErrorRecorded(t *testing.T) {
	errBackend := errors.New("back end unavailable")
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(tracing.New(tp)))
	app.Get("/fail", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { return "", errBackend })
	})

	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/fail", nil)); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	for _, s := range recorder.Ended() {
		if s.Name() != "GET /fail async" {
			continue
		}
		if s.Status().Code != codes.Error || s.Status().Description != errBackend.Error() {
			t.Errorf("status = %+v, want Error with %q", s.Status(), errBackend)
		}
		if got := attrString(s, "error.type"); got != "*errors.errorString" {
			t.Errorf("error.type = %q, want *errors.errorString", got)
		}
		return
	}
	t.Fatal("no span named \"GET /fail async\"")
}

func TestAsyncSpanNameOption(t *testing.T) {
	app, recorder := newTracedApp(t, tracing.WithAsyncSpanName(func(name string) string { return "fan-out of " + name }))
	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/dashboard/7", nil)); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	count := 0
	for _, s := range recorder.Ended() {
		if s.Name() == "fan-out of "+dashboardSpan {
			count++
		}
	}
	if count != 3 {
		t.Errorf("spans named by the option = %d, want 3", count)
	}
}

func TestLambdaAttributes(t *testing.T) {
	app, recorder := newTracedApp(t)
	ctx := lambdacontext.NewContext(t.Context(), &lambdacontext.LambdaContext{
		AwsRequestID:       "c6af9ac6-7b61-11e6-9a41-93e812345678",
		InvokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:quickstart",
	})
	headers := map[string]string{
		"user-agent":        "curl/8.0",
		"x-forwarded-for":   "203.0.113.7, 10.0.0.1",
		"x-forwarded-proto": "https",
		"x-forwarded-port":  "443",
		"host":              "api.example.com",
	}
	if _, err := app.Resolve(ctx, httpEvent("GET", "/users/1", headers)); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	s := recorder.Ended()[0]
	want := map[attribute.Key]string{
		"faas.invocation_id":  "c6af9ac6-7b61-11e6-9a41-93e812345678",
		"cloud.account.id":    "123456789012",
		"cloud.provider":      "aws",
		"faas.trigger":        "http",
		"user_agent.original": "curl/8.0",
		"client.address":      "203.0.113.7",
		"url.scheme":          "https",
		"server.address":      "api.example.com",
		"server.port":         "443",
	}
	for key, value := range want {
		if got := attrString(s, key); got != value {
			t.Errorf("%s = %q, want %q", key, got, value)
		}
	}
	if _, ok := attrValue(s, "faas.coldstart"); !ok {
		t.Error("faas.coldstart is missing on a Lambda invocation")
	}
}

func TestServeHTTPAttributes(t *testing.T) {
	app, recorder := newTracedApp(t)
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://localhost:8080/users/5", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	s := recorder.Ended()[0]
	if got := attrString(s, "server.address"); got != "localhost" {
		t.Errorf("server.address = %q, want localhost", got)
	}
	if got := attrString(s, "server.port"); got != "8080" {
		t.Errorf("server.port = %q, want 8080", got)
	}
	if got := attrString(s, "url.scheme"); got != "http" {
		t.Errorf("url.scheme = %q, want http", got)
	}
	if got := attrString(s, "client.address"); got != "192.0.2.1" {
		t.Errorf("client.address = %q, want httptest's 192.0.2.1", got)
	}
}

func TestQueryRedacted(t *testing.T) {
	app, recorder := newTracedApp(t)
	event := httpEvent("GET", "/users/1", nil)
	event.RawQueryString = "X-Goog-Signature=secret&q=go&sig=abc"
	if _, err := app.Resolve(t.Context(), event); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	got := attrString(recorder.Ended()[0], "url.query")
	if want := "X-Goog-Signature=REDACTED&q=go&sig=REDACTED"; got != want {
		t.Errorf("url.query = %q, want %q", got, want)
	}
}
