package hostile_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

// libraryDirs are the packages that serve requests; the guard below reads
// their non-test sources.
var libraryDirs = []string{"../../router", "../../binder", "../../asyncbridge", "../../openapi"}

// forwardingHeaderRead matches a read of a header that a client can set
// to claim another address, host or scheme, such as h.Get("X-Forwarded-For"),
// h.Values("Forwarded") or h["X-Real-Ip"]. It misses a name passed through
// a constant. A list of names without a read, such as a table of names to
// canonicalize, does not match.
var forwardingHeaderRead = regexp.MustCompile(
	`(?i)(\.get\(|\.values\(|\[)\s*"(x-forwarded-[a-z-]*|forwarded|x-real-ip|true-client-ip|x-client-ip)"`)

// TestNoForwardingHeaderTrusted fails when library code starts to read
// X-Forwarded-For or a header like it. A client sets these headers to any
// value it likes, so the router must never base routing, limits or
// security decisions on them. Code that needs the client's address should
// read the event's request context (for example
// requestContext.identity.sourceIp), which the AWS service fills in. A
// feature that does read such a header needs an explicit opt-in with
// documented trust rules, and then an exception here.
func TestNoForwardingHeaderTrusted(t *testing.T) {
	for _, dir := range libraryDirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for i, line := range strings.Split(string(src), "\n") {
				if forwardingHeaderRead.MatchString(line) {
					t.Errorf("%s:%d reads a client-controlled forwarding header: %s", path, i+1, strings.TrimSpace(line))
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatalf("walk %s: %v", dir, err)
		}
	}
}

// TestRejectedHeadersDoNotLeak checks that a response rejected for a CR,
// LF or NUL in a header sends none of the handler's headers, and that a
// cookie value with CR LF goes out without them, on every source.
func TestRejectedHeadersDoNotLeak(t *testing.T) {
	for _, tg := range sources(router.WithLogger(discardLogger())) {
		for _, path := range []string{"/header-crlf", "/header-nul", "/middleware-header-crlf", "/cookie-crlf"} {
			a, err := tg.invoke(context.Background(), tg.payload(get(path)))
			if err != nil {
				t.Fatal(err)
			}
			for name, values := range a.header {
				for _, v := range values {
					if strings.ContainsAny(name+v, "\r\n\x00") {
						t.Errorf("%s %s: header %q: %q contains CR, LF or NUL", tg.name, path, name, v)
					}
					// The cookie's value keeps the text, quoted and without
					// the line break, so only the header routes are checked.
					if path != "/cookie-crlf" && strings.Contains(v, "evil") {
						t.Errorf("%s %s: header %q: %q carries the injected text", tg.name, path, name, v)
					}
				}
			}
		}
	}
}
