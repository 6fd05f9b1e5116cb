package router

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// treeSeedPatterns are route templates with every precedence case that
// the tree handles: literal before parameter before catch-all, empty
// segments, both parameter spellings, and methods that differ per route.
const treeSeedPatterns = "/\n/users/<id>\n/users/me\nPOST /users/<id>\n/users/<id>/posts/{post}\n" +
	"/files/<path...>\n/files/readme\n/studies/fetch\n/studies/<studyid>\n/a//b\n/pets/<name>\n" +
	"/my/path\n/v1/<rest...>\nPUT /v1/users/<id>"

// FuzzTreeFind builds a route tree from newline-separated templates
// (optionally "METHOD /template") and checks find and methods against
// matchReference, a brute-force matcher that tries every template. flags
// chooses the request method (bit 0), whether the path is percent-encoded
// (bit 1) and whether trailing slashes are ignored (bit 2).
func FuzzTreeFind(f *testing.F) {
	for _, p := range []string{"/", "/users/me", "/users/7", "/users/7/posts/9", "/files/a/b/c",
		"/files/", "/files//", "/a//b", "/pets/Blue%20Sky", "/pets/a%2Fb", "/studies/fetch", "/v1/users/%zz",
		"//", "", "users", "/users/7/", "/%", "/pets/a?b", "/v1/"} {
		for flags := range byte(8) {
			f.Add(treeSeedPatterns, p, flags)
		}
	}
	for _, p := range sharedEventPaths() {
		f.Add(treeSeedPatterns, p, byte(2))
	}
	f.Fuzz(func(t *testing.T, templates, path string, flags byte) {
		method := "GET"
		if flags&1 != 0 {
			method = "POST"
		}
		enc, trim := flags&2 != 0, flags&4 != 0
		tree, routes := buildFuzzTree(templates, trim)
		normalized := normalizePath(path, trim)

		got, gotValues := tree.find(method, normalized, nil, enc)
		want, wantValues := matchReference(routes, method, normalized, enc)
		if got != want {
			t.Fatalf("find(%s %q) = %v, want %v (templates %q, enc %v, trim %v)",
				method, normalized, routeText(got), routeText(want), templates, enc, trim)
		}
		if got != nil && !slices.Equal(gotValues, wantValues) {
			t.Fatalf("find(%s %q) on %s: values %q, want %q", method, normalized, got.pattern.text, gotValues, wantValues)
		}
		if got != nil && len(gotValues) != len(got.pattern.params) {
			t.Fatalf("find(%s %q) on %s: %d values for %d parameters", method, normalized, got.pattern.text,
				len(gotValues), len(got.pattern.params))
		}

		set := map[string]bool{}
		tree.methods(normalized, enc, set)
		wantSet := map[string]bool{}
		for _, r := range routes {
			if _, ok := matchPattern(r.pattern, normalized, enc); ok {
				wantSet[r.method] = true
			}
		}
		if !maps.Equal(set, wantSet) {
			t.Fatalf("methods(%q) = %v, want %v (templates %q)", normalized, set, wantSet, templates)
		}
	})
}

// buildFuzzTree inserts each template that parses and does not conflict,
// and returns the tree with the routes it holds. It reads at most 32
// templates so that one input stays fast to check.
func buildFuzzTree(templates string, trim bool) (*node, []*route) {
	tree := &node{}
	var routes []*route
	for i, line := range strings.Split(templates, "\n") {
		if i == 32 {
			break
		}
		method, text := "GET", line
		if m, rest, ok := strings.Cut(line, " "); ok {
			method, text = m, rest
		}
		p, err := parsePattern(text, trim)
		if err != nil {
			continue
		}
		r := &route{method: method, pattern: p}
		if tree.insert(p, r) != nil {
			continue
		}
		routes = append(routes, r)
	}
	return tree, routes
}

// matchReference returns the most specific route for method that matches
// path: comparing segment by segment, a literal beats a parameter and a
// parameter beats a catch-all.
func matchReference(routes []*route, method, path string, enc bool) (*route, []string) {
	var best *route
	var bestValues []string
	for _, r := range routes {
		if r.method != method {
			continue
		}
		values, ok := matchPattern(r.pattern, path, enc)
		if !ok {
			continue
		}
		if best == nil || moreSpecific(r.pattern, best.pattern) {
			best, bestValues = r, values
		}
	}
	return best, bestValues
}

// matchPattern matches one pattern against a normalized path on its own,
// without the tree, and returns the parameter values.
func matchPattern(p *pattern, path string, enc bool) ([]string, bool) {
	var segs []string
	if path != "" {
		segs = strings.Split(path[1:], "/")
	}
	decode := func(s string) string {
		if enc {
			return unescapePath(s)
		}
		return s
	}
	var values []string
	for i, s := range p.segments {
		if i >= len(segs) {
			return nil, false
		}
		switch s.kind {
		case catchAllSegment:
			rest := strings.Join(segs[i:], "/")
			if rest == "" {
				return nil, false
			}
			return append(values, decode(rest)), true
		case literalSegment:
			if decode(segs[i]) != s.text {
				return nil, false
			}
		case paramSegment:
			if !isParamValue(segs[i]) {
				return nil, false
			}
			values = append(values, decode(segs[i]))
		}
	}
	if len(segs) != len(p.segments) {
		return nil, false
	}
	return values, true
}

// moreSpecific reports whether a's segment kinds come before b's in the
// order literal, parameter, catch-all, at the first segment where they
// differ.
func moreSpecific(a, b *pattern) bool {
	for i := 0; i < len(a.segments) && i < len(b.segments); i++ {
		if a.segments[i].kind != b.segments[i].kind {
			return a.segments[i].kind < b.segments[i].kind
		}
	}
	return len(a.segments) < len(b.segments)
}

func routeText(r *route) string {
	if r == nil {
		return "no route"
	}
	return r.method + " " + r.pattern.text
}

// sharedEventPaths returns the request paths of the shared sample and
// bug-report events, or none when those files are absent.
func sharedEventPaths() []string {
	var paths []string
	for _, glob := range []string{sampleEventsDir + "/*/*.json", caseEventsDir + "/*.json"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			var fields map[string]any
			if json.Unmarshal(data, &fields) != nil {
				continue
			}
			for _, key := range []string{"path", "rawPath", "raw_path"} {
				if s, ok := fields[key].(string); ok {
					paths = append(paths, s)
				}
			}
		}
	}
	return paths
}
