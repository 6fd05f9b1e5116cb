package router

import (
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"
)

// Option configures a resolver.
type Option func(*config)

type config struct {
	validation       bool
	methodNotAllowed bool
	cors             *CORSConfig
	debug            *bool
	logger           *slog.Logger
	stripPrefixes    []string
	stripPatterns    []*regexp.Regexp
	responseStatus   int
	maxBodyBytes     int
	maxHeaders       int
	maxQueryValues   int
	maxPathSegments  int
	deadlineMargin   time.Duration
	observers        []Observer
	openapi          openAPISettings
}

// defaultMaxBodyBytes is Lambda's limit for a synchronous invocation's
// request payload (6 MB). A body larger than that cannot reach a function,
// so the local server rejects it too and behaves the same.
const defaultMaxBodyBytes = 6 * 1024 * 1024

// defaultDeadlineMargin is how long before the Lambda deadline the router
// stops waiting for an async handler and responds 504, leaving time to send
// that response before Lambda ends the invocation.
const defaultDeadlineMargin = 100 * time.Millisecond

func newConfig(opts []Option) *config {
	c := &config{
		maxBodyBytes:    defaultMaxBodyBytes,
		maxHeaders:      defaultMaxHeaders,
		maxQueryValues:  defaultMaxQueryValues,
		maxPathSegments: defaultMaxPathSegments,
		deadlineMargin:  defaultDeadlineMargin,
		responseStatus:  422,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	return c
}

// WithValidation turns on request and response validation for every route,
// with the schemas of the OpenAPI document.
func WithValidation() Option { return func(c *config) { c.validation = true } }

// WithMethodNotAllowed responds 405 with an Allow header when the path
// exists for other methods. Powertools, and the default here, respond 404.
func WithMethodNotAllowed() Option { return func(c *config) { c.methodNotAllowed = true } }

// WithCORS enables CORS for every route that does not opt out with
// CORS(false).
func WithCORS(cfg CORSConfig) Option {
	return func(c *config) {
		cp := cfg
		c.cors = &cp
	}
}

// WithDebug turns debug mode on or off, overriding POWERTOOLS_DEV. Debug
// mode logs each event and middleware chain and puts error details in 500
// bodies.
func WithDebug(on bool) Option { return func(c *config) { c.debug = &on } }

// WithLogger sets the logger for errors the router handles and for debug
// output. The default is slog.Default().
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithStripPrefixes removes the first of these prefixes that the path
// starts with (followed by "/" or the end) before routing, so that
// "/v1/users" routes as "/users" and "/v1" as "/".
func WithStripPrefixes(prefixes ...string) Option {
	return func(c *config) { c.stripPrefixes = append(c.stripPrefixes, prefixes...) }
}

// WithStripPrefixPatterns removes every match of each expression from the
// path before routing, after WithStripPrefixes; an empty result becomes "/".
func WithStripPrefixPatterns(patterns ...*regexp.Regexp) Option {
	return func(c *config) { c.stripPatterns = append(c.stripPatterns, patterns...) }
}

// WithResponseValidationStatus sets the status of a response that fails
// validation; the default is 422, as in Powertools.
func WithResponseValidationStatus(status int) Option {
	return func(c *config) { c.responseStatus = status }
}

// WithMaxBodyBytes sets the largest request body accepted, in bytes;
// larger bodies are rejected with 413. The default is 6 MB.
func WithMaxBodyBytes(n int) Option { return func(c *config) { c.maxBodyBytes = n } }

// WithDeadlineMargin sets how long before the invocation's deadline the
// router gives up on an async handler and responds 504. The default is
// 100 ms.
func WithDeadlineMargin(d time.Duration) Option { return func(c *config) { c.deadlineMargin = d } }

// debugEnabled reads the option, then POWERTOOLS_DEV with the values that
// Powertools treats as true.
func (c *config) debugEnabled() bool {
	if c.debug != nil {
		return *c.debug
	}
	switch strings.ToLower(strings.TrimSpace(os.Getenv("POWERTOOLS_DEV"))) {
	case "1", "y", "yes", "t", "true", "on":
		return true
	}
	return false
}

// RouteOption configures one route.
type RouteOption func(*routeConfig)

type routeConfig struct {
	summary      string
	description  string
	tags         []string
	operationID  string
	deprecated   bool
	status       int
	compress     bool
	cors         *bool
	middlewares  []Middleware
	hidden       bool
	cacheControl string
	validation   *bool
}

// Summary sets the operation's summary in the OpenAPI document.
func Summary(s string) RouteOption { return func(r *routeConfig) { r.summary = s } }

// Description sets the operation's description in the OpenAPI document.
func Description(s string) RouteOption { return func(r *routeConfig) { r.description = s } }

// Tags sets the operation's tags in the OpenAPI document.
func Tags(tags ...string) RouteOption {
	return func(r *routeConfig) { r.tags = append(r.tags, tags...) }
}

// OperationID sets the operation's operationId in the OpenAPI document.
func OperationID(id string) RouteOption { return func(r *routeConfig) { r.operationID = id } }

// Deprecated marks the operation deprecated in the OpenAPI document.
func Deprecated() RouteOption { return func(r *routeConfig) { r.deprecated = true } }

// Status sets the status of responses built from a handler's plain return
// value; the default is 200.
func Status(code int) RouteOption { return func(r *routeConfig) { r.status = code } }

// Compress gzips the route's responses when the client accepts gzip.
func Compress() RouteOption { return func(r *routeConfig) { r.compress = true } }

// CORS turns CORS on or off for one route, overriding the resolver's
// WithCORS. CORS(true) on an app without WithCORS uses the default
// CORSConfig.
func CORS(on bool) RouteOption { return func(r *routeConfig) { r.cors = &on } }

// WithMiddlewares adds middlewares that run for this route only, inside
// the app's and the sub-router's middlewares, in the order given.
func WithMiddlewares(mws ...Middleware) RouteOption {
	return func(r *routeConfig) { r.middlewares = append(r.middlewares, mws...) }
}

// Hidden leaves the route out of the OpenAPI document.
func Hidden() RouteOption { return func(r *routeConfig) { r.hidden = true } }

// CacheControl sets Cache-Control to value on 200 responses and to
// "no-cache" on every other status, as Powertools' cache_control does.
func CacheControl(value string) RouteOption {
	return func(r *routeConfig) { r.cacheControl = value }
}

// Validate turns request and response validation on or off for one route,
// overriding WithValidation.
func Validate(on bool) RouteOption { return func(r *routeConfig) { r.validation = &on } }
