package router

// This file holds allocation-lean versions of the event conversions in
// headers.go, which run on every request. Each one stores all values in one
// backing array instead of one slice per key, and canonicalizes the header
// names that AWS sends without allocating. Each one handles the usual case,
// where no two event keys fold into one key, and reports false otherwise.
// The caller then falls back to the sorted conversion, which merges the
// values of such keys in an order that does not depend on map iteration.
//
// Every value slice is cut with capacity equal to its length, so a handler
// that appends to one key's values gets a copy instead of overwriting the
// next key's values in the shared array.

import (
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
)

// awsHeaderNames are header names that API Gateway, ALB, CloudFront and
// browsers commonly send, in the spellings they use. textproto interns
// only some of them, so canonicalizing the others would allocate a string
// per header per request.
var awsHeaderNames = []string{
	"accept", "accept-encoding", "accept-language", "authorization",
	"cache-control", "connection", "content-encoding", "content-length",
	"content-type", "cookie", "host", "if-match", "if-modified-since",
	"if-none-match", "origin", "pragma", "priority", "referer", "te",
	"upgrade-insecure-requests", "user-agent", "via",
	"sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform",
	"sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user",
	"x-amz-cf-id", "x-amz-date", "x-amz-security-token", "x-amzn-trace-id",
	"x-amzn-tls-version", "x-amzn-tls-cipher-suite", "x-amzn-vpc-id",
	"x-amzn-vpce-id", "x-amzn-vpce-config", "x-api-key", "x-correlation-id",
	"x-forwarded-for", "x-forwarded-host", "x-forwarded-port",
	"x-forwarded-proto", "x-request-id", "x-requested-with",
	"cloudfront-forwarded-proto", "cloudfront-is-desktop-viewer",
	"cloudfront-is-mobile-viewer", "cloudfront-is-smarttv-viewer",
	"cloudfront-is-tablet-viewer", "cloudfront-viewer-asn",
	"cloudfront-viewer-country",
	// REST APIs pass the CloudFront headers with CloudFront's own
	// spelling, which is not the canonical one.
	"CloudFront-Forwarded-Proto", "CloudFront-Is-Desktop-Viewer",
	"CloudFront-Is-Mobile-Viewer", "CloudFront-Is-SmartTV-Viewer",
	"CloudFront-Is-Tablet-Viewer", "CloudFront-Viewer-ASN",
	"CloudFront-Viewer-Country",
}

// canonicalAWSHeaders maps each non-canonical spelling in awsHeaderNames
// to textproto's canonical form of it, computed once, so the lookup gives
// exactly what textproto.CanonicalMIMEHeaderKey would.
var canonicalAWSHeaders = func() map[string]string {
	m := make(map[string]string, len(awsHeaderNames))
	for _, name := range awsHeaderNames {
		if c := textproto.CanonicalMIMEHeaderKey(name); c != name {
			m[name] = c
		}
	}
	return m
}()

// canonicalHeaderKey returns textproto.CanonicalMIMEHeaderKey(k), without
// allocating for the names in awsHeaderNames.
func canonicalHeaderKey(k string) string {
	if c, ok := canonicalAWSHeaders[k]; ok {
		return c
	}
	return textproto.CanonicalMIMEHeaderKey(k)
}

// headerFromSingleFast is headerFromSingle for maps whose keys all have
// distinct canonical forms. It reports false for any other map.
func headerFromSingleFast(m map[string]string) (http.Header, bool) {
	h := make(http.Header, len(m))
	values := make([]string, len(m))
	i := 0
	for k, v := range m {
		values[i] = v
		h[canonicalHeaderKey(k)] = values[i : i+1 : i+1]
		i++
		if len(h) != i {
			return nil, false
		}
	}
	return h, true
}

// headerFromMultiFast is headerFromMulti for maps whose keys all have
// distinct canonical forms. It reports false for any other map.
func headerFromMultiFast(m map[string][]string) (http.Header, bool) {
	n := 0
	for _, vs := range m {
		n += len(vs)
	}
	h := make(http.Header, len(m))
	values := make([]string, 0, n)
	keys := 0
	for k, vs := range m {
		if len(vs) == 0 {
			continue
		}
		start := len(values)
		values = append(values, vs...)
		h[canonicalHeaderKey(k)] = values[start:len(values):len(values)]
		keys++
		if len(h) != keys {
			return nil, false
		}
	}
	return h, true
}

// unescapeQuerySingle decodes a single-value ALB query map like
// unescapeQueryMap(singleToMulti(m)), without the intermediate map in the
// usual case.
func unescapeQuerySingle(m map[string]string) url.Values {
	if q, ok := unescapeQuerySingleFast(m); ok {
		return q
	}
	return unescapeQueryMap(singleToMulti(m))
}

// unescapeQuerySingleFast is unescapeQueryMap(singleToMulti(m)) for maps
// whose keys all decode to distinct keys. It reports false for any other
// map.
func unescapeQuerySingleFast(m map[string]string) (url.Values, bool) {
	q := make(url.Values, len(m))
	values := make([]string, len(m))
	i := 0
	for k, v := range m {
		values[i] = unescapeQuery(v)
		q[unescapeQuery(k)] = values[i : i+1 : i+1]
		i++
		if len(q) != i {
			return nil, false
		}
	}
	return q, true
}

// unescapeQueryMultiFast is unescapeQueryMap for maps whose keys all
// decode to distinct keys. It reports false for any other map.
func unescapeQueryMultiFast(m map[string][]string) (url.Values, bool) {
	n := 0
	for _, vs := range m {
		n += len(vs)
	}
	q := make(url.Values, len(m))
	values := make([]string, 0, n)
	keys := 0
	for k, vs := range m {
		// unescapeQueryMap stores no key for an empty value list, and
		// neither does this.
		if len(vs) == 0 {
			continue
		}
		start := len(values)
		for _, v := range vs {
			values = append(values, unescapeQuery(v))
		}
		q[unescapeQuery(k)] = values[start:len(values):len(values)]
		keys++
		if len(q) != keys {
			return nil, false
		}
	}
	return q, true
}

// queryPairs returns an upper bound of the pairs in a raw query string, to
// size the backing array of parseRawQuery.
func queryPairs(raw string) int {
	if raw == "" {
		return 0
	}
	return strings.Count(raw, "&") + 1
}
