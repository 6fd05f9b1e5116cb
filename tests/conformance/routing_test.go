package conformance_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

// echo returns a handler that returns {key: <its one path parameter>}.
func echo(key string) func(string) map[string]string {
	return func(v string) map[string]string { return map[string]string{key: v} }
}

// constant returns a handler that always returns v.
func constant(v any) func() any { return func() any { return v } }

// accountCase is one RT-PARAM-OK or RT-PARAM-NO request.
func accountCase(name, path string, status int, body string) tcase {
	return tcase{
		name:  name,
		edits: []edit{withPath(path)},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/accounts/<account_id>", echo("account_id"))
			r.Get("/accounts/<account_id>/nested", echo("nested"))
		},
		want: want{status: status, body: body, header: jsonHeader},
	}
}

// stripCase is one RT-STRIP request.
func stripCase(name, path string, status int, body string) tcase {
	return tcase{
		name:  name,
		edits: []edit{withPath(path)},
		opts: []router.Option{
			router.WithStripPrefixes("/v1"),
			router.WithStripPrefixPatterns(regexp.MustCompile(`/(dev|stg)`)),
		},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/my/path", constant(map[string]bool{"ok": true}))
			r.Get("/", constant(map[string]bool{"root": true}))
		},
		want: want{status: status, body: body, header: jsonHeader},
	}
}

// trailingSlashCase is one RT-TS-OTHERS request: every source but REST
// matches paths exactly, so a trailing slash is a different path.
func trailingSlashCase(src *source, event, method, path string) tcase {
	return tcase{
		name:    "RT-TS-OTHERS/" + src.name,
		sources: []*source{src},
		event:   "events/powertools/" + event,
		setup: func(r *router.Router, _ *recorder) {
			r.Route([]string{method}, path, constant("unreachable"))
		},
		want: want{status: 404, body: notFoundBody, header: jsonHeader},
	}
}

