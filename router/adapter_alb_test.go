package router

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestALBAdapterDecodeSamples(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		caseID      string
		path        string
		multiValue  bool
		someHeaders http.Header
		query       url.Values
		body        string
	}{
		{
			name:        "single-value headers",
			file:        "powertools/albEvent.json",
			path:        "/lambda",
			someHeaders: http.Header{"Accept-Encoding": {"gzip"}, "X-Imforwards": {"20"}},
			query:       url.Values{"query": {"1234ABCD"}},
			body:        "Test",
		},
		{
			name:        "multi-value headers",
			file:        "powertools/albMultiValueHeadersEvent.json",
			path:        "/todos",
			multiValue:  true,
			someHeaders: http.Header{"User-Agent": {"curl/7.79.1"}},
			query:       url.Values{},
		},
		{
			name:        "multi-value query",
			file:        "powertools/albMultiValueQueryStringEvent.json",
			path:        "/todos",
			multiValue:  true,
			someHeaders: http.Header{"Header2": {"value1", "value2"}},
			query:       url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
		},
		{
			name:        "aws-lambda-go multi-value sample",
			file:        "aws-lambda-go/alb-lambda-target-request-multivalue-headers.json",
			path:        "/",
			multiValue:  true,
			someHeaders: http.Header{"X-Myheader": {"123"}},
			query:       url.Values{"key": {"hello"}},
		},
		{
			name:        "aws-lambda-go single-value sample",
			file:        "aws-lambda-go/alb-lambda-target-request-headers-only.json",
			path:        "/",
			someHeaders: http.Header{"X-Myheader": {"123"}},
			query:       url.Values{"key": {"hello"}},
		},
		{
			name:       "encoded query",
			caseID:     "B10",
			path:       "/events",
			multiValue: true,
			query:      url.Values{"from": {"2022-09-20T04:11:02Z"}, "tag": {"a b", "c"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *events.ALBTargetGroupRequest
			var req *Request
			if tt.caseID != "" {
				e, req = decodeCase(t, albAdapter{}, tt.caseID)
			} else {
				e, req = decodeSample(t, albAdapter{}, tt.file)
			}
			if req.Method != "GET" {
				t.Errorf("Method = %q, want GET", req.Method)
			}
			if req.RawPath != tt.path || req.routePath != tt.path {
				t.Errorf("RawPath, routePath = %q, %q, want %q", req.RawPath, req.routePath, tt.path)
			}
			if !req.pathEncoded {
				t.Error("pathEncoded = false, want true")
			}
			if req.multiValue != tt.multiValue {
				t.Errorf("multiValue = %v, want %v", req.multiValue, tt.multiValue)
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

func TestALBAdapterDecodeQuery(t *testing.T) {
	tests := []struct {
		name   string
		single map[string]string
		multi  map[string][]string
		want   url.Values
	}{
		{
			name:   "single-value mode decoded once",
			single: map[string]string{"from": "2022-09-20T04%3A11%3A02Z", "q": "100%2525"},
			want:   url.Values{"from": {"2022-09-20T04:11:02Z"}, "q": {"100%25"}},
		},
		{
			name:   "invalid escape kept as sent",
			single: map[string]string{"q": "100%zz", "p": "a+b"},
			want:   url.Values{"q": {"100%zz"}, "p": {"a b"}},
		},
		{
			name:  "encoded key",
			multi: map[string][]string{"my%20key": {"1"}},
			want:  url.Values{"my key": {"1"}},
		},
		{
			name:  "keys that decode alike merge in sorted order",
			multi: map[string][]string{"a+b": {"plus"}, "a%20b": {"percent"}},
			want:  url.Values{"a b": {"percent", "plus"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &events.ALBTargetGroupRequest{
				Path:                            "/",
				QueryStringParameters:           tt.single,
				MultiValueQueryStringParameters: tt.multi,
			}
			req := &Request{}
			if err := (albAdapter{}).decode(e, req); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(req.Query, tt.want) {
				t.Errorf("Query = %v, want %v", req.Query, tt.want)
			}
		})
	}
}

func TestALBAdapterDecodeCookies(t *testing.T) {
	e := &events.ALBTargetGroupRequest{
		Headers: map[string]string{"cookie": "a=1; b=2; a=1"},
	}
	req := &Request{}
	if err := (albAdapter{}).decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if got, want := cookieStrings(req.Cookies), []string{"a=1", "b=2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Cookies = %v, want %v", got, want)
	}
}

func TestALBAdapterDecodeInvalidBase64(t *testing.T) {
	e := &events.ALBTargetGroupRequest{Body: "%%%", IsBase64Encoded: true}
	err := albAdapter{}.decode(e, &Request{})
	assertBadRequest(t, err, "request body is not valid base64")
}

func TestALBAdapterDecodeNilEvent(t *testing.T) {
	err := albAdapter{}.decode(nil, &Request{})
	assertNotHTTPError(t, err, "ALB")
}

func TestALBAdapterEncodeEnvelopes(t *testing.T) {
	handlerResponse := func() *Response {
		return textResponse(200, "text/html", "foo", http.Header{"X-Multi": {"a", "b"}},
			secureCookie("a", "1"), secureCookie("b", "2"))
	}
	tests := []struct {
		name  string
		file  string
		resp  *Response
		multi bool
		want  string
	}{
		{
			name: "single-value keeps last value and last cookie",
			file: "powertools/albEvent.json",
			resp: handlerResponse(),
			want: `{"statusCode":200,"statusDescription":"200 OK","body":"foo","isBase64Encoded":false,
				"headers":{"Set-Cookie":"b=2; Secure","X-Multi":"b","Content-Type":"text/html"}}`,
		},
		{
			name:  "multi-value keeps everything",
			file:  "powertools/albMultiValueHeadersEvent.json",
			resp:  handlerResponse(),
			multi: true,
			want: `{"statusCode":200,"statusDescription":"200 OK","body":"foo","isBase64Encoded":false,
				"multiValueHeaders":{"X-Multi":["a","b"],"Content-Type":["text/html"],
				"Set-Cookie":["a=1; Secure","b=2; Secure"]}}`,
		},
		{
			name: "no body is an empty string",
			file: "powertools/albEvent.json",
			resp: &Response{StatusCode: 204},
			want: `{"statusCode":204,"statusDescription":"204 No Content","body":"",
				"isBase64Encoded":false,"headers":{}}`,
		},
		{
			name:  "multi-value without headers",
			file:  "powertools/albMultiValueHeadersEvent.json",
			resp:  &Response{StatusCode: 404},
			multi: true,
			want: `{"statusCode":404,"statusDescription":"404 Not Found","body":"",
				"isBase64Encoded":false,"multiValueHeaders":{}}`,
		},
		{
			name:  "binary body",
			file:  "powertools/albMultiValueHeadersEvent.json",
			resp:  textResponse(200, "application/pdf", pdfBody, nil),
			multi: true,
			want: `{"statusCode":200,"statusDescription":"200 OK","body":"` + pdfBase64 + `",
				"isBase64Encoded":true,"multiValueHeaders":{"Content-Type":["application/pdf"]}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, req := decodeSample(t, albAdapter{}, tt.file)
			r, out := encodeAndMarshal(t, albAdapter{}, req, tt.resp)
			if tt.multi && (r.Headers != nil || r.MultiValueHeaders == nil) {
				t.Errorf("Headers, MultiValueHeaders = %v, %v, want only MultiValueHeaders",
					r.Headers, r.MultiValueHeaders)
			}
			if !tt.multi && (r.Headers == nil || r.MultiValueHeaders != nil) {
				t.Errorf("Headers, MultiValueHeaders = %v, %v, want only Headers",
					r.Headers, r.MultiValueHeaders)
			}
			assertJSONEqual(t, out, tt.want)
		})
	}
}

func TestALBAdapterEncodeEncodedQueryCase(t *testing.T) {
	_, req := decodeCase(t, albAdapter{}, "B10")
	resp := JSON(200, map[string]any{"from": "2022-09-20T04:11:02Z", "tags": []string{"a b", "c"}})
	r, out := encodeAndMarshal(t, albAdapter{}, req, resp)
	if r.StatusDescription != "200 OK" {
		t.Errorf("StatusDescription = %q, want %q", r.StatusDescription, "200 OK")
	}
	assertJSONEqual(t, out, `{"statusCode":200,"statusDescription":"200 OK",
		"body":"{\"from\":\"2022-09-20T04:11:02Z\",\"tags\":[\"a b\",\"c\"]}",
		"isBase64Encoded":false,"multiValueHeaders":{"Content-Type":["application/json"]}}`)
}

func TestALBAdapterStatusDescription(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{200, "200 OK"},
		{418, "418 I'm a teapot"},
		{502, "502 Bad Gateway"},
		{299, "299"},
	}
	for _, tt := range tests {
		if got := statusDescription(tt.code); got != tt.want {
			t.Errorf("statusDescription(%d) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestALBAdapterMarshalTypedResponse(t *testing.T) {
	tests := []struct {
		name string
		r    events.ALBTargetGroupResponse
		want string
	}{
		{
			name: "aws-lambda-go style response with both maps",
			r: events.ALBTargetGroupResponse{
				StatusCode:        200,
				Headers:           map[string]string{"X-A": "1"},
				MultiValueHeaders: map[string][]string{"X-B": {"2", "3"}},
				Body:              "hi",
			},
			want: `{"statusCode":200,"statusDescription":"200 OK","body":"hi","isBase64Encoded":false,
				"multiValueHeaders":{"X-A":["1"],"X-B":["2","3"]}}`,
		},
		{
			name: "own status description kept",
			r:    events.ALBTargetGroupResponse{StatusCode: 200, StatusDescription: "200 Fine"},
			want: `{"statusCode":200,"statusDescription":"200 Fine","body":"","isBase64Encoded":false,
				"headers":{}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := albAdapter{}.marshal(&tt.r)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			assertJSONEqual(t, out, tt.want)
		})
	}
}

func TestALBAdapterMarshalNil(t *testing.T) {
	_, err := albAdapter{}.marshal(nil)
	assertNotHTTPError(t, err, "ALB")
}

func TestALBAdapterUnmarshalInvalidJSON(t *testing.T) {
	var e events.ALBTargetGroupRequest
	err := albAdapter{}.unmarshal([]byte(`{"httpMethod":1}`), &e)
	assertNotHTTPError(t, err, "parse ALB event")
}

func TestALBAdapterTraits(t *testing.T) {
	tr := albAdapter{}.traits()
	if tr.name != "ALB" || tr.trailingSlash {
		t.Errorf("traits = %+v, want name %q without trailingSlash", tr, "ALB")
	}
}
