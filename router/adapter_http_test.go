package router

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHTTPAdapterDecodeSamples(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		caseID      string
		method      string
		rawPath     string
		routePath   string
		someHeaders http.Header
		query       url.Values
		cookies     []string
		body        string
	}{
		{
			name:      "powertools sample",
			file:      "powertools/apiGatewayProxyV2Event.json",
			method:    "POST",
			rawPath:   "/my/path",
			routePath: "/my/path",
			someHeaders: http.Header{
				"Header1": {"value1"},
				// A comma-joined value stays one value.
				"Header2": {"value1,value2"},
				"Cookie":  {"cookie1; cookie2"},
			},
			query:   url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			cookies: []string{"cookie1=", "cookie2="},
			body:    `{"message": "hello world", "username": "tom"}`,
		},
		{
			name:        "aws-lambda-go sample",
			file:        "aws-lambda-go/apigw-v2-request-jwt-authorizer.json",
			method:      "GET",
			rawPath:     "/my/path",
			routePath:   "/my/path",
			someHeaders: http.Header{"Header1": {"value1"}, "Header2": {"value2"}},
			query:       url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			cookies:     []string{"cookie1=", "cookie2="},
			body:        "{\r\n\t\"a\": 1\r\n}",
		},
		{
			name:      "decoded path",
			caseID:    "B05",
			method:    "GET",
			rawPath:   "/pets/Blue Sky",
			routePath: "/pets/Blue Sky",
			someHeaders: http.Header{
				"User-Agent": {"curl/8.5.0"},
				"Accept":     {"*/*"},
			},
			query: url.Values{},
		},
		{
			name:      "cookies list",
			caseID:    "B11",
			method:    "GET",
			rawPath:   "/me",
			routePath: "/me",
			someHeaders: http.Header{
				"Cookie": {"session=abc123; theme=dark"},
			},
			query:   url.Values{},
			cookies: []string{"session=abc123", "theme=dark"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *events.APIGatewayV2HTTPRequest
			var req *Request
			if tt.caseID != "" {
				e, req = decodeCase(t, httpAdapter{}, tt.caseID)
			} else {
				e, req = decodeSample(t, httpAdapter{}, tt.file)
			}
			if req.Method != tt.method {
				t.Errorf("Method = %q, want %q", req.Method, tt.method)
			}
			if req.RawPath != tt.rawPath {
				t.Errorf("RawPath = %q, want %q", req.RawPath, tt.rawPath)
			}
			if req.routePath != tt.routePath {
				t.Errorf("routePath = %q, want %q", req.routePath, tt.routePath)
			}
			if req.pathEncoded {
				t.Error("pathEncoded = true, want false: HTTP API decodes rawPath")
			}
			if req.basePath != "" {
				t.Errorf("basePath = %q, want empty for stage $default", req.basePath)
			}
			for k, want := range tt.someHeaders {
				if got := req.Header[k]; !reflect.DeepEqual(got, want) {
					t.Errorf("Header[%q] = %q, want %q", k, got, want)
				}
			}
			if !reflect.DeepEqual(req.Query, tt.query) {
				t.Errorf("Query = %v, want %v", req.Query, tt.query)
			}
			if got := cookieStrings(req.Cookies); !reflect.DeepEqual(got, nonNil(tt.cookies)) {
				t.Errorf("Cookies = %v, want %v", got, tt.cookies)
			}
			if string(req.Body) != tt.body {
				t.Errorf("Body = %q, want %q", req.Body, tt.body)
			}
			if req.Event != e {
				t.Errorf("Event = %v, want the decoded event pointer", req.Event)
			}
		})
	}
}

