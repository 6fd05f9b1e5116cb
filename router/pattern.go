package router

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// A pattern is a parsed route template. Segments are separated by "/";
// each one is a literal, a parameter written <name> or {name}, or, as the
// last segment only, a catch-all <name...> or {name...} that takes the
// rest of the path. Literal text is matched as written: unlike Powertools,
// where a route is a regular expression, "." and "+" are ordinary
// characters here.
type pattern struct {
	text     string
	segments []segment
	params   []string
}

type segmentKind int

const (
	literalSegment segmentKind = iota
	paramSegment
	catchAllSegment
)

type segment struct {
	kind segmentKind
	text string // the literal, or the parameter's name
}

// parsePattern parses a route template. With trimSlash set, trailing
// slashes are dropped, so that "/x/" registers the same route as "/x".
func parsePattern(text string, trimSlash bool) (*pattern, error) {
	if text == "" || text[0] != '/' {
		return nil, fmt.Errorf("route %q must start with \"/\"", text)
	}
	p := &pattern{text: text}
	rest := text[1:]
	if trimSlash {
		rest = strings.TrimRight(rest, "/")
	}
	if rest == "" {
		return p, nil
	}
	parts := strings.Split(rest, "/")
	for i, part := range parts {
		seg, err := parseSegment(part)
		if err != nil {
			return nil, fmt.Errorf("route %q, segment %d %q: %w", text, i+1, part, err)
		}
		if seg.kind == catchAllSegment && i != len(parts)-1 {
			return nil, fmt.Errorf("route %q: catch-all %q must be the last segment", text, part)
		}
		if seg.kind != literalSegment {
			for _, name := range p.params {
				if name == seg.text {
					return nil, fmt.Errorf("route %q: parameter %q appears twice; give each parameter its own name", text, name)
				}
			}
			p.params = append(p.params, seg.text)
		}
		p.segments = append(p.segments, seg)
	}
	return p, nil
}

var errWholeSegment = errors.New("a parameter must fill a whole segment, such as /files/<name>; " +
	"move the literal text into its own segment, or read the value with a catch-all <name...>")

func parseSegment(part string) (segment, error) {
	open, close := byte(0), byte(0)
	if part != "" {
		switch part[0] {
		case '<':
			open, close = '<', '>'
		case '{':
			open, close = '{', '}'
		}
	}
	if open == 0 {
		if strings.ContainsAny(part, "<>{}") && (strings.ContainsRune(part, '<') && strings.ContainsRune(part, '>') ||
			strings.ContainsRune(part, '{') && strings.ContainsRune(part, '}')) {
			return segment{}, errWholeSegment
		}
		return segment{kind: literalSegment, text: part}, nil
	}
	if part[len(part)-1] != close {
		if strings.IndexByte(part, close) >= 0 {
			return segment{}, errWholeSegment
		}
		return segment{}, fmt.Errorf("parameter is missing its closing %q", close)
	}
	name := part[1 : len(part)-1]
	kind := paramSegment
	if strings.HasSuffix(name, "...") {
		kind = catchAllSegment
		name = strings.TrimSuffix(name, "...")
	}
	if name == "" {
		return segment{}, fmt.Errorf("parameter has no name; write <name>")
	}
	for _, r := range name {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return segment{}, fmt.Errorf("parameter name %q may contain only letters, digits and _", name)
		}
	}
	return segment{kind: kind, text: name}, nil
}

// openAPIPath returns the template with every parameter written {name},
// the form OpenAPI documents use.
func (p *pattern) openAPIPath() string {
	if len(p.segments) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range p.segments {
		b.WriteByte('/')
		switch s.kind {
		case literalSegment:
			b.WriteString(s.text)
		default:
			b.WriteString("{" + s.text + "}")
		}
	}
	return b.String()
}

// joinPath joins a sub-router's prefix and a route so that exactly one
// slash separates them, and a route of "/" becomes the prefix itself.
func joinPath(prefix, route string) string {
	prefix = strings.TrimRight(prefix, "/")
	if prefix == "" {
		return route
	}
	if !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	if route == "/" || route == "" {
		return prefix
	}
	return prefix + "/" + strings.TrimLeft(route, "/")
}
