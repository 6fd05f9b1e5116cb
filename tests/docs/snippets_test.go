// Package docs_test checks what the documentation promises: every Go code
// block in README.md and docs/*.md compiles, and the deployment templates
// under deploy/ run the quickstart as documented.
package docs_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Markers that a Go block which is not a whole file starts with. The test
// adds the package clause and the imports the block uses; a statements
// block also goes inside a function body.
const (
	declarationsMarker = "// fragment: declarations"
	statementsMarker   = "// fragment: statements"
)

// blockKind selects how a Go code block becomes a compilable file.
type blockKind int

const (
	wholeFile blockKind = iota
	declarations
	statements
)

// codeBlock is one ```go block of a Markdown file.
type codeBlock struct {
	file string // path from the repository root, as errors name it
	line int    // line of the block's first code line, from 1
	kind blockKind
	code string
}

func (b codeBlock) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// extractGoBlocks returns the ```go blocks of a Markdown document. name is
// the document's path for messages. A block that is neither a whole file
// nor marked as a fragment is an error, so that no block goes unchecked.
func extractGoBlocks(name string, markdown []byte) ([]codeBlock, error) {
	var blocks []codeBlock
	var current *codeBlock
	var body []string
	sc := bufio.NewScanner(bytes.NewReader(markdown))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fence := strings.TrimSpace(line)
		switch {
		case current == nil && fence == "```go":
			current = &codeBlock{file: name, line: n + 1}
			body = body[:0]
		case current != nil && fence == "```":
			current.code = strings.Join(body, "\n") + "\n"
			kind, err := classify(current.code)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", current, err)
			}
			current.kind = kind
			blocks = append(blocks, *current)
			current = nil
		case current != nil:
			body = append(body, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if current != nil {
		return nil, fmt.Errorf("%s: the go block is not closed with ```", current)
	}
	return blocks, nil
}

// classify reads a block's kind from its first non-blank line.
func classify(code string) (blockKind, error) {
	for line := range strings.SplitSeq(code, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "package "):
			return wholeFile, nil
		case line == declarationsMarker:
			return declarations, nil
		case line == statementsMarker:
			return statements, nil
		}
		break
	}
	return 0, fmt.Errorf("a go block must be a whole file that starts with its package clause, "+
		"or start with %q or %q", declarationsMarker, statementsMarker)
}

// knownImports maps the package names that fragments may use to their
// import paths. A fragment that uses another package fails to compile
// with "undefined: name"; add the package here.
var knownImports = map[string]string{
	"accesslog":     "github.com/lambdaroute/lambdaroute/accesslog",
	"asyncbridge":   "github.com/lambdaroute/lambdaroute/asyncbridge",
	"binder":        "github.com/lambdaroute/lambdaroute/binder",
	"metrics":       "github.com/lambdaroute/lambdaroute/metrics",
	"openapi":       "github.com/lambdaroute/lambdaroute/openapi",
	"router":        "github.com/lambdaroute/lambdaroute/router",
	"tracing":       "github.com/lambdaroute/lambdaroute/tracing",
	"events":        "github.com/aws/aws-lambda-go/events",
	"lambda":        "github.com/aws/aws-lambda-go/lambda",
	"lambdacontext": "github.com/aws/aws-lambda-go/lambdacontext",
	"bytes":         "bytes",
	"context":       "context",
	"errors":        "errors",
	"fmt":           "fmt",
	"http":          "net/http",
	"httptest":      "net/http/httptest",
	"io":            "io",
	"json":          "encoding/json",
	"log":           "log",
	"os":            "os",
	"regexp":        "regexp",
	"slog":          "log/slog",
	"strconv":       "strconv",
	"strings":       "strings",
	"sync":          "sync",
	"testing":       "testing",
	"time":          "time",
	"url":           "net/url",
}

// usedPackages returns the import paths of the known packages that code
// refers to as name.Member, sorted. Comments and string literals do not
// count, because the scanner skips the first and returns the second as
// single tokens.
func usedPackages(code string) []string {
	fset := token.NewFileSet()
	src := []byte(code)
	var s scanner.Scanner
	s.Init(fset.AddFile("fragment.go", -1, len(src)), src, nil, 0)
	seen := map[string]bool{}
	prev, prevLit := token.ILLEGAL, ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		// A selector x.y is an identifier x followed by a period, where x
		// itself is not a selector's right-hand side.
		if tok == token.PERIOD && prev == token.IDENT {
			if path, ok := knownImports[prevLit]; ok {
				seen[path] = true
			}
		}
		if tok == token.IDENT && prev == token.PERIOD {
			// The member name of a selector is never a package.
			prev, prevLit = token.ILLEGAL, ""
			continue
		}
		prev, prevLit = tok, lit
	}
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return paths
}

