package router

import (
	"fmt"
	"net/http"
	"strings"
)

// Default request limits. Each one bounds the work that a single request
// can cause before routing. An event that reaches Lambda is at most 6 MB,
// but within that a client can still send tens of thousands of tiny
// headers, query pairs or path segments.
const (
	// defaultMaxHeaders is an estimate: browsers send about 10 to 30
	// header lines, and proxies, CDNs and tracing add a few dozen more.
	defaultMaxHeaders = 500

	// defaultMaxQueryValues is an estimate of ten times what a search or
	// filter form sends, and a tenth of the 10,000 parameters at which
	// Go 1.26's url.ParseQuery stops parsing.
	defaultMaxQueryValues = 1000

	// defaultMaxPathSegments is far deeper than any route template, so
	// only a catch-all route can match a path this deep at all.
	defaultMaxPathSegments = 100
)

// WithMaxHeaders sets the max number of request header values accepted.
// A request with more is rejected with 431 Request Header Fields Too
// Large. Every value counts, so a header repeated three times counts three
// times. The default is 500. n <= 0 removes the limit.
func WithMaxHeaders(n int) Option { return func(c *config) { c.maxHeaders = n } }

// WithMaxQueryValues sets the max number of query string values accepted.
// A request with more is rejected with 414 URI Too Long, because the query
// is part of the request target. Every value of a repeated key counts.
// The default is 1000. n <= 0 removes the limit.
func WithMaxQueryValues(n int) Option { return func(c *config) { c.maxQueryValues = n } }

// WithMaxPathSegments sets the max number of "/"-separated segments a
// request path may have. A deeper path is rejected with 414 URI Too
// Long. The path is counted as it arrives, before strip prefixes, so
// "/v1/users/7" has 3 segments. The default is 100. n <= 0 removes the limit.
func WithMaxPathSegments(n int) Option { return func(c *config) { c.maxPathSegments = n } }

// checkLimits returns an *HTTPError for a request over one of the size
// limits: 413 for the body, 431 for headers, 414 for the path or query.
func (a *app) checkLimits(req *Request) error {
	c := a.cfg
	if len(req.Body) > c.maxBodyBytes {
		return RequestEntityTooLarge(fmt.Sprintf(
			"request body is %d bytes; the limit is %d", len(req.Body), c.maxBodyBytes))
	}
	if c.maxHeaders > 0 {
		if n := countValues(req.Header); n > c.maxHeaders {
			return NewHTTPError(http.StatusRequestHeaderFieldsTooLarge, fmt.Sprintf(
				"request has %d header values; the limit is %d", n, c.maxHeaders))
		}
	}
	if c.maxPathSegments > 0 {
		if n := strings.Count(req.routePath, "/"); n > c.maxPathSegments {
			return NewHTTPError(http.StatusRequestURITooLong, fmt.Sprintf(
				"request path has %d segments; the limit is %d", n, c.maxPathSegments))
		}
	}
	if c.maxQueryValues > 0 {
		if n := countValues(req.Query); n > c.maxQueryValues {
			return NewHTTPError(http.StatusRequestURITooLong, fmt.Sprintf(
				"request query has %d values; the limit is %d", n, c.maxQueryValues))
		}
	}
	return nil
}

// countValues counts the values of a header or query map.
func countValues[M ~map[string][]string](m M) int {
	n := 0
	for _, vs := range m {
		n += len(vs)
	}
	return n
}
