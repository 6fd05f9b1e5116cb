package tracing

import (
	"context"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"go.opentelemetry.io/contrib/propagators/aws/xray"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/lambdaroute/lambdaroute/router"
)

// lambdaTraceIDKey is the context key under which aws-lambda-go (v1.55.1,
// lambda/invoke_loop.go) stores the invocation's Lambda-Runtime-Trace-Id
// header. It is a plain string key, so only a plain string finds it.
const lambdaTraceIDKey = "x-amzn-trace-id"

// lambdaTraceIDEnv is the environment variable that aws-lambda-go also
// sets to that header, but only when the process serves one invocation at
// a time.
const lambdaTraceIDEnv = "_X_AMZN_TRACE_ID"

// coldStartClaimed records that this process has already served a request,
// so that only its first request span carries faas.coldstart=true.
var coldStartClaimed atomic.Bool

// parentContext returns ctx with the remote parent of the request span:
// from the request headers, or else from the invocation's X-Ray header.
// A span already in ctx stays the parent when neither is present.
func (o *Observer) parentContext(ctx context.Context, req *router.Request) context.Context {
	if req.Header != nil {
		ctx = o.propagator.Extract(ctx, headerCarrier(req.Header))
	}
	if !o.lambdaParent || trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	header := lambdaTraceHeader(ctx)
	if header == "" {
		return ctx
	}
	return xray.Propagator{}.Extract(ctx, xrayCarrier(header))
}

// lambdaTraceHeader returns the X-Ray trace header of the current Lambda
// invocation, or "" outside Lambda or when active tracing is off.
func lambdaTraceHeader(ctx context.Context) string {
	if h, ok := ctx.Value(lambdaTraceIDKey).(string); ok && h != "" {
		return h
	}
	// The environment variable belongs to the whole process, so it names
	// the current invocation only when there is one invocation at a time.
	if lambdacontext.MaxConcurrency() <= 1 {
		return os.Getenv(lambdaTraceIDEnv)
	}
	return ""
}

// headerCarrier is propagation.HeaderCarrier without the allocation that
// http.Header.Get makes to canonicalize a lower-case key such as
// "traceparent" on every request. Router requests hold canonical keys.
type headerCarrier http.Header