// nonNil returns s, or an empty slice when s is nil, to compare with
// cookieStrings.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestHTTPAdapterDecodeStage(t *testing.T) {
	tests := []struct {
		name      string
		rawPath   string
		stage     string
		routePath string
		basePath  string
	}{
		{"stage prefix removed", "/dev/foo", "dev", "/foo", "/dev"},
		{"stage only", "/dev", "dev", "/", "/dev"},
		{"longer first segment kept", "/devices/1", "dev", "/devices/1", ""},
		{"custom domain without stage", "/foo", "dev", "/foo", ""},
		{"default stage", "/$default/foo", "$default", "/$default/foo", ""},
		{"no stage", "/foo", "", "/foo", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload := []byte(`{"rawPath":` + jsonString(tt.rawPath) +
				`,"requestContext":{"http":{"method":"GET"},"stage":` + jsonString(tt.stage) + `}}`)
			_, req := decodePayload(t, httpAdapter{}, payload)
			if req.routePath != tt.routePath {
				t.Errorf("routePath = %q, want %q", req.routePath, tt.routePath)
			}
			if req.basePath != tt.basePath {
				t.Errorf("basePath = %q, want %q", req.basePath, tt.basePath)
			}
			if req.RawPath != tt.rawPath {
				t.Errorf("RawPath = %q, want the event's rawPath %q", req.RawPath, tt.rawPath)
			}
			if req.Method != "GET" {
				t.Errorf("Method = %q, want GET", req.Method)
			}
		})
	}
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestHTTPAdapterDecodeQuery(t *testing.T) {
	tests := []struct {
		name     string
		rawQuery string
		params   map[string]string
		want     url.Values
	}{
		{
			name:     "decoded once",
			rawQuery: "q=100%25&tag=a%20b&tag=c&plus=x+y",
			want:     url.Values{"q": {"100%"}, "tag": {"a b", "c"}, "plus": {"x y"}},
		},
		{
			name:     "invalid escape kept as sent",
			rawQuery: "x=%zz&y=1",
			want:     url.Values{"x": {"%zz"}, "y": {"1"}},
		},
		{
			name:     "key without value",
			rawQuery: "flag&&a=",
			want:     url.Values{"flag": {""}, "a": {""}},
		},
		{
			name:     "raw query wins over the map",
			rawQuery: "q=a&q=b",
			params:   map[string]string{"q": "a,b"},
			want:     url.Values{"q": {"a", "b"}},
		},
		{
			name:   "map without raw query",
			params: map[string]string{"q": "a,b"},
			want:   url.Values{"q": {"a,b"}},
		},
		{
			name: "neither",
			want: url.Values{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &events.APIGatewayV2HTTPRequest{
				RawPath:               "/",
				RawQueryString:        tt.rawQuery,
				QueryStringParameters: tt.params,
			}
			req := &Request{}
			if err := (httpAdapter{}).decode(e, req); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(req.Query, tt.want) {
				t.Errorf("Query = %v, want %v", req.Query, tt.want)
			}
		})
	}
}

