package router

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestRESTAdapterDecodeSamples(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		caseID    string
		method    string
		routePath string
		basePath  string
		header    http.Header
		// someHeaders are looked up by exact key, to check canonical keys.
		someHeaders http.Header
		query       url.Values
		body        string
	}{
		{
			name:      "powertools sample",
			file:      "powertools/apiGatewayProxyEvent.json",
			method:    "GET",
			routePath: "/my/path",
			header: http.Header{
				"Header1": {"value1"},
				"Header2": {"value1", "value2"},
				"Origin":  {"https://aws.amazon.com"},
			},
			query: url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			body:  "Hello from Lambda!",
		},
		{
			name:      "aws-lambda-go sample",
			file:      "aws-lambda-go/apigw-request.json",
			method:    "POST",
			routePath: "/hello/world",
			query:     url.Values{"name": {"me"}},
			someHeaders: http.Header{
				"Headername":    {"headerValue"},
				"Cache-Control": {"no-cache"},
				"Accept":        {"*/*"},
			},
			body: "{\r\n\t\"a\": 1\r\n}",
		},
		{
			name:      "encoded path with stage",
			caseID:    "B06",
			method:    "GET",
			routePath: "/users/foo%40bar",
			basePath:  "/Prod",
			query:     url.Values{},
		},
		{
			name:      "base64 JSON body",
			caseID:    "B07",
			method:    "POST",
			routePath: "/items",
			basePath:  "/Prod",
			query:     url.Values{},
			body:      `{"name":"widget","qty":3}`,
		},
		{
			name:      "null headers and query",
			caseID:    "B14",
			method:    "POST",
			routePath: "/query/execute",
			basePath:  "/Prod",
			header:    http.Header{},
			query:     url.Values{},
			body:      `{"q":"select 1"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *events.APIGatewayProxyRequest
			var req *Request
			if tt.caseID != "" {
				e, req = decodeCase(t, restAdapter{}, tt.caseID)
			} else {
				e, req = decodeSample(t, restAdapter{}, tt.file)
			}
			if req.Method != tt.method {
				t.Errorf("Method = %q, want %q", req.Method, tt.method)
			}
			if req.RawPath != tt.routePath {
				t.Errorf("RawPath = %q, want %q", req.RawPath, tt.routePath)
			}
			if req.routePath != tt.routePath {
				t.Errorf("routePath = %q, want %q", req.routePath, tt.routePath)
			}
			if !req.pathEncoded {
				t.Error("pathEncoded = false, want true")
			}
			if req.basePath != tt.basePath {
				t.Errorf("basePath = %q, want %q", req.basePath, tt.basePath)
			}
			if req.Header == nil {
				t.Error("Header is nil, want an empty map at least")
			}
			if tt.header != nil && !reflect.DeepEqual(req.Header, tt.header) {
				t.Errorf("Header = %v, want %v", req.Header, tt.header)
			}
			for k, want := range tt.someHeaders {
				if got := req.Header[k]; !reflect.DeepEqual(got, want) {
					t.Errorf("Header[%q] = %q, want %q", k, got, want)
				}
			}
			if !reflect.DeepEqual(req.Query, tt.query) {
				t.Errorf("Query = %v, want %v", req.Query, tt.query)
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

func TestRESTAdapterDecodeCookies(t *testing.T) {
	e := &events.APIGatewayProxyRequest{
		HTTPMethod: "GET",
		Path:       "/me",
		MultiValueHeaders: map[string][]string{
			"cookie": {"session=abc123; theme=dark", "session=abc123"},
		},
	}
	req := &Request{}
	if err := (restAdapter{}).decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	got := cookieStrings(req.Cookies)
	want := []string{"session=abc123", "theme=dark"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Cookies = %v, want %v", got, want)
	}
	if v := req.Header.Values("Cookie"); len(v) != 2 {
		t.Errorf("Cookie header = %q, want the two lines as sent", v)
	}
}

func TestRESTAdapterDecodeQuery(t *testing.T) {
	tests := []struct {
		name  string
		event events.APIGatewayProxyRequest
		want  url.Values
	}{
		{
			name: "decoded value is not decoded again",
			event: events.APIGatewayProxyRequest{
				QueryStringParameters: map[string]string{"q": "100%25"},
			},
			want: url.Values{"q": {"100%25"}},
		},
		{
			name: "single map without multi map",
			event: events.APIGatewayProxyRequest{
				QueryStringParameters: map[string]string{"q": "a,b"},
			},
			want: url.Values{"q": {"a,b"}},
		},
		{
			name: "multi map wins",
			event: events.APIGatewayProxyRequest{
				QueryStringParameters:           map[string]string{"tags": "b"},
				MultiValueQueryStringParameters: map[string][]string{"tags": {"a", "b"}},
			},
			want: url.Values{"tags": {"a", "b"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{}
			if err := (restAdapter{}).decode(&tt.event, req); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(req.Query, tt.want) {
				t.Errorf("Query = %v, want %v", req.Query, tt.want)
			}
		})
	}
}

func TestRESTAdapterDecodeQueryIsCopy(t *testing.T) {
	e := &events.APIGatewayProxyRequest{
		MultiValueQueryStringParameters: map[string][]string{"a": {"1"}},
	}
	req := &Request{}
	if err := (restAdapter{}).decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	req.Query["a"][0] = "changed"
	if got := e.MultiValueQueryStringParameters["a"][0]; got != "1" {
		t.Errorf("event query value = %q after changing Request.Query, want %q", got, "1")
	}
}

func TestRESTAdapterDecodeBase64(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string
	}{
		{name: "padded", body: "aGk=", want: "hi"},
		{name: "unpadded", body: "aGk", want: "hi"},
		{name: "empty", body: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &events.APIGatewayProxyRequest{Body: tt.body, IsBase64Encoded: true}
			req := &Request{}
			if err := (restAdapter{}).decode(e, req); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if string(req.Body) != tt.want {
				t.Errorf("Body = %q, want %q", req.Body, tt.want)
			}
		})
	}
}

func TestRESTAdapterDecodeInvalidBase64(t *testing.T) {
	// This sample sets isBase64Encoded on a plain-text body.
	payload := readTestFile(t, sampleEventsDir, "powertools/apiGatewayProxyEventPathTrailingSlash.json")
	var e events.APIGatewayProxyRequest
	if err := (restAdapter{}).unmarshal(payload, &e); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	req := &Request{}
	err := restAdapter{}.decode(&e, req)
	assertBadRequest(t, err, "request body is not valid base64")

	// Everything but the body is still decoded, so that the error response
	// can be routed and get its CORS headers.
	if req.routePath != "/my/path/" {
		t.Errorf("routePath = %q, want %q", req.routePath, "/my/path/")
	}
	if got := req.Header.Values("Header2"); !reflect.DeepEqual(got, []string{"value1", "value2"}) {
		t.Errorf("Header2 = %q, want it decoded despite the error", got)
	}
	if req.Body != nil {
		t.Errorf("Body = %q, want nil", req.Body)
	}
}

func TestRESTAdapterDecodeNilEvent(t *testing.T) {
	err := restAdapter{}.decode(nil, &Request{})
	assertNotHTTPError(t, err, "API Gateway REST")
}

func TestRESTAdapterUnmarshalInvalidJSON(t *testing.T) {
	var e events.APIGatewayProxyRequest
	err := restAdapter{}.unmarshal([]byte(`{"path":`), &e)
	assertNotHTTPError(t, err, "parse API Gateway REST event")
}

func TestRESTAdapterUnmarshalResetsEvent(t *testing.T) {
	e := events.APIGatewayProxyRequest{Body: "stale", Headers: map[string]string{"A": "1"}}
	if err := (restAdapter{}).unmarshal([]byte(`{"path":"/x"}`), &e); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if e.Body != "" || e.Headers != nil {
		t.Errorf("event after unmarshal = %+v, want only path set", e)
	}
}

func TestRESTAdapterBasePath(t *testing.T) {
	tests := []struct {
		stage, contextPath, want string
	}{
		{"Prod", "/Prod/users", "/Prod"},
		{"Prod", "/Prod", "/Prod"},
		{"Prod", "/Production/users", ""},
		{"Prod", "/users", ""},
		{"$default", "/$default/users", ""},
		{"", "/users", ""},
	}
	for _, tt := range tests {
		if got := restBasePath(tt.stage, tt.contextPath); got != tt.want {
			t.Errorf("restBasePath(%q, %q) = %q, want %q", tt.stage, tt.contextPath, got, tt.want)
		}
	}
}

func TestRESTAdapterEncodeEnvelopes(t *testing.T) {
	_, req := decodeSample(t, restAdapter{}, "powertools/apiGatewayProxyEvent.json")
	tests := []struct {
		name string
		resp *Response
		want string
	}{
		{
			name: "JSON body",
			resp: JSON(200, map[string]string{"message": "ok"}),
			want: `{"statusCode":200,"body":"{\"message\":\"ok\"}","isBase64Encoded":false,
				"multiValueHeaders":{"Content-Type":["application/json"]}}`,
		},
		{
			name: "no body",
			resp: &Response{StatusCode: 204},
			want: `{"statusCode":204,"body":null,"isBase64Encoded":false,"multiValueHeaders":{}}`,
		},
		{
			name: "cookie",
			resp: textResponse(200, "text/plain", "Hello world", nil,
				secureCookie("CookieMonster", "MonsterCookie")),
			want: `{"statusCode":200,"body":"Hello world","isBase64Encoded":false,
				"multiValueHeaders":{"Content-Type":["text/plain"],
				"Set-Cookie":["CookieMonster=MonsterCookie; Secure"]}}`,
		},
		{
			name: "binary body",
			resp: textResponse(200, "image/png", "\x89PNG\r\n", nil),
			want: `{"statusCode":200,"body":"iVBORw0K","isBase64Encoded":true,
				"multiValueHeaders":{"Content-Type":["image/png"]}}`,
		},
		{
			name: "header and cookie Set-Cookie values",
			resp: textResponse(200, "", "x",
				http.Header{"Set-Cookie": {"a=1"}, "X-Multi": {"a", "b"}},
				secureCookie("b", "2")),
			want: `{"statusCode":200,"body":"x","isBase64Encoded":false,
				"multiValueHeaders":{"X-Multi":["a","b"],"Set-Cookie":["a=1","b=2; Secure"]}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, out := encodeAndMarshal(t, restAdapter{}, req, tt.resp)
			if r.Headers != nil {
				t.Errorf("Headers = %v, want nil (multiValueHeaders only)", r.Headers)
			}
			if r.MultiValueHeaders == nil {
				t.Error("MultiValueHeaders = nil, want a map")
			}
			assertJSONEqual(t, out, tt.want)
		})
	}
}