func (c headerCarrier) Get(key string) string {
	var canonical string
	switch key {
	case "traceparent":
		canonical = "Traceparent"
	case "tracestate":
		canonical = "Tracestate"
	case "baggage":
		canonical = "Baggage"
	default:
		canonical = textproto.CanonicalMIMEHeaderKey(key)
	}
	if v := c[canonical]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func (c headerCarrier) Set(key, value string) { http.Header(c).Set(key, value) }

func (c headerCarrier) Keys() []string { return propagation.HeaderCarrier(c).Keys() }

// xrayCarrier is a TextMapCarrier that holds one X-Amzn-Trace-Id value, so
// that the X-Ray propagator can read it without a map.
type xrayCarrier string

func (c xrayCarrier) Get(key string) string {
	if strings.EqualFold(key, "X-Amzn-Trace-Id") {
		return string(c)
	}
	return ""
}

func (xrayCarrier) Set(string, string) {}

func (xrayCarrier) Keys() []string { return []string{"X-Amzn-Trace-Id"} }

// appendSamplingAttributes appends the request attributes that the HTTP
// server span conventions (v1.43.0) list as important for sampling, apart
// from the method: url.path, url.query, url.scheme, server.address,
// server.port, client.address and user_agent.original.
func appendSamplingAttributes(attrs []attribute.KeyValue, req *router.Request) []attribute.KeyValue {
	path := req.RawPath
	if path == "" {
		path = req.Path
	}
	if path != "" {
		attrs = append(attrs, semconv.URLPath(path))
	}
	if len(req.Query) > 0 {
		attrs = append(attrs, semconv.URLQuery(redactedQuery(req.Query)))
	}
	if scheme := requestScheme(req); scheme != "" {
		attrs = append(attrs, semconv.URLScheme(scheme))
	}
	if host, port := requestHost(req); host != "" {
		attrs = append(attrs, semconv.ServerAddress(host))
		if port > 0 {
			attrs = append(attrs, semconv.ServerPort(port))
		}
	}
	if client := clientAddress(req); client != "" {
		attrs = append(attrs, semconv.ClientAddress(client))
	}
	if ua := req.Header.Get("User-Agent"); ua != "" {
		attrs = append(attrs, semconv.UserAgentOriginal(ua))
	}
	return attrs
}

// appendLambdaAttributes appends the FaaS and cloud attributes of a Lambda
// invocation, when ctx carries one.
func appendLambdaAttributes(attrs []attribute.KeyValue, ctx context.Context, coldStart bool) []attribute.KeyValue {
	lc, ok := lambdacontext.FromContext(ctx)
	if !ok {
		return attrs
	}
	attrs = append(attrs,
		semconv.CloudProviderAWS,
		semconv.FaaSTriggerHTTP,
		semconv.FaaSInvocationID(lc.AwsRequestID),
		semconv.FaaSColdstart(coldStart))
	if account := arnAccount(lc.InvokedFunctionArn); account != "" {
		attrs = append(attrs, semconv.CloudAccountID(account))
	}
	return attrs
}

// redactedQueryKeys are the query parameters whose values the URL
// conventions (v1.43.0) ask to replace with REDACTED, because they carry
// signatures and access keys.
var redactedQueryKeys = map[string]bool{"AWSAccessKeyId": true, "Signature": true, "sig": true, "X-Goog-Signature": true}

// redactedQuery encodes the decoded query again, in key order, with the
// values of redactedQueryKeys replaced. The router keeps only the decoded
// query, so the client's original order and encoding are not recorded.
func redactedQuery(query url.Values) string {
	for key := range query {
		if redactedQueryKeys[key] {
			redacted := make(url.Values, len(query))
			for k, values := range query {
				if redactedQueryKeys[k] {
					values = []string{"REDACTED"}
				}
				redacted[k] = values
			}
			return redacted.Encode()
		}
	}
	return query.Encode()
}

// requestScheme returns the scheme the client used: X-Forwarded-Proto,
// which API Gateway and ALB set, or the local server's own.
func requestScheme(req *router.Request) string {
	if proto := req.Header.Get("X-Forwarded-Proto"); proto != "" {
		return proto
	}
	if req.HTTPRequest != nil {
		if req.HTTPRequest.TLS != nil {
			return "https"
		}
		return "http"
	}
	return ""
}

// requestHost returns the host and port the client addressed, from the
// Host header, with the port of X-Forwarded-Port (which API Gateway and
// ALB set) when Host has none. The port is 0 when unknown. Under net/http
// the Host header is in HTTPRequest.Host, not in Header.
func requestHost(req *router.Request) (string, int) {
	host := req.Header.Get("Host")
	if host == "" && req.HTTPRequest != nil {
		host = req.HTTPRequest.Host
	}
	portText := req.Header.Get("X-Forwarded-Port")
	// Only a host with a colon can have a port, and SplitHostPort
	// allocates an error for one that has none.
	if strings.Contains(host, ":") {
		if h, p, err := net.SplitHostPort(host); err == nil {
			host, portText = h, p
		}
	}
	if portText == "" {
		return host, 0
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port <= 0 || port > 65535 {
		return host, 0
	}
	return host, port
}

// clientAddress returns the first X-Forwarded-For address, which API
// Gateway and ALB set to the client's, or the local server's peer.
func clientAddress(req *router.Request) string {
	if xff := req.Header.Get("X-Forwarded-For"); xff != "" {
		first, _, _ := strings.Cut(xff, ",")
		return strings.TrimSpace(first)
	}
	if req.HTTPRequest != nil {
		if h, _, err := net.SplitHostPort(req.HTTPRequest.RemoteAddr); err == nil {
			return h
		}
	}
	return ""
}

// arnAccount returns the account id of an ARN
// ("arn:aws:lambda:eu-west-1:123456789012:function:name"), or "".
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}
