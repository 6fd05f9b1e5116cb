package router

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestURLAdapterDecodeSamples(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		method      string
		path        string
		someHeaders http.Header
		query       url.Values
		cookies     []string
		body        string
	}{
		{
			name:        "powertools sample",
			file:        "powertools/lambdaFunctionUrlEvent.json",
			method:      "GET",
			path:        "/",
			someHeaders: http.Header{"Accept-Encoding": {"gzip, deflate, br"}},
			query:       url.Values{},
		},
		{
			name:        "query map without raw query",
			file:        "powertools/lambdaFunctionUrlEventWithHeaders.json",
			method:      "GET",
			path:        "/",
			someHeaders: http.Header{"Header2": {"value1,value2"}},
			query:       url.Values{"parameter1": {"value1,value2"}, "parameter2": {"value"}},
		},
		{
			name:        "aws-lambda-go sample",
			file:        "aws-lambda-go/lambda-urls-request.json",
			method:      "POST",
			path:        "/my/path",
			someHeaders: http.Header{"Header1": {"value1"}, "Cookie": {"cookie1; cookie2"}},
			query:       url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
			cookies:     []string{"cookie1=", "cookie2="},
			body:        "Hello from client!",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, req := decodeSample(t, urlAdapter{}, tt.file)
			if req.Method != tt.method {
				t.Errorf("Method = %q, want %q", req.Method, tt.method)
			}
			if req.RawPath != tt.path || req.routePath != tt.path {
				t.Errorf("RawPath, routePath = %q, %q, want %q", req.RawPath, req.routePath, tt.path)
			}
			if !req.pathEncoded {
				t.Error("pathEncoded = false, want true: function URLs keep rawPath encoded")
			}
			if req.basePath != "" {
				t.Errorf("basePath = %q, want empty", req.basePath)
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

func TestURLAdapterDecodeEncodedPath(t *testing.T) {
	e := &events.LambdaFunctionURLRequest{RawPath: "/files/a%20b"}
	req := &Request{}
	if err := (urlAdapter{}).decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if req.routePath != "/files/a%20b" || !req.pathEncoded {
		t.Errorf("routePath, pathEncoded = %q, %v, want %q, true", req.routePath, req.pathEncoded, "/files/a%20b")
	}
}

func TestURLAdapterDecodeCookiesOnce(t *testing.T) {
	// A function URL may send the same cookies in the cookies list and in a
	// cookie header.
	e := &events.LambdaFunctionURLRequest{
		RawPath: "/me",
		Cookies: []string{"session=abc123", "theme=dark"},
		Headers: map[string]string{"cookie": "session=abc123; theme=dark"},
	}
	req := &Request{}
	if err := (urlAdapter{}).decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got, want := cookieStrings(req.Cookies), []string{"session=abc123", "theme=dark"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Cookies = %v, want %v", got, want)
	}
	if got := req.Header["Cookie"]; !reflect.DeepEqual(got, []string{"session=abc123; theme=dark"}) {
		t.Errorf("Cookie header = %q, want each cookie once", got)
	}
}

func TestURLAdapterDecodeInvalidBase64(t *testing.T) {
	e := &events.LambdaFunctionURLRequest{Body: "a", IsBase64Encoded: true}
	err := urlAdapter{}.decode(e, &Request{})
	assertBadRequest(t, err, "request body is not valid base64")
}

func TestURLAdapterDecodeNilEvent(t *testing.T) {
	err := urlAdapter{}.decode(nil, &Request{})
	assertNotHTTPError(t, err, "Lambda function URL")
}

func TestURLAdapterEncodeEnvelopes(t *testing.T) {
	_, req := decodeSample(t, urlAdapter{}, "powertools/lambdaFunctionUrlEvent.json")
	tests := []struct {
		name string
		resp *Response
		want string
	}{
		{
			name: "JSON body",
			resp: JSON(200, map[string]string{"hello": "url"}),
			want: `{"statusCode":200,"body":"{\"hello\":\"url\"}","isBase64Encoded":false,
				"headers":{"Content-Type":"application/json"},"cookies":[]}`,
		},
		{
			name: "cookies with commas in Expires",
			resp: textResponse(201, "application/json", `{ "message": "Hello, world!" }`,
				http.Header{"My-Custom-Header": {"Custom Value"}},
				&http.Cookie{Name: "Cookie_2", Value: "Value2", MaxAge: 78000}),
			want: `{"statusCode":201,"body":"{ \"message\": \"Hello, world!\" }","isBase64Encoded":false,
				"headers":{"Content-Type":"application/json","My-Custom-Header":"Custom Value"},
				"cookies":["Cookie_2=Value2; Max-Age=78000"]}`,
		},
		{
			name: "binary body",
			resp: textResponse(200, "application/pdf", pdfBody, nil),
			want: `{"statusCode":200,"body":"` + pdfBase64 + `","isBase64Encoded":true,
				"headers":{"Content-Type":"application/pdf"},"cookies":[]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, out := encodeAndMarshal(t, urlAdapter{}, req, tt.resp)
			if r.Cookies == nil {
				t.Error("Cookies = nil, want a list")
			}
			assertJSONEqual(t, out, tt.want)
		})
	}
}

func TestURLAdapterMarshalSample(t *testing.T) {
	// The aws-lambda-go sample response, parsed and written back.
	var r events.LambdaFunctionURLResponse
	payload := readTestFile(t, sampleEventsDir, "aws-lambda-go/lambda-urls-response.json")
	if err := json.Unmarshal(payload, &r); err != nil {
		t.Fatalf("unmarshal sample response: %v", err)
	}
	out, err := urlAdapter{}.marshal(&r)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	assertJSONEqual(t, out, string(payload))
}

func TestURLAdapterMarshalNilMaps(t *testing.T) {
	out, err := urlAdapter{}.marshal(&events.LambdaFunctionURLResponse{StatusCode: 204})
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	assertJSONEqual(t, out, `{"statusCode":204,"body":null,"isBase64Encoded":false,"headers":{},"cookies":[]}`)
}

func TestURLAdapterMarshalNil(t *testing.T) {
	_, err := urlAdapter{}.marshal(nil)
	assertNotHTTPError(t, err, "Lambda function URL")
}

func TestURLAdapterUnmarshalInvalidJSON(t *testing.T) {
	var e events.LambdaFunctionURLRequest
	err := urlAdapter{}.unmarshal([]byte(`{`), &e)
	assertNotHTTPError(t, err, "parse Lambda function URL event")
}

func TestURLAdapterTraits(t *testing.T) {
	tr := urlAdapter{}.traits()
	if tr.name != "Lambda function URL" || tr.trailingSlash {
		t.Errorf("traits = %+v, want name %q without trailingSlash", tr, "Lambda function URL")
	}
}
