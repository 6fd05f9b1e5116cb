package conformance_test

import (
	"github.com/lambdaroute/lambdaroute/router"
)

// compressedHello registers GET /my/path with compression on.
func compressedHello(r *router.Router, _ *recorder) {
	r.Get("/my/path", constant(map[string]string{"message": "hello"}), router.Compress())
}

// textWithCompress returns a handler whose response sets its own
// compression switch.
func textWithCompress(on bool) func() *router.Response {
	return func() *router.Response {
		resp := router.Text(200, "hello")
		resp.Compress = &on
		return resp
	}
}

// compressionCases check when gzip applies: the route or the response
// asks for it and the client accepts it.
var compressionCases = []tcase{
	{
		name:    "CP-ROUTE",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withHeader("Accept-Encoding", "gzip, deflate")},
		setup:   compressedHello,
		want:    want{status: 200, body: `{"message":"hello"}`, base64: true, header: gzipHeader(jsonHeader)},
	},
	{
		name:    "CP-NOACCEPT",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withoutHeader("Accept-Encoding")},
		setup:   compressedHello,
		want:    want{status: 200, body: `{"message":"hello"}`, header: jsonHeader},
	},
	{
		name:    "CP-V2",
		sources: []*source{httpAPI},
		edits:   []edit{withHeader("accept-encoding", "br, gzip")},
		setup:   compressedHello,
		want:    want{status: 200, body: `{"message":"hello"}`, base64: true, header: gzipHeader(jsonHeader)},
	},
	{
		name:  "CP-RESP",
		edits: []edit{withHeader("Accept-Encoding", "gzip")},
		setup: onPath(textWithCompress(true)),
		want:  want{status: 200, body: "hello", base64: true, header: gzipHeader(textHeader)},
	},
	{
		name:  "CP-RESP-OFF",
		event: `{"path":"/my/request","httpMethod":"GET","headers":{"Accept-Encoding":"deflate, gzip"}}`,
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/my/request", textWithCompress(false), router.Compress())
		},
		want: want{status: 200, body: "hello", header: textHeader},
	},
	{
		// Deliberate difference from Powertools 3.2.1a1 (newer Powertools
		// agrees with us): Accept-Encoding is read from multiValueHeaders too.
		name: "CP-MVH-ONLY",
		edits: []edit{withoutHeader("Accept-Encoding"), func(_ kind, ev map[string]any) {
			child(ev, "multiValueHeaders")["Accept-Encoding"] = []any{"gzip"}
		}},
		setup: compressedHello,
		want:  want{status: 200, body: `{"message":"hello"}`, base64: true, header: gzipHeader(jsonHeader)},
	},
	{
		name:  "CP-NULL-HEADERS",
		event: `{"path":"/my/path","httpMethod":"GET","headers":null}`,
		setup: compressedHello,
		want:  want{status: 200, body: `{"message":"hello"}`, header: jsonHeader},
	},
	{
		// Deliberate difference: q-values count, so "gzip;q=0" refuses gzip,
		// where Powertools only looks for the substring "gzip".
		name:  "CP-QVALUE/zero",
		edits: []edit{withHeader("Accept-Encoding", "gzip;q=0, br")},
		setup: compressedHello,
		want:  want{status: 200, body: `{"message":"hello"}`, header: jsonHeader},
	},
	{
		name:  "CP-QVALUE/wildcard",
		edits: []edit{withHeader("Accept-Encoding", "*;q=0.5")},
		setup: compressedHello,
		want:  want{status: 200, body: `{"message":"hello"}`, base64: true, header: gzipHeader(jsonHeader)},
	},
	{
		// An empty body stays empty: gzip would only add bytes.
		name:  "CP-EMPTY",
		edits: []edit{withHeader("Accept-Encoding", "gzip")},
		setup: func(r *router.Router, _ *recorder) { r.Get("/my/path", noContent, router.Compress()) },
		want:  want{status: 204},
	},
	{
		// The not-found response has no route, so no route's Compress option.
		name:    "CP-404",
		sources: allSources,
		edits:   []edit{withPath("/nope"), withHeader("Accept-Encoding", "gzip")},
		setup:   compressedHello,
		want:    want{status: 404, body: notFoundBody, header: jsonHeader},
	},
}
