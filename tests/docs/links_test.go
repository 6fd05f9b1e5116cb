package docs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// markdownLink matches an inline Markdown link or image, [text](target),
// and captures the target.
var markdownLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// headingAnchor returns the anchor that GitHub gives a Markdown heading:
// lower case, punctuation other than "-" and "_" removed, spaces turned
// into "-".
func headingAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors returns the heading anchors of a Markdown document, skipping
// lines inside fenced code blocks.
func anchors(markdown string) map[string]bool {
	out := map[string]bool{}
	inCode := false
	for line := range strings.SplitSeq(markdown, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if inCode || !strings.HasPrefix(line, "#") {
			continue
		}
		out[headingAnchor(strings.TrimLeft(line, "#"))] = true
	}
	return out
}

func TestHeadingAnchor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Deadlines and 504", "deadlines-and-504"},
		{"The 422 body", "the-422-body"},
		{"Unmatched requests: 404, 405 and preflights", "unmatched-requests-404-405-and-preflights"},
		{"net/http middlewares", "nethttp-middlewares"},
	}
	for _, tt := range tests {
		if got := headingAnchor(tt.in); got != tt.want {
			t.Errorf("headingAnchor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDocsLinksResolve checks that every relative link in README.md and
// docs/*.md names a file or folder of the repository and, for a link into
// a Markdown file, a heading that exists. benchmarks/RESULTS.md is written
// by the benchmark run, so a link to it may point ahead of the file.
func TestDocsLinksResolve(t *testing.T) {
	root := repoRoot(t)
	for _, name := range docFiles(t, root) {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		text := stripCodeBlocks(string(data))
		for _, m := range markdownLink.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			resolved := filepath.Join(root, filepath.Dir(name), file)
			if file == "" {
				resolved = filepath.Join(root, name)
			}
			if filepath.ToSlash(resolved) == filepath.ToSlash(filepath.Join(root, "benchmarks", "RESULTS.md")) {
				continue
			}
			info, err := os.Stat(resolved)
			if err != nil {
				t.Errorf("%s: link %q: %v", name, target, err)
				continue
			}
			if anchor == "" || info.IsDir() || !strings.HasSuffix(resolved, ".md") {
				continue
			}
			doc, err := os.ReadFile(resolved)
			if err != nil {
				t.Fatal(err)
			}
			if !anchors(string(doc))[anchor] {
				t.Errorf("%s: link %q: %s has no heading with anchor #%s", name, target, file, anchor)
			}
		}
	}
}

// stripCodeBlocks blanks the lines of fenced code blocks, where "](" is
// code rather than a link.
func stripCodeBlocks(markdown string) string {
	var b strings.Builder
	inCode := false
	for line := range strings.SplitSeq(markdown, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			b.WriteString("\n")
			continue
		}
		if !inCode {
			b.WriteString(line)
		}
		b.WriteString("\n")
	}
	return b.String()
}
