package router

// This file holds the conversions that every event adapter shares: event
// header maps to http.Header and back, Cookie parsing, query strings and
// base64 bodies.

import (
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
)

// headerFromSingle converts a single-value header map of an event into an
// http.Header with canonical keys. A comma-separated value stays one value,
// as the event delivered it.
func headerFromSingle(m map[string]string) http.Header {
	if h, ok := headerFromSingleFast(m); ok {
		return h
	}
	h := make(http.Header, len(m))

	// Keys are visited in sorted order because two of them may differ only
	// in case ("accept" and "Accept"), and the order of their merged values
	// must not depend on map iteration.
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key := textproto.CanonicalMIMEHeaderKey(k)
		h[key] = append(h[key], m[k])
	}
	return h
}

// headerFromMulti converts a multi-value header map of an event into an
// http.Header with canonical keys, keeping the order of each key's values.
func headerFromMulti(m map[string][]string) http.Header {
	if h, ok := headerFromMultiFast(m); ok {
		return h
	}
	h := make(http.Header, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if len(m[k]) == 0 {
			continue
		}
		key := textproto.CanonicalMIMEHeaderKey(k)
		h[key] = append(h[key], m[k]...)
	}
	return h
}

// queryFromSingle copies a single-value query map whose values the event
// source has already decoded. One backing array holds all values, each cut
// with capacity 1, as in headers_fast.go.
func queryFromSingle(m map[string]string) url.Values {
	q := make(url.Values, len(m))
	values := make([]string, len(m))
	i := 0
	for k, v := range m {
		values[i] = v
		q[k] = values[i : i+1 : i+1]
		i++
	}
	return q
}

// queryFromMulti copies a multi-value query map whose values the event
// source has already decoded. The slices are copied so that a handler that
// changes Request.Query does not change the event.
func queryFromMulti(m map[string][]string) url.Values {
	n := 0
	for _, vs := range m {
		n += len(vs)
	}

	// One backing array holds all values, as in headers_fast.go. A key
	// whose list is empty or null keeps that list's nil-ness, as
	// slices.Clone did.
	q := make(url.Values, len(m))
	values := make([]string, 0, n)
	for k, vs := range m {
		if vs == nil {
			q[k] = nil
			continue
		}
		start := len(values)
		values = append(values, vs...)
		q[k] = values[start:len(values):len(values)]
	}
	return q
}

// parseRawQuery parses a query string as the client sent it, decoding each
// key and value once. Unlike url.ParseQuery it keeps a pair with an invalid
// percent escape, as its raw text, so that a malformed value reaches the
// handler and its validation instead of disappearing.
func parseRawQuery(raw string) url.Values {
	q := url.Values{}

	// The first value of each key lives in one backing array, as in
	// headers_fast.go; a repeated key's append copies its values out.
	values := make([]string, 0, queryPairs(raw))
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k = unescapeQuery(k)
		if vs, ok := q[k]; ok {
			q[k] = append(vs, unescapeQuery(v))
			continue
		}
		values = append(values, unescapeQuery(v))
		q[k] = values[len(values)-1 : len(values) : len(values)]
	}
	return q
}