// routingCases check route matching, prefixes and trailing slashes.
var routingCases = []tcase{
	{
		name:    "RT-404",
		sources: allSources,
		setup:   func(r *router.Router, _ *recorder) { r.Get("/other", constant("unreachable")) },
		want:    want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		name:    "RT-405-IS-404",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup:   func(r *router.Router, _ *recorder) { r.Post("/my/path", constant("unreachable")) },
		want:    want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		name:    "RT-HEAD",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withMethod("HEAD")},
		setup:   func(r *router.Router, _ *recorder) { r.Get("/my/path", constant("unreachable")) },
		want:    want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		name:    "RT-OPTIONS-NOCORS",
		sources: allSources,
		edits:   []edit{withMethod("OPTIONS")},
		want:    want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	accountCase("RT-PARAM-OK/plain", "/accounts/abc", 200, `{"account_id":"abc"}`),
	accountCase("RT-PARAM-OK/space", "/accounts/a b", 200, `{"account_id":"a b"}`),
	accountCase("RT-PARAM-OK/email", "/accounts/user@example.com", 200, `{"account_id":"user@example.com"}`),
	accountCase("RT-PARAM-OK/safe", "/accounts/-._~()'!*:@,;=+&$", 200, `{"account_id":"-._~()'!*:@,;=+&$"}`),
	// "%<>" is no valid escape, so decoding the path once leaves it as it is.
	accountCase("RT-PARAM-OK/unsafe", "/accounts/%<> []{}|^", 200, `{"account_id":"%<> []{}|^"}`),
	// Powertools writes "\u00e4"; Go writes the UTF-8 bytes. Both decode to ä.
	accountCase("RT-PARAM-OK/unicode", "/accounts/ä", 200, `{"account_id":"\u00e4"}`),
	accountCase("RT-PARAM-NO/two-segments", "/accounts/a/b", 404, notFoundBody),
	accountCase("RT-PARAM-NO/empty", "/accounts/", 404, notFoundBody),
	accountCase("RT-NESTED", "/accounts/x/nested", 200, `{"nested":"x"}`),
	{
		name: "RT-STATIC-FIRST",
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/my/<x>", echo("x"))
			r.Get("/my/path", constant(map[string]bool{"static": true}))
		},
		want: want{status: 200, body: `{"static":true}`, header: jsonHeader},
	},
	{
		// Deliberate difference: routes are not regular expressions, and a
		// catch-all is written <name...>. The more specific parameter route
		// wins over the catch-all for a one-segment value, where Powertools
		// prefers the group-less regex "/files/.+".
		name:  "RT-REGEX-STATIC",
		edits: []edit{withPath("/files/abc")},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/files/<name>", echo("name"))
			r.Get("/files/<rest...>", constant(map[string]bool{"catch": true}))
		},
		want: want{status: 200, body: `{"name":"abc"}`, header: jsonHeader},
	},
	{
		name:  "RT-REGEX-STATIC/deeper",
		edits: []edit{withPath("/files/a/b")},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/files/<name>", echo("name"))
			r.Get("/files/<rest...>", constant(map[string]bool{"catch": true}))
		},
		want: want{status: 200, body: `{"catch":true}`, header: jsonHeader},
	},
	{
		// Deliberate difference: "." is a literal character, not a regex
		// wildcard, so "/myXpath" does not match "/my.path".
		name:  "RT-DOT-IS-REGEX",
		edits: []edit{withPath("/myXpath")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/my.path", constant("unreachable")) },
		want:  want{status: 404, body: notFoundBody, header: jsonHeader},
	},
	{
		name:  "RT-DOT-IS-REGEX/literal",
		edits: []edit{withPath("/my.path")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/my.path", constant(map[string]bool{"dot": true})) },
		want:  want{status: 200, body: `{"dot":true}`, header: jsonHeader},
	},
	{
		// Deliberate difference: the catch-all is <rest...>, not "/files/.+".
		name:  "RT-CATCHALL",
		edits: []edit{withPath("/files/a/b/c")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/files/<rest...>", echo("rest")) },
		want:  want{status: 200, body: `{"rest":"a/b/c"}`, header: jsonHeader},
	},
	{
		name:    "RT-METHOD-CASE",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withMethod("post")},
		setup: func(r *router.Router, _ *recorder) {
			r.Route([]string{"GET", "POST"}, "/my/path", func(req *router.Request) map[string]string {
				return map[string]string{"m": req.Method}
			})
		},
		want: want{status: 200, body: `{"m":"post"}`, header: jsonHeader},
	},
	{
		name:  "RT-TS-REST",
		event: "events/powertools/apiGatewayProxyEventPathTrailingSlash.json",
		setup: func(r *router.Router, _ *recorder) { r.Get("/my/path", constant(map[string]bool{"ok": true})) },
		want:  want{status: 200, body: `{"ok":true}`, header: jsonHeader},
	},
	{
		name:  "RT-TS-REST-RULE",
		setup: func(r *router.Router, _ *recorder) { r.Get("/my/path/", constant(map[string]bool{"ok": true})) },
		want:  want{status: 200, body: `{"ok":true}`, header: jsonHeader},
	},
	trailingSlashCase(httpAPI, "apiGatewayProxyV2EventPathTrailingSlash.json", "POST", "/my/path"),
	trailingSlashCase(albSingle, "albEventPathTrailingSlash.json", "GET", "/lambda"),
	trailingSlashCase(functionURL, "lambdaFunctionUrlEventPathTrailingSlash.json", "POST", "/my/path"),
	trailingSlashCase(lattice, "vpcLatticeEventPathTrailingSlash.json", "GET", "/testpath"),
	trailingSlashCase(latticeV2, "vpcLatticeEventV2PathTrailingSlash.json", "GET", "/newpath"),
	{
		name:    "RT-V2-STAGE",
		sources: []*source{httpAPI},
		event:   `{"rawPath":"/dev/foo","requestContext":{"http":{"method":"GET"},"stage":"dev"}}`,
		setup:   func(r *router.Router, _ *recorder) { r.Get("/foo", constant(map[string]bool{"ok": true})) },
		want:    want{status: 200, body: `{"ok":true}`, header: jsonHeader},
	},
	stripCase("RT-STRIP/string", "/v1/my/path", 200, `{"ok":true}`),
	stripCase("RT-STRIP/regex", "/dev/my/path", 200, `{"ok":true}`),
	stripCase("RT-STRIP/string-exact", "/v1", 200, `{"root":true}`),
	stripCase("RT-STRIP/regex-exact", "/dev", 200, `{"root":true}`),
	stripCase("RT-STRIP/not-a-segment", "/v1x/my/path", 404, notFoundBody),
	{
		name:  "RT-STRIP/with-router",
		edits: []edit{withPath("/v1/users/42")},
		opts:  []router.Option{router.WithStripPrefixes("/v1")},
		setup: includeUsers,
		want:  want{status: 200, body: `{"user":"42"}`, header: jsonHeader},
	},
	{
		// Go's types rule out Powertools' invalid input, a prefix that is not
		// a list. The nearest invalid prefixes, "" and "/", strip nothing.
		name:  "RT-STRIP-INVALID",
		event: `{"httpMethod":"GET","path":"/foo/status"}`,
		opts:  []router.Option{router.WithStripPrefixes("", "/")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/foo/status", constant(map[string]bool{"ok": true})) },
		want:  want{status: 200, body: `{"ok":true}`, header: jsonHeader},
	},
	{
		name:  "RT-ROUTER-PREFIX/param",
		edits: []edit{withPath("/users/42")},
		setup: includeUsers,
		want:  want{status: 200, body: `{"user":"42"}`, header: jsonHeader},
	},
	{
		name:  "RT-ROUTER-PREFIX/root",
		edits: []edit{withPath("/users")},
		setup: includeUsers,
		want:  want{status: 200, body: `{"users":[]}`, header: jsonHeader},
	},
}

// includeUsers mounts a sub-router with a parameter route and a root route
// under /users.
func includeUsers(r *router.Router, _ *recorder) {
	users := router.NewRouter()
	users.Get("/<user_id>", echo("user"))
	users.Get("/", constant(map[string][]string{"users": {}}))
	r.Include(users, "/users")
}

// TestDuplicateRoute checks RT-DUP. Deliberate difference: registering a
// method and path twice panics at the second registration, naming both
// sites, where Powertools warns and keeps the first handler.
func TestDuplicateRoute(t *testing.T) {
	tests := []struct {
		name   string
		second func(r *router.Router)
	}{
		{"same-path", func(r *router.Router) { r.Get("/my/path", constant("second")) }},
		{"other-param-name", func(r *router.Router) { r.Get("/my/<other>", echo("other")) }},
		{"trailing-slash", func(r *router.Router) { r.Get("/my/path/", constant("second")) }},
		{"method-case", func(r *router.Router) { r.Route([]string{"get"}, "/my/path", constant("second")) }},
		{"via-include", func(r *router.Router) {
			sub := router.NewRouter()
			sub.Get("/path", constant("second"))
			r.Include(sub, "/my")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := router.NewAPIGatewayRestResolver()
			app.Get("/my/path", constant("first"))
			app.Get("/my/<x>", echo("x"))
			msg := panicMessage(func() { tt.second(app.Router) })
			if msg == "" {
				t.Fatal("registering a duplicate route did not panic")
			}
			if strings.Count(msg, "routing_test.go:") < 2 {
				t.Errorf("panic %q does not name both registration sites", msg)
			}
		})
	}
}

// panicMessage runs f and returns the text of its panic, or "" if f returns.
func panicMessage(f func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p)
		}
	}()
	f()
	return ""
}
