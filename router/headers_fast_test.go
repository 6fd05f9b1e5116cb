package router

import (
	"maps"
	"net/http"
	"net/textproto"
	"net/url"
	"reflect"
	"slices"
	"testing"
)

// The reference conversions below are the sorted ones that headers.go
// used before the fast paths of headers_fast.go; every fast path must give
// the same result.

func referenceHeaderFromSingle(m map[string]string) http.Header {
	h := make(http.Header, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key := textproto.CanonicalMIMEHeaderKey(k)
		h[key] = append(h[key], m[k])
	}
	return h
}

func referenceHeaderFromMulti(m map[string][]string) http.Header {
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

func referenceUnescapeQuery(m map[string][]string) url.Values {
	q := make(url.Values, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key := unescapeQuery(k)
		for _, v := range m[k] {
			q[key] = append(q[key], unescapeQuery(v))
		}
	}
	return q
}

func TestHeaderFromSingleMatchesSorted(t *testing.T) {
	cases := []map[string]string{
		nil,
		{},
		{"accept": "a", "user-agent": "u", "x-amzn-trace-id": "t", "x-forwarded-proto": "https"},
		{"CloudFront-Is-Desktop-Viewer": "true", "X-Amz-Cf-Id": "id", "Host": "h"},
		{"accept": "one", "Accept": "two", "ACCEPT": "three"},
		{"x-custom-header": "v", "X-CUSTOM-HEADER": "w"},
		{"bad header": "v", "Bad Header": "w"},
		{"": "empty"},
	}
	for _, m := range cases {
		got, want := headerFromSingle(m), referenceHeaderFromSingle(m)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("headerFromSingle(%v) = %v, want %v", m, got, want)
		}
	}
}

func TestHeaderFromMultiMatchesSorted(t *testing.T) {
	cases := []map[string][]string{
		nil,
		{"accept": {"a", "b"}, "empty": {}, "nil": nil, "x-forwarded-for": {"1", "2"}},
		{"accept": {"one"}, "Accept": {"two", "three"}},
		{"CloudFront-Viewer-Country": {"GB"}, "cloudfront-viewer-country": {"FR"}},
	}
	for _, m := range cases {
		got, want := headerFromMulti(m), referenceHeaderFromMulti(m)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("headerFromMulti(%v) = %v, want %v", m, got, want)
		}
	}
}

func TestUnescapeQueryMatchesSorted(t *testing.T) {
	cases := []map[string][]string{
		nil,
		{"a": {"1", "2"}, "b%20c": {"x+y"}, "empty": {}},
		{"a b": {"1"}, "a+b": {"2"}, "a%20b": {"3"}},
		{"bad%zz": {"%zz"}},
	}
	for _, m := range cases {
		if got, want := unescapeQueryMap(m), referenceUnescapeQuery(m); !reflect.DeepEqual(got, want) {
			t.Errorf("unescapeQueryMap(%v) = %v, want %v", m, got, want)
		}
		single := map[string]string{}
		for k, vs := range m {
			if len(vs) > 0 {
				single[k] = vs[0]
			}
		}
		if got, want := unescapeQuerySingle(single), referenceUnescapeQuery(singleToMulti(single)); !reflect.DeepEqual(got, want) {
			t.Errorf("unescapeQuerySingle(%v) = %v, want %v", single, got, want)
		}
	}
}

// TestSharedValueArraysDoNotAlias checks that appending to one key's
// values, as Header.Add does, leaves the other keys' values alone although
// they share a backing array.
func TestSharedValueArraysDoNotAlias(t *testing.T) {
	h := headerFromSingle(map[string]string{"a": "1", "b": "2", "c": "3"})
	for _, k := range []string{"A", "B", "C"} {
		h.Add(k, "added")
	}
	want := http.Header{"A": {"1", "added"}, "B": {"2", "added"}, "C": {"3", "added"}}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("after Add: got %v, want %v", h, want)
	}

	q := parseRawQuery("a=1&b=2&a=3&c=4")
	q["b"] = append(q["b"], "x")
	wantQuery := url.Values{"a": {"1", "3"}, "b": {"2", "x"}, "c": {"4"}}
	if !reflect.DeepEqual(q, wantQuery) {
		t.Errorf("after append: got %v, want %v", q, wantQuery)
	}
}

// TestCanonicalAWSHeaders checks the interned names against textproto.
func TestCanonicalAWSHeaders(t *testing.T) {
	for _, name := range awsHeaderNames {
		if got, want := canonicalHeaderKey(name), textproto.CanonicalMIMEHeaderKey(name); got != want {
			t.Errorf("canonicalHeaderKey(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestQueryFromMultiKeepsNilness(t *testing.T) {
	q := queryFromMulti(map[string][]string{"nil": nil, "empty": {}, "two": {"1", "2"}})
	if q["nil"] != nil {
		t.Errorf(`q["nil"] = %#v, want nil`, q["nil"])
	}
	if q["empty"] == nil || len(q["empty"]) != 0 {
		t.Errorf(`q["empty"] = %#v, want an empty slice that is not nil`, q["empty"])
	}
	if !reflect.DeepEqual(q["two"], []string{"1", "2"}) {
		t.Errorf(`q["two"] = %#v, want [1 2]`, q["two"])
	}
}