func TestHTTPAdapterDecodeCookieDedup(t *testing.T) {
	payload := readTestFile(t, caseEventsDir, "B11.json")
	var e events.APIGatewayV2HTTPRequest
	if err := (httpAdapter{}).unmarshal(payload, &e); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	e.Headers["cookie"] = "session=abc123; theme=dark; extra=1"
	req := &Request{}
	if err := (httpAdapter{}).decode(&e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := []string{"session=abc123", "theme=dark", "extra=1"}
	if got := cookieStrings(req.Cookies); !reflect.DeepEqual(got, want) {
		t.Errorf("Cookies = %v, want %v", got, want)
	}
	if got := req.Header["Cookie"]; !reflect.DeepEqual(got, []string{"session=abc123; theme=dark; extra=1"}) {
		t.Errorf("Cookie header = %q, want one line with each cookie once", got)
	}
}

func TestHTTPAdapterDecodeBody(t *testing.T) {
	e := &events.APIGatewayV2HTTPRequest{Body: "eyJhIjoxfQ==", IsBase64Encoded: true}
	req := &Request{}
	if err := (httpAdapter{}).decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if string(req.Body) != `{"a":1}` {
		t.Errorf("Body = %q, want %q", req.Body, `{"a":1}`)
	}

	e = &events.APIGatewayV2HTTPRequest{Body: "not base64!", IsBase64Encoded: true}
	err := httpAdapter{}.decode(e, &Request{})
	assertBadRequest(t, err, "request body is not valid base64")
}

func TestHTTPAdapterDecodeNilEvent(t *testing.T) {
	err := httpAdapter{}.decode(nil, &Request{})
	assertNotHTTPError(t, err, "API Gateway HTTP API")
}

func TestHTTPAdapterEncodeEnvelopes(t *testing.T) {
	_, req := decodeSample(t, httpAdapter{}, "powertools/apiGatewayProxyV2Event.json")
	var body struct {
		Username string `json:"username"`
	}
	if err := json.Unmarshal(req.Body, &body); err != nil {
		t.Fatalf("request body is not JSON: %v", err)
	}

	tests := []struct {
		name string
		resp *Response
		want string
	}{
		{
			name: "joined headers and cookies",
			resp: textResponse(200, "text/plain", body.Username,
				http.Header{"X-Multi": {"a", "b"}},
				secureCookie("CookieMonster", "MonsterCookie")),
			want: `{"statusCode":200,"body":"tom","isBase64Encoded":false,
				"headers":{"X-Multi":"a, b","Content-Type":"text/plain"},
				"cookies":["CookieMonster=MonsterCookie; Secure"]}`,
		},
		{
			name: "no cookies",
			resp: JSON(200, map[string]string{"hello": "v2"}),
			want: `{"statusCode":200,"body":"{\"hello\":\"v2\"}","isBase64Encoded":false,
				"headers":{"Content-Type":"application/json"},"cookies":[]}`,
		},
		{
			name: "Set-Cookie header moves to cookies",
			resp: textResponse(200, "text/plain", "x",
				http.Header{"Set-Cookie": {"a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT"}}),
			want: `{"statusCode":200,"body":"x","isBase64Encoded":false,
				"headers":{"Content-Type":"text/plain"},
				"cookies":["a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT"]}`,
		},
		{
			name: "nil header and no body",
			resp: &Response{StatusCode: 204},
			want: `{"statusCode":204,"body":null,"isBase64Encoded":false,"headers":{},"cookies":[]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, out := encodeAndMarshal(t, httpAdapter{}, req, tt.resp)
			if r.Cookies == nil {
				t.Error("Cookies = nil, want a list")
			}
			if r.MultiValueHeaders != nil {
				t.Errorf("MultiValueHeaders = %v, want nil", r.MultiValueHeaders)
			}
			assertJSONEqual(t, out, tt.want)
		})
	}
}

func TestHTTPAdapterEncodeBinary(t *testing.T) {
	_, req := decodeCase(t, httpAdapter{}, "B08")
	resp := textResponse(200, "application/pdf", pdfBody, nil)
	r, out := encodeAndMarshal(t, httpAdapter{}, req, resp)
	if !r.IsBase64Encoded {
		t.Error("IsBase64Encoded = false, want true")
	}
	if r.Body != pdfBase64 {
		t.Errorf("Body = %q, want %q", r.Body, pdfBase64)
	}
	assertJSONEqual(t, out, `{"statusCode":200,"body":"`+pdfBase64+`","isBase64Encoded":true,
		"headers":{"Content-Type":"application/pdf"},"cookies":[]}`)
}

func TestHTTPAdapterMarshalHasNoMultiValueHeaders(t *testing.T) {
	r := events.APIGatewayV2HTTPResponse{
		StatusCode:        201,
		Headers:           map[string]string{"X-A": "1"},
		MultiValueHeaders: map[string][]string{"X-A": {"ignored"}, "X-B": {"1", "2"}},
		Body:              "ok",
	}
	out, err := httpAdapter{}.marshal(&r)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	assertJSONEqual(t, out, `{"statusCode":201,"body":"ok","isBase64Encoded":false,
		"headers":{"X-A":"1","X-B":"1, 2"},"cookies":[]}`)
}

func TestHTTPAdapterMarshalNil(t *testing.T) {
	_, err := httpAdapter{}.marshal(nil)
	assertNotHTTPError(t, err, "API Gateway HTTP API")
}

func TestHTTPAdapterUnmarshalInvalidJSON(t *testing.T) {
	var e events.APIGatewayV2HTTPRequest
	err := httpAdapter{}.unmarshal([]byte(`[]`), &e)
	assertNotHTTPError(t, err, "parse API Gateway HTTP API event")
}

func TestHTTPAdapterTraits(t *testing.T) {
	tr := httpAdapter{}.traits()
	if tr.name != "API Gateway HTTP API" || tr.trailingSlash {
		t.Errorf("traits = %+v, want name %q without trailingSlash", tr, "API Gateway HTTP API")
	}
}