// source returns the Go file for a block. A //line directive makes the
// compiler report positions in the Markdown file.
func (b codeBlock) source() string {
	lineDirective := fmt.Sprintf("//line %s:%d:1\n", b.file, b.line)
	if b.kind == wholeFile {
		return lineDirective + b.code
	}
	var src strings.Builder
	src.WriteString("package snippet\n\n")
	if imports := usedPackages(b.code); len(imports) > 0 {
		src.WriteString("import (\n")
		for _, p := range imports {
			fmt.Fprintf(&src, "\t%q\n", p)
		}
		src.WriteString(")\n\n")
	}
	if b.kind == statements {
		src.WriteString("func _() {\n")
		src.WriteString(lineDirective)
		src.WriteString(b.code)
		src.WriteString("}\n")
		return src.String()
	}
	src.WriteString(lineDirective)
	src.WriteString(b.code)
	return src.String()
}

// repoRoot returns the repository's root folder, two levels up from this
// package, after checking that it holds the module's go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatalf("reading the repository's go.mod: %v", err)
	}
	if !bytes.Contains(mod, []byte("module github.com/lambdaroute/lambdaroute\n")) {
		t.Fatalf("%s is not the lambdaroute module's root", root)
	}
	return root
}

// docFiles returns README.md and docs/*.md, as paths from root.
func docFiles(t *testing.T, root string) []string {
	t.Helper()
	files := []string{"README.md"}
	matches, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matches {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.ToSlash(rel))
	}
	return files
}

// buildResult is what compiling one block reported: nothing when it
// compiled.
type buildResult struct {
	block  codeBlock
	output string
}

// compileBlocks writes each block as a package of its own in a fresh
// folder under tests/docs/testdata, inside the module so that its imports
// resolve and outside ./... so that no other go command builds it, and
// compiles them all with one go build. It returns the compiler's output
// for each block that failed, and an error when go build failed in a way
// that names no block.
func compileBlocks(t *testing.T, root string, blocks []codeBlock) ([]buildResult, error) {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH: %v", err)
	}
	testdata := filepath.Join(root, "tests", "docs", "testdata")
	if err := os.MkdirAll(testdata, 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(testdata, "snippets-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	importBase := "github.com/lambdaroute/lambdaroute/tests/docs/testdata/" + filepath.Base(dir)
	byPackage := map[string]int{}
	// go build discards what it compiles when it builds several
	// packages; a single main package needs -o to write nowhere.
	args := []string{"build"}
	if len(blocks) == 1 {
		args = append(args, "-o", os.DevNull)
	}
	for i, b := range blocks {
		name := fmt.Sprintf("b%03d", i)
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "snippet.go"), []byte(b.source()), 0o644); err != nil {
			t.Fatal(err)
		}
		byPackage[importBase+"/"+name] = i
		args = append(args, importBase+"/"+name)
	}

	cmd := exec.Command(goCmd, args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil, nil
	}
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return nil, fmt.Errorf("running go build: %w", err)
	}

	// go build prints "# <import path>" before the errors of each package.
	var results []buildResult
	current := -1
	var section strings.Builder
	flush := func() {
		if current >= 0 {
			results = append(results, buildResult{block: blocks[current], output: section.String()})
		}
		section.Reset()
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if pkg, ok := strings.CutPrefix(line, "# "); ok {
			flush()
			current = -1
			if i, known := byPackage[strings.TrimSpace(pkg)]; known {
				current = i
			}
			continue
		}
		if current >= 0 && line != "" {
			section.WriteString(line + "\n")
		}
	}
	flush()
	if len(results) == 0 {
		return nil, fmt.Errorf("go build failed without naming a snippet package:\n%s", out)
	}
	return results, nil
}

