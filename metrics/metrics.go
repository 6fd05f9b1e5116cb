// Package metrics writes per-request CloudWatch metrics in the embedded
// metric format (EMF): one JSON line per lambdaroute request, which
// CloudWatch Logs turns into metrics without any API call, as Powertools
// Metrics does.
//
//	obs, err := metrics.New(metrics.WithNamespace("Shop"))
//	if err != nil {
//		log.Fatal(err)
//	}
//	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs))
//
// Each line carries three metrics, Requests (Count, always 1), Latency
// (Milliseconds, from the end of routing to the finished response) and
// Errors (Count, 1 for a 5xx status). They are dimensioned by route
// template and method, and by service when one is set.
package metrics

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaroute/lambdaroute/internal/readmap"
	"github.com/lambdaroute/lambdaroute/router"
)

// Metric names and dimension keys of every line.
const (
	MetricRequests = "Requests"
	MetricLatency  = "Latency"
	MetricErrors   = "Errors"

	DimensionService = "service"
	DimensionRoute   = "route"
	DimensionMethod  = "method"
)

// UnmatchedRoute is the route dimension of a request that matched no
// route (404, 405, CORS preflight, an event that could not be decoded),
// because CloudWatch rejects an empty dimension value and the raw path
// would create a metric per path.
const UnmatchedRoute = "unmatched"

// OtherMethod is the method dimension of a request whose method is not a
// standard one, so that a client cannot create metrics by inventing methods.
const OtherMethod = "OTHER"

// DefaultNamespace is the namespace used when neither WithNamespace nor
// POWERTOOLS_METRICS_NAMESPACE sets one.
const DefaultNamespace = "lambdaroute"

// maxNamespaceLength is CloudWatch's limit on a namespace, in characters
// (PutMetricData API reference).
const maxNamespaceLength = 255

// Option configures an Observer.
type Option func(*Observer)

// WithNamespace sets the CloudWatch namespace. The default is
// POWERTOOLS_METRICS_NAMESPACE, or DefaultNamespace when that is unset.
func WithNamespace(namespace string) Option {
	return func(o *Observer) { o.namespace = namespace }
}

// WithService adds a service dimension with this value. The default is
// POWERTOOLS_SERVICE_NAME; with neither, lines have no service dimension.
func WithService(service string) Option {
	return func(o *Observer) { o.service = service }
}

// WithWriter sets where the lines go. The default is os.Stdout, which
// Lambda sends to CloudWatch Logs. Writes are serialized, one Write call
// per line, so w need not be safe for concurrent use.
func WithWriter(w io.Writer) Option {
	return func(o *Observer) { o.writer = w }
}

// WithLogger sets the logger that reports failed writes. The default is
// slog.Default().
func WithLogger(logger *slog.Logger) Option {
	return func(o *Observer) { o.logger = logger }
}

// Observer is a router.Observer that writes one EMF line per request.
// Build it with New.
type Observer struct {
	namespace string
	service   string
	writer    io.Writer
	logger    *slog.Logger

	// directive is the encoded CloudWatchMetrics array, the same on every
	// line.
	directive []byte

	// dimensions caches the encoded dimension members per route and
	// method. Routes are templates and methods are normalized, so the map
	// stays small.
	dimensions readmap.Map[dimensionKey, []byte]

	writeMu       sync.Mutex
	writeFailures atomic.Int64
}

var _ router.Observer = (*Observer)(nil)

type dimensionKey struct{ route, method string }