func TestRESTAdapterEncodeKeepsHeaderKeys(t *testing.T) {
	resp := &Response{StatusCode: 200, Header: http.Header{"x-lower": {"1"}}}
	r := restAdapter{}.encode(&Request{}, resp)
	if _, ok := r.MultiValueHeaders["x-lower"]; !ok {
		t.Errorf("MultiValueHeaders = %v, want key %q unchanged", r.MultiValueHeaders, "x-lower")
	}
}

func TestRESTAdapterMarshalHasNoHeadersKey(t *testing.T) {
	r := events.APIGatewayProxyResponse{
		StatusCode:        200,
		Headers:           map[string]string{"X-A": "1", "X-B": "single"},
		MultiValueHeaders: map[string][]string{"X-B": {"multi"}},
		Body:              "ok",
	}
	out, err := restAdapter{}.marshal(&r)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(out, &keys); err != nil {
		t.Fatalf("output is not a JSON object: %v", err)
	}
	if _, ok := keys["headers"]; ok {
		t.Errorf("output has a headers key: %s", out)
	}
	assertJSONEqual(t, out, `{"statusCode":200,"body":"ok","isBase64Encoded":false,
		"multiValueHeaders":{"X-A":["1"],"X-B":["multi"]}}`)
}

func TestRESTAdapterMarshalNil(t *testing.T) {
	_, err := restAdapter{}.marshal(nil)
	assertNotHTTPError(t, err, "API Gateway REST")
}

func TestRESTAdapterTraits(t *testing.T) {
	tr := restAdapter{}.traits()
	if tr.name != "API Gateway REST" || !tr.trailingSlash {
		t.Errorf("traits = %+v, want name %q with trailingSlash", tr, "API Gateway REST")
	}
}
