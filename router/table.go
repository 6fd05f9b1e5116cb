package router

import (
	"fmt"
	"sort"
	"strings"
)

// node is one level of the route tree. Matching tries a node's literal
// child first, then its parameter child, then its catch-all, and
// backtracks when a branch fails, so the most specific route wins whatever
// the registration order: "/studies/fetch" beats "/studies/<id>".
type node struct {
	literals map[string]*node
	param    *node
	catchAll *node
	routes   []*route
}

func (n *node) insert(p *pattern, r *route) error {
	cur := n
	for _, s := range p.segments {
		switch s.kind {
		case literalSegment:
			if cur.literals == nil {
				cur.literals = map[string]*node{}
			}
			child := cur.literals[s.text]
			if child == nil {
				child = &node{}
				cur.literals[s.text] = child
			}
			cur = child
		case paramSegment:
			if cur.param == nil {
				cur.param = &node{}
			}
			cur = cur.param
		case catchAllSegment:
			if cur.catchAll == nil {
				cur.catchAll = &node{}
			}
			cur = cur.catchAll
		}
	}
	for _, existing := range cur.routes {
		if existing.method == r.method {
			return fmt.Errorf("%s %s conflicts with %s %s registered at %s; the same method and path can have one handler",
				r.method, p.text, existing.method, existing.pattern.text, existing.site)
		}
	}
	cur.routes = append(cur.routes, r)
	return nil
}

func (n *node) routeFor(method string) *route {
	for _, r := range n.routes {
		if r.method == method {
			return r
		}
	}
	return nil
}

// find returns the route for method and path, and the path parameter
// values appended to vals. path is "" once every segment is consumed, and
// otherwise starts with "/". With enc set, the path is still
// percent-encoded: literal segments are compared and parameter values
// returned after decoding, so "%2F" inside a value never splits a segment.
func (n *node) find(method, path string, vals []string, enc bool) (*route, []string) {
	if path == "" {
		return n.routeFor(method), vals
	}
	rest := path[1:]
	seg, tail := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		seg, tail = rest[:i], rest[i:]
	}
	if n.literals != nil {
		key := seg
		if enc {
			key = unescapePath(seg)
		}
		if child := n.literals[key]; child != nil {
			if r, v := child.find(method, tail, vals, enc); r != nil {
				return r, v
			}
		}
	}
	if n.param != nil && isParamValue(seg) {
		value := seg
		if enc {
			value = unescapePath(seg)
		}
		if r, v := n.param.find(method, tail, append(vals, value), enc); r != nil {
			return r, v
		}
	}
	if n.catchAll != nil && rest != "" {
		if r := n.catchAll.routeFor(method); r != nil {
			value := rest
			if enc {
				value = unescapePath(rest)
			}
			return r, append(vals, value)
		}
	}
	return nil, vals
}

// methods adds to set the method of every route whose path matches, for
// the Allow header of a 405 and for preflights.
func (n *node) methods(path string, enc bool, set map[string]bool) {
	if path == "" {
		for _, r := range n.routes {
			set[r.method] = true
		}
		return
	}
	rest := path[1:]
	seg, tail := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		seg, tail = rest[:i], rest[i:]
	}
	if n.literals != nil {
		key := seg
		if enc {
			key = unescapePath(seg)
		}
		if child := n.literals[key]; child != nil {
			child.methods(tail, enc, set)
		}
	}
	if n.param != nil && isParamValue(seg) {
		n.param.methods(tail, enc, set)
	}
	if n.catchAll != nil && rest != "" {
		for _, r := range n.catchAll.routes {
			set[r.method] = true
		}
	}
}

// isParamValue reports whether a path segment can be a parameter's value.
// Powertools' parameter pattern excludes these characters and empty
// values; everything else, spaces and "%<>[]{}|^" included, is allowed.
func isParamValue(seg string) bool {
	return seg != "" && !strings.ContainsAny(seg, "?#\"`\\")
}

// normalizePath turns a request path into the form that find takes: ""
// for the root, otherwise a path starting with "/".
func normalizePath(path string, trimSlash bool) string {
	if trimSlash {
		path = strings.TrimRight(path, "/")
	}
	if path == "/" {
		return ""
	}
	if path != "" && path[0] != '/' {
		path = "/" + path
	}
	return path
}

// unescapePath decodes %XX escapes once. Unlike url.PathUnescape it keeps
// a malformed escape as written instead of failing, because Powertools
// passes such values through and clients do send them.
func unescapePath(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func sortedKeys(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