// New returns an Observer, or an error when the namespace is not one that
// CloudWatch accepts: empty, longer than 255 characters, or containing a
// colon.
func New(opts ...Option) (*Observer, error) {
	o := &Observer{
		namespace: os.Getenv("POWERTOOLS_METRICS_NAMESPACE"),
		service:   os.Getenv("POWERTOOLS_SERVICE_NAME"),
		writer:    os.Stdout,
	}
	if o.namespace == "" {
		o.namespace = DefaultNamespace
	}
	for _, opt := range opts {
		opt(o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	if err := checkNamespace(o.namespace); err != nil {
		return nil, err
	}
	directive, err := o.encodeDirective()
	if err != nil {
		return nil, err
	}
	o.directive = directive
	return o, nil
}

func checkNamespace(ns string) error {
	switch {
	case ns == "":
		return fmt.Errorf("metrics: the CloudWatch namespace is empty; set it with WithNamespace or POWERTOOLS_METRICS_NAMESPACE")
	case len([]rune(ns)) > maxNamespaceLength:
		return fmt.Errorf("metrics: the CloudWatch namespace %q is %d characters long; CloudWatch accepts at most %d", ns, len([]rune(ns)), maxNamespaceLength)
	case strings.Contains(ns, ":"):
		return fmt.Errorf("metrics: the CloudWatch namespace %q contains a colon, which CloudWatch rejects; choose a namespace without one", ns)
	}
	return nil
}

// emfDirective is the MetricDirective of the EMF specification.
type emfDirective struct {
	Namespace  string          `json:"Namespace"`
	Dimensions [][]string      `json:"Dimensions"`
	Metrics    []emfDefinition `json:"Metrics"`
}

// emfDefinition is the MetricDefinition of the EMF specification.
type emfDefinition struct {
	Name string `json:"Name"`
	Unit string `json:"Unit"`
}

func (o *Observer) encodeDirective() ([]byte, error) {
	dimensionSet := []string{DimensionRoute, DimensionMethod}
	if o.service != "" {
		dimensionSet = append([]string{DimensionService}, dimensionSet...)
	}
	directives := []emfDirective{{
		Namespace:  o.namespace,
		Dimensions: [][]string{dimensionSet},
		Metrics: []emfDefinition{
			{Name: MetricRequests, Unit: "Count"},
			{Name: MetricLatency, Unit: "Milliseconds"},
			{Name: MetricErrors, Unit: "Count"},
		},
	}}
	b, err := json.Marshal(directives)
	if err != nil {
		return nil, fmt.Errorf("metrics: encoding the CloudWatchMetrics directive: %w", err)
	}
	return b, nil
}

// StartRequest notes the start time; the returned func writes the line.
func (o *Observer) StartRequest(ctx context.Context, _ *router.Request) (context.Context, func(*router.Request, *router.Response)) {
	start := time.Now()
	return ctx, func(req *router.Request, resp *router.Response) { o.write(req, resp, start) }
}

func (o *Observer) write(req *router.Request, resp *router.Response, start time.Time) {
	end := time.Now()
	status := resp.StatusCode
	if status == 0 {
		status = 200
	}
	errorCount := 0
	if status >= 500 {
		errorCount = 1
	}
	latency := float64(end.Sub(start).Microseconds()) / 1000

	line := make([]byte, 0, 256+len(o.directive))
	line = append(line, `{"_aws":{"Timestamp":`...)
	line = strconv.AppendInt(line, end.UnixMilli(), 10)
	line = append(line, `,"CloudWatchMetrics":`...)
	line = append(line, o.directive...)
	line = append(line, "},"...)
	line = append(line, o.dimensionMembers(req.Route, req.Method)...)
	line = append(line, `,"`+MetricRequests+`":1,"`+MetricLatency+`":`...)
	line = strconv.AppendFloat(line, latency, 'f', -1, 64)
	line = append(line, `,"`+MetricErrors+`":`...)
	line = strconv.AppendInt(line, int64(errorCount), 10)
	line = append(line, "}\n"...)

	o.writeMu.Lock()
	_, err := o.writer.Write(line)
	o.writeMu.Unlock()
	if err != nil {
		o.reportWriteFailure(err)
	}
}

// reportWriteFailure logs the first failed write and then every time the
// count of failures reaches a power of two, so that a broken writer does
// not flood the log.
func (o *Observer) reportWriteFailure(err error) {
	n := o.writeFailures.Add(1)
	if bits.OnesCount64(uint64(n)) != 1 {
		return
	}
	o.logger.Error("metrics: writing an EMF line failed; the request's metrics are lost. Check the writer passed to WithWriter",
		"error", err, "failures", n)
}

// dimensionMembers returns the encoded dimension members of a line, such
// as "service":"shop","route":"/users/<id>","method":"GET".
func (o *Observer) dimensionMembers(route, method string) []byte {
	key := dimensionKey{route: route, method: normalizeMethod(method)}
	return o.dimensions.Get(key, func() []byte {
		if route == "" {
			route = UnmatchedRoute
		}
		var b []byte
		if o.service != "" {
			b = appendMember(b, DimensionService, o.service)
			b = append(b, ',')
		}
		b = appendMember(b, DimensionRoute, route)
		b = append(b, ',')
		return appendMember(b, DimensionMethod, key.method)
	})
}

// appendMember appends "key":"value" with both encoded as JSON strings.
func appendMember(b []byte, key, value string) []byte {
	b = appendJSONString(b, key)
	b = append(b, ':')
	return appendJSONString(b, value)
}

// appendJSONString appends s as a JSON string. It keeps < and > as they
// are, unlike json.Marshal, so that "/users/<id>" stays readable in the
// log.
func appendJSONString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Encoding a string into a bytes.Buffer cannot fail.
	_ = enc.Encode(s)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// normalizeMethod returns the upper-case method when it is one of the
// standard ones (RFC 9110 and PATCH) and OtherMethod otherwise.
func normalizeMethod(method string) string {
	upper := strings.ToUpper(method)
	switch upper {
	case "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH":
		return upper
	}
	return OtherMethod
}
