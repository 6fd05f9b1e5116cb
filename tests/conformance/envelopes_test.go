package conformance_test

import (
	"net/http"

	"github.com/lambdaroute/lambdaroute/router"
)

// htmlWithCookies builds the response of the ALB envelope cases: two values
// for one header and two cookies, which single-value ALB cannot carry.
func htmlWithCookies() *router.Response {
	resp := &router.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"text/html"}, "X-Multi": {"a", "b"}},
		Body:       []byte("foo"),
	}
	resp.SetCookie(cookie("a", "1"))
	resp.SetCookie(cookie("b", "2"))
	return resp
}

func noContent() *router.Response { return &router.Response{StatusCode: http.StatusNoContent} }

// envelopeCases check the response shape of each event source.
var envelopeCases = []tcase{
	{
		name: "ENV-REST",
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/my/path", func() map[string]string { return map[string]string{"message": "ok"} })
		},
		want: want{status: 200, body: `{"message":"ok"}`, header: jsonHeader},
	},
	{
		name:    "ENV-V2",
		sources: []*source{httpAPI},
		event:   "events/powertools/apiGatewayProxyV2Event.json",
		setup: func(r *router.Router, _ *recorder) {
			r.Post("/my/path", func(in struct {
				Username string `json:"username"`
			}) *router.Response {
				resp := &router.Response{
					StatusCode: http.StatusOK,
					Header:     http.Header{"Content-Type": {"text/plain"}, "X-Multi": {"a", "b"}},
					Body:       []byte(in.Username),
				}
				resp.SetCookie(cookie("CookieMonster", "MonsterCookie"))
				return resp
			})
		},
		want: want{
			status:  200,
			body:    "tom",
			header:  header{"X-Multi": {"a, b"}, "Content-Type": {"text/plain"}},
			cookies: []string{"CookieMonster=MonsterCookie; Secure"},
		},
	},
	{
		name:    "ENV-ALB-SINGLE",
		sources: []*source{albSingle},
		setup:   func(r *router.Router, _ *recorder) { r.Get("/lambda", htmlWithCookies) },
		want: want{
			status: 200,
			body:   "foo",
			header: header{"Set-Cookie": {"b=2; Secure"}, "X-Multi": {"b"}, "Content-Type": {"text/html"}},
		},
	},
	{
		name:    "ENV-ALB-MULTI",
		sources: []*source{albMulti},
		setup:   func(r *router.Router, _ *recorder) { r.Get("/todos", htmlWithCookies) },
		want: want{
			status: 200,
			body:   "foo",
			header: header{
				"X-Multi":      {"a", "b"},
				"Content-Type": {"text/html"},
				"Set-Cookie":   {"a=1; Secure", "b=2; Secure"},
			},
		},
	},
	{
		name:    "ENV-ALB-NULL",
		sources: []*source{albSingle},
		setup:   func(r *router.Router, _ *recorder) { r.Get("/lambda", noContent) },
		want:    want{status: 204},
	},
	{
		// Invoke writes body null, as Powertools does. Resolve returns the
		// aws-lambda-go type, whose string body cannot be null, so it has "".
		name:  "ENV-REST-NULL",
		setup: func(r *router.Router, _ *recorder) { r.Get("/my/path", noContent) },
		want:  want{status: 204},
	},
	{
		name:    "ENV-URL",
		sources: []*source{functionURL},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/", func() map[string]string { return map[string]string{"hello": "url"} })
		},
		want: want{status: 200, body: `{"hello":"url"}`, header: jsonHeader},
	},
	{
		name:    "ENV-LAT1",
		sources: []*source{lattice},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/testpath", func() map[string]string { return map[string]string{"hello": "lattice"} })
		},
		want: want{status: 200, body: `{"hello":"lattice"}`, header: jsonHeader},
	},
	{
		name:    "ENV-LAT2",
		sources: []*source{latticeV2},
		setup: func(r *router.Router, _ *recorder) {
			r.Get("/newpath", func() map[string]string { return map[string]string{"hello": "latticev2"} })
		},
		want: want{status: 200, body: `{"hello":"latticev2"}`, header: jsonHeader},
	},
}