// unescapeQuery decodes one query key or value ("+" is a space), or returns
// s unchanged when its percent escapes are invalid.
func unescapeQuery(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// cookieParts splits Cookie header values and entries of payload 2.0
// cookies lists on ";" and returns each trimmed "name=value" part once, in
// order of first appearance, without empty parts. An event may carry the
// same cookie twice, for example in the cookies list and in a cookie
// header, and a handler must see it once.
func cookieParts(lists ...[]string) []string {
	var parts []string
	seen := map[string]bool{}
	for _, lines := range lists {
		for _, line := range lines {
			for part := range strings.SplitSeq(line, ";") {
				part = strings.TrimSpace(part)
				if part != "" && !seen[part] {
					seen[part] = true
					parts = append(parts, part)
				}
			}
		}
	}
	return parts
}

// parseCookieHeader parses a Cookie header value with the rules of
// (*http.Request).Cookies: a part with an invalid name or value is skipped
// instead of failing the whole request, and a part without "=" is a cookie
// with an empty value.
func parseCookieHeader(line string) []*http.Cookie {
	if line == "" {
		return nil
	}
	r := http.Request{Header: http.Header{"Cookie": {line}}}
	return r.Cookies()
}

// cookiesFromHeader returns the cookies of the Cookie header lines in h,
// each name=value pair once.
func cookiesFromHeader(h http.Header) []*http.Cookie {
	return parseCookieHeader(strings.Join(cookieParts(h["Cookie"]), "; "))
}

// decodeBody returns the request body of an event, base64-decoded when the
// event sets isBase64Encoded. An empty body is nil. A body that is not valid
// base64 is a 400 *HTTPError, because the client sent it.
func decodeBody(body string, base64Encoded bool) ([]byte, error) {
	if body == "" {
		return nil, nil
	}
	if !base64Encoded {
		return []byte(body), nil
	}
	b, err := base64.StdEncoding.DecodeString(body)
	if err == nil {
		return b, nil
	}

	// Some clients and test tools send base64 without "=" padding.
	if b, rawErr := base64.RawStdEncoding.DecodeString(body); rawErr == nil {
		return b, nil
	}
	return nil, &invalidBodyError{BadRequest(fmt.Sprintf(
		"request body is not valid base64: %v; the event has isBase64Encoded set, "+
			"so the body must be standard base64", err))}
}

// invalidBodyError marks a body that could not be decoded. Routing goes on
// without the body, and the error is raised only when a handler binds the
// body, as Powertools decodes bodies only when they are read.
type invalidBodyError struct{ *HTTPError }

func (e *invalidBodyError) Unwrap() error { return e.HTTPError }

// encodeBody returns the response body as the event source expects it:
// base64 exactly when resp.isBinary reports a binary body.
func encodeBody(resp *Response) (body string, base64Encoded bool) {
	if resp.isBinary() {
		return base64.StdEncoding.EncodeToString(resp.Body), true
	}
	return string(resp.Body), false
}

// isSetCookie reports whether a response header key is Set-Cookie in any
// letter case. Set-Cookie values travel with the cookies and are never
// joined with commas, because a comma also appears in Expires dates.
func isSetCookie(key string) bool {
	return strings.EqualFold(key, "Set-Cookie")
}

// setCookieValues returns the Set-Cookie values of resp: those in
// resp.Header first, then one per entry of resp.Cookies. The result is never
// nil, so that payload 2.0 responses carry "cookies": [] when there are none.
func setCookieValues(resp *Response) []string {
	values := []string{}
	for k, vs := range resp.Header {
		if isSetCookie(k) {
			values = append(values, vs...)
		}
	}
	for _, c := range resp.Cookies {
		if c == nil {
			continue
		}

		// NOTE: (*http.Cookie).String returns "" for a cookie whose name is
		// invalid. Such a cookie is left out, because an empty Set-Cookie
		// value would reach the client.
		if s := c.String(); s != "" {
			values = append(values, s)
		}
	}
	return values
}

// multiValueHeaders copies h into a multiValueHeaders map, with keys exactly
// as in h. Set-Cookie keys and keys without values are left out, because
// the caller adds the Set-Cookie values itself.
func multiValueHeaders(h http.Header) map[string][]string {
	m := make(map[string][]string, len(h)+1)
	for k, vs := range h {
		if len(vs) > 0 && !isSetCookie(k) {
			m[k] = slices.Clone(vs)
		}
	}
	return m
}

// joinedHeaders folds h into a single-value map, joining the values of one
// key with ", " as HTTP allows for list-valued headers. Set-Cookie keys and
// keys without values are left out.
func joinedHeaders(h http.Header) map[string]string {
	m := make(map[string]string, len(h))
	for k, vs := range h {
		if len(vs) > 0 && !isSetCookie(k) {
			m[k] = strings.Join(vs, ", ")
		}
	}
	return m
}

// lastValueHeaders folds h into a single-value map that keeps only the last
// value of each key, as Powertools does for ALB targets without multi-value
// headers. Set-Cookie keys and keys without values are left out.
func lastValueHeaders(h http.Header) map[string]string {
	m := make(map[string]string, len(h)+1)
	for k, vs := range h {
		if len(vs) > 0 && !isSetCookie(k) {
			m[k] = vs[len(vs)-1]
		}
	}
	return m
}

// joinMultiValueHeaders adds each key of multi that single lacks to single,
// with its values joined by ", ". It lets a response that carries both
// header maps keep every header when its source accepts only one map.
func joinMultiValueHeaders(single map[string]string, multi map[string][]string) {
	for k, vs := range multi {
		if _, ok := single[k]; !ok && len(vs) > 0 {
			single[k] = strings.Join(vs, ", ")
		}
	}
}

// addSingleValueHeaders adds each key of single that multi lacks to multi.
// It is the reverse of joinMultiValueHeaders, for sources that accept only
// multiValueHeaders.
func addSingleValueHeaders(multi map[string][]string, single map[string]string) {
	for k, v := range single {
		if _, ok := multi[k]; !ok {
			multi[k] = []string{v}
		}
	}
}

// nilEventError is the error of decode when the event pointer is nil, which
// is a bug in the caller rather than a bad request.
func nilEventError(t sourceTraits) error {
	return fmt.Errorf("router: decode %s event: the event pointer is nil; "+
		"pass the address of the event that Lambda delivered", t.name)
}

// nilResponseError is the error of marshal when the response pointer is nil.
func nilResponseError(t sourceTraits) error {
	return fmt.Errorf("router: marshal %s response: the response pointer is nil; "+
		"pass the address of the response that encode returned", t.name)
}

// payloadBody returns the body of a marshalled response: nil (JSON null)
// for an empty text body, as Powertools writes for a response without a
// body, and the body itself otherwise.
func payloadBody(body string, base64Encoded bool) *string {
	if body == "" && !base64Encoded {
		return nil
	}
	return &body
}

// singleValuePayload is the JSON shape of payload 2.0 responses (HTTP API,
// function URLs) and of both VPC Lattice versions: one string per header
// and a cookies list that is present even when empty.
type singleValuePayload struct {
	StatusCode        int               `json:"statusCode"`
	StatusDescription string            `json:"statusDescription,omitempty"`
	Body              *string           `json:"body"`
	IsBase64Encoded   bool              `json:"isBase64Encoded"`
	Headers           map[string]string `json:"headers"`
	Cookies           []string          `json:"cookies"`
}

// marshalSingleValue writes p after replacing nil maps and lists with empty
// ones, so that "headers" is {} and "cookies" is [] rather than null.
func marshalSingleValue(p singleValuePayload) ([]byte, error) {
	if p.Headers == nil {
		p.Headers = map[string]string{}
	}
	if p.Cookies == nil {
		p.Cookies = []string{}
	}
	return marshalPayload(p)
}
