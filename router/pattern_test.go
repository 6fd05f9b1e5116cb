package router

import (
	"reflect"
	"strings"
	"testing"
)

func TestParsePattern(t *testing.T) {
	tests := []struct {
		text      string
		trimSlash bool
		params    []string
		openAPI   string
	}{
		{"/", false, nil, "/"},
		{"/users/<id>", false, []string{"id"}, "/users/{id}"},
		{"/users/{id}/orders/<order_id>", false, []string{"id", "order_id"}, "/users/{id}/orders/{order_id}"},
		{"/files/<rest...>", false, []string{"rest"}, "/files/{rest}"},
		{"/x/", true, nil, "/x"},
		{"/x/", false, nil, "/x/"},
		{"/my.path", false, nil, "/my.path"},
		{"/ä/<名前>", false, []string{"名前"}, "/ä/{名前}"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p, err := parsePattern(tt.text, tt.trimSlash)
			if err != nil {
				t.Fatalf("parsePattern: %v", err)
			}
			if !reflect.DeepEqual(p.params, tt.params) {
				t.Errorf("params = %v, want %v", p.params, tt.params)
			}
			if got := p.openAPIPath(); got != tt.openAPI {
				t.Errorf("openAPIPath = %q, want %q", got, tt.openAPI)
			}
		})
	}
}

func TestParsePatternErrors(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"users", "must start with"},
		{"", "must start with"},
		{"/users/<id", "closing"},
		{"/users/<>", "no name"},
		{"/users/<a-b>", "letters, digits and _"},
		{"/a/<x>/b/<x>", "appears twice"},
		{"/files/<rest...>/more", "must be the last segment"},
		{"/files/name-<id>.json", "whole segment"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, err := parsePattern(tt.text, false)
			if err == nil {
				t.Fatal("parsePattern returned no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestJoinPath(t *testing.T) {
	tests := []struct{ prefix, route, want string }{
		{"/api", "/", "/api"},
		{"/api/", "/users", "/api/users"},
		{"/api", "/users", "/api/users"},
		{"api", "users/<id>", "/api/users/<id>"},
		{"", "/users", "/users"},
		{"/", "/users", "/users"},
	}
	for _, tt := range tests {
		if got := joinPath(tt.prefix, tt.route); got != tt.want {
			t.Errorf("joinPath(%q, %q) = %q, want %q", tt.prefix, tt.route, got, tt.want)
		}
	}
}

func TestTreeFind(t *testing.T) {
	routes := []struct{ method, pattern string }{
		{"GET", "/accounts/<id>"},
		{"GET", "/accounts/<id>/nested"},
		{"GET", "/studies/<study>"},
		{"GET", "/studies/fetch"},
		{"POST", "/my/<x>"},
		{"GET", "/my/path"},
		{"GET", "/files/<rest...>"},
		{"GET", "/"},
		{"GET", "/slash/"},
	}
	var root node
	for _, r := range routes {
		p, err := parsePattern(r.pattern, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := root.insert(p, &route{method: r.method, pattern: p}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		method, path string
		enc          bool
		pattern      string // "" for no match
		values       []string
	}{
		{"GET", "/accounts/abc", false, "/accounts/<id>", []string{"abc"}},
		{"GET", "/accounts/a b", false, "/accounts/<id>", []string{"a b"}},
		{"GET", "/accounts/-._~()'!*:@,;=+&$", false, "/accounts/<id>", []string{"-._~()'!*:@,;=+&$"}},
		{"GET", "/accounts/%<> []{}|^", false, "/accounts/<id>", []string{"%<> []{}|^"}},
		{"GET", "/accounts/ä", false, "/accounts/<id>", []string{"ä"}},
		{"GET", "/accounts/a/b", false, "", nil},
		{"GET", "/accounts/", false, "", nil},
		{"GET", "/accounts/x/nested", false, "/accounts/<id>/nested", []string{"x"}},
		{"GET", "/studies/fetch", false, "/studies/fetch", nil},
		{"GET", "/studies/42", false, "/studies/<study>", []string{"42"}},
		{"POST", "/my/path", false, "/my/<x>", []string{"path"}},
		{"GET", "/my/path", false, "/my/path", nil},
		{"GET", "/files/a/b/c", false, "/files/<rest...>", []string{"a/b/c"}},
		{"GET", "/files", false, "", nil},
		{"GET", "", false, "/", nil},
		{"GET", "/slash/", false, "/slash/", nil},
		{"GET", "/slash", false, "", nil},
		{"GET", "/accounts/foo%40bar", true, "/accounts/<id>", []string{"foo@bar"}},
		{"GET", "/accounts/a%2Fb", true, "/accounts/<id>", []string{"a/b"}},
		{"GET", "/accounts/100%2525", true, "/accounts/<id>", []string{"100%25"}},
		{"GET", "/stud%69es/fetch", true, "/studies/fetch", nil},
		{"GET", "/accounts/a?b", false, "", nil},
		{"HEAD", "/my/path", false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r, values := root.find(tt.method, tt.path, nil, tt.enc)
			if tt.pattern == "" {
				if r != nil {
					t.Fatalf("matched %q, want no match", r.pattern.text)
				}
				return
			}
			if r == nil {
				t.Fatalf("no match, want %q", tt.pattern)
			}
			if r.pattern.text != tt.pattern {
				t.Errorf("matched %q, want %q", r.pattern.text, tt.pattern)
			}
			if !reflect.DeepEqual(values, tt.values) {
				t.Errorf("values = %q, want %q", values, tt.values)
			}
		})
	}
}

func TestTreeMethods(t *testing.T) {
	var root node
	for _, m := range []string{"GET", "DELETE"} {
		p, _ := parsePattern("/items/<id>", false)
		if err := root.insert(p, &route{method: m, pattern: p}); err != nil {
			t.Fatal(err)
		}
	}
	set := map[string]bool{}
	root.methods("/items/1", false, set)
	if got := sortedKeys(set); !reflect.DeepEqual(got, []string{"DELETE", "GET"}) {
		t.Errorf("methods = %v, want [DELETE GET]", got)
	}
	p, _ := parsePattern("/items/<other>", false)
	err := root.insert(p, &route{method: "GET", pattern: p, site: "here.go:1"})
	if err == nil || !strings.Contains(err.Error(), "conflicts with GET /items/<id>") {
		t.Errorf("duplicate insert error = %v, want a conflict naming the first route", err)
	}
}

func TestUnescapePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"foo%40bar", "foo@bar"},
		{"100%2525", "100%25"},
		{"%<>", "%<>"},
		{"%4", "%4"},
		{"%zz%41", "%zzA"},
		{"Blue%20Sky", "Blue Sky"},
	}
	for _, tt := range tests {
		if got := unescapePath(tt.in); got != tt.want {
			t.Errorf("unescapePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