func TestDocsCodeBlocksCompile(t *testing.T) {
	root := repoRoot(t)
	var blocks []codeBlock
	perFile := map[string]int{}
	for _, name := range docFiles(t, root) {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		found, err := extractGoBlocks(name, data)
		if err != nil {
			t.Error(err)
			continue
		}
		perFile[name] = len(found)
		blocks = append(blocks, found...)
	}
	if t.Failed() {
		return
	}

	// The guides are examples-first; a file without any Go block means the
	// extractor stopped recognizing the fences.
	for _, name := range []string{"README.md", "docs/async.md", "docs/binding.md", "docs/routing.md",
		"docs/testing.md", "docs/migrating-from-powertools.md"} {
		if perFile[name] == 0 {
			t.Errorf("%s: no ```go block found; expected the guide's examples", name)
		}
	}

	failures, err := compileBlocks(t, root, blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range failures {
		t.Errorf("the go block at %s does not compile:\n%s", f.block, f.output)
	}
	t.Logf("compiled %d go blocks from %d files", len(blocks), len(perFile))
}

func TestExtractGoBlocks(t *testing.T) {
	doc := "# Title\n\n```go\npackage main\n\nfunc main() {}\n```\n\n" +
		"```sh\ngo run .\n```\n\n" +
		"```go\n// fragment: statements\nx := 1\n_ = x\n```\n\n" +
		"```go\n// fragment: declarations\ntype T struct{}\n```\n"
	blocks, err := extractGoBlocks("doc.md", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 {
		t.Fatalf("got %d blocks, want 3 (the sh block is not Go)", len(blocks))
	}
	wantKinds := []blockKind{wholeFile, statements, declarations}
	wantLines := []int{4, 14, 20}
	for i, b := range blocks {
		if b.kind != wantKinds[i] {
			t.Errorf("block %d kind = %d, want %d", i, b.kind, wantKinds[i])
		}
		if b.line != wantLines[i] {
			t.Errorf("block %d line = %d, want %d", i, b.line, wantLines[i])
		}
	}
	if !strings.HasPrefix(blocks[0].code, "package main\n") {
		t.Errorf("block 0 code = %q, want it to start with the package clause", blocks[0].code)
	}
}

func TestExtractGoBlocksRejectsUnmarkedFragment(t *testing.T) {
	_, err := extractGoBlocks("doc.md", []byte("text\n```go\nx := 1\n```\n"))
	if err == nil {
		t.Fatal("an unmarked fragment was accepted")
	}
	if !strings.Contains(err.Error(), "doc.md:3") {
		t.Errorf("error %q does not name the block's position doc.md:3", err)
	}
}

func TestExtractGoBlocksRejectsUnclosedBlock(t *testing.T) {
	_, err := extractGoBlocks("doc.md", []byte("```go\npackage main\n"))
	if err == nil {
		t.Fatal("an unclosed block was accepted")
	}
}

func TestUsedPackages(t *testing.T) {
	code := `// time.Second in a comment does not count
app := router.NewAPIGatewayHTTPResolver()
s := "fmt.Println in a string does not count"
req.Header.Set("X", s) // req.Header: req is not a package
ctx, cancel := context.WithTimeout(context.Background(), 0)
_ = http.StatusOK
`
	got := usedPackages(code)
	want := []string{"context", "github.com/lambdaroute/lambdaroute/router", "net/http"}
	if !slices.Equal(got, want) {
		t.Errorf("usedPackages = %q, want %q", got, want)
	}
}

// TestCompileBlocksReportsErrors shows that the check can fail: a block
// that does not compile is reported with its Markdown position.
func TestCompileBlocksReportsErrors(t *testing.T) {
	root := repoRoot(t)
	blocks := []codeBlock{
		{file: "docs/good.md", line: 3, kind: statements, code: "app := router.NewAPIGatewayHTTPResolver()\n_ = app\n"},
		{file: "docs/bad.md", line: 7, kind: statements, code: "app := router.NewAPIGatewayHTTPResolver()\napp.NoSuchMethod()\n"},
	}
	failures, err := compileBlocks(t, root, blocks)
	if err != nil {
		t.Fatal(err)
	}
	if len(failures) != 1 {
		t.Fatalf("got %d failing blocks, want 1: %+v", len(failures), failures)
	}
	if failures[0].block.file != "docs/bad.md" {
		t.Errorf("failing block = %s, want docs/bad.md:7", failures[0].block)
	}
	if !strings.Contains(failures[0].output, "docs/bad.md:8") {
		t.Errorf("compiler output does not point at docs/bad.md:8:\n%s", failures[0].output)
	}
}
