package router

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestLatticeAdapterDecodeSample(t *testing.T) {
	e, req := decodeSample(t, latticeAdapter{}, "powertools/vpcLatticeEvent.json")
	if req.Method != "GET" {
		t.Errorf("Method = %q, want GET", req.Method)
	}
	if req.RawPath != "/testpath" || req.routePath != "/testpath" {
		t.Errorf("RawPath, routePath = %q, %q, want /testpath", req.RawPath, req.routePath)
	}
	if !req.pathEncoded {
		t.Error("pathEncoded = false, want true")
	}
	someHeaders := http.Header{
		// Underscores are kept; net/http capitalizes only after "-".
		"User_agent": {"curl/7.64.1"},
		"Header2":    {"value1,value2"},
		"Accept":     {"*/*"},
	}
	for k, want := range someHeaders {
		if got := req.Header[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("Header[%q] = %q, want %q", k, got, want)
		}
	}
	if want := (url.Values{"order-id": {"1"}}); !reflect.DeepEqual(req.Query, want) {
		t.Errorf("Query = %v, want %v", req.Query, want)
	}
	if string(req.Body) != `{"test": "event"}` {
		t.Errorf("Body = %q, want the base64-decoded body", req.Body)
	}
	if req.Event != e {
		t.Errorf("Event = %v, want the decoded event pointer", req.Event)
	}
}

func TestLatticeAdapterDecodeQueryInPath(t *testing.T) {
	tests := []struct {
		name      string
		rawPath   string
		query     map[string]string
		routePath string
		want      url.Values
	}{
		{
			name:      "path query with repeated key wins",
			rawPath:   "/testpath?a=1&a=2&b=x%20y",
			query:     map[string]string{"a": "2", "c": "map only"},
			routePath: "/testpath",
			want:      url.Values{"a": {"1", "2"}, "b": {"x y"}, "c": {"map only"}},
		},
		{
			name:      "empty query after question mark",
			rawPath:   "/testpath?",
			query:     map[string]string{"a": "1"},
			routePath: "/testpath",
			want:      url.Values{"a": {"1"}},
		},
		{
			name:      "no query",
			rawPath:   "/a%2Fb",
			routePath: "/a%2Fb",
			want:      url.Values{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &VPCLatticeRequest{RawPath: tt.rawPath, Method: "GET", QueryStringParameters: tt.query}
			req := &Request{}
			if err := (latticeAdapter{}).decode(e, req); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if req.routePath != tt.routePath {
				t.Errorf("routePath = %q, want %q", req.routePath, tt.routePath)
			}
			if req.RawPath != tt.rawPath {
				t.Errorf("RawPath = %q, want the event's raw_path %q", req.RawPath, tt.rawPath)
			}
			if !reflect.DeepEqual(req.Query, tt.want) {
				t.Errorf("Query = %v, want %v", req.Query, tt.want)
			}
		})
	}
}

func TestLatticeAdapterDecodeCookiesAndNulls(t *testing.T) {
	payload := []byte(`{"raw_path":"/x","method":"GET","headers":{"cookie":"a=1; a=1; b=2"},
		"query_string_parameters":null,"body":null,"is_base64_encoded":false}`)
	_, req := decodePayload(t, latticeAdapter{}, payload)
	if got, want := cookieStrings(req.Cookies), []string{"a=1", "b=2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Cookies = %v, want %v", got, want)
	}
	if req.Query == nil || len(req.Query) != 0 {
		t.Errorf("Query = %v, want an empty map", req.Query)
	}
	if req.Body != nil {
		t.Errorf("Body = %q, want nil", req.Body)
	}
}

func TestLatticeAdapterDecodeInvalidBase64(t *testing.T) {
	e := &VPCLatticeRequest{RawPath: "/", Body: "!!", IsBase64Encoded: true}
	err := latticeAdapter{}.decode(e, &Request{})
	assertBadRequest(t, err, "request body is not valid base64")
}

func TestLatticeAdapterDecodeNilEvent(t *testing.T) {
	assertNotHTTPError(t, latticeAdapter{}.decode(nil, &Request{}), "VPC Lattice")
	assertNotHTTPError(t, latticeV2Adapter{}.decode(nil, &Request{}), "VPC Lattice v2")
}

func TestLatticeV2AdapterDecodeSamples(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		routePath   string
		someHeaders http.Header
		query       url.Values
	}{
		{
			name:      "string values",
			file:      "powertools/vpcLatticeV2Event.json",
			routePath: "/newpath",
			someHeaders: http.Header{
				"User_agent":      {"curl/7.64.1"},
				"X-Forwarded-For": {"10.213.229.10"},
			},
			query: url.Values{"order-id": {"1"}},
		},
		{
			name:      "list values",
			file:      "powertools/vpcLatticeV2EventWithHeaders.json",
			routePath: "/newpath",
			someHeaders: http.Header{
				"Powertools": {"a", "b"},
				"Header1":    {"value1"},
				"Header2":    {"value1", "value2"},
				"User-Agent": {"curl/8.3.0"},
			},
			query: url.Values{"parameter1": {"value1", "value2"}, "parameter2": {"value"}},
		},
		{
			name:      "trailing slash",
			file:      "powertools/vpcLatticeEventV2PathTrailingSlash.json",
			routePath: "/newpath/",
			// This sample spells the query key in the version 1 style
			// (query_string_parameters), which version 2 does not read.
			query: url.Values{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, req := decodeSample(t, latticeV2Adapter{}, tt.file)
			if req.Method != "GET" {
				t.Errorf("Method = %q, want GET", req.Method)
			}
			if req.routePath != tt.routePath || !req.pathEncoded {
				t.Errorf("routePath, pathEncoded = %q, %v, want %q, true", req.routePath, req.pathEncoded, tt.routePath)
			}
			for k, want := range tt.someHeaders {
				if got := req.Header[k]; !reflect.DeepEqual(got, want) {
					t.Errorf("Header[%q] = %q, want %q", k, got, want)
				}
			}
			if !reflect.DeepEqual(req.Query, tt.query) {
				t.Errorf("Query = %v, want %v", req.Query, tt.query)
			}
			if string(req.Body) != `{"message": "Hello from Lambda!"}` {
				t.Errorf("Body = %q, want the sample's JSON text", req.Body)
			}
			if req.Event != e {
				t.Errorf("Event = %v, want the decoded event pointer", req.Event)
			}
		})
	}
}

func TestLatticeV2RequestContext(t *testing.T) {
	e, _ := decodeSample(t, latticeV2Adapter{}, "powertools/vpcLatticeV2Event.json")
	rc := e.RequestContext
	checks := []struct{ field, got, want string }{
		{"version", e.Version, "2.0"},
		{"serviceArn", rc.ServiceARN, "arn:aws:vpc-lattice:us-east-2:123456789012:service/svc-0a40eebed65f8d69c"},
		{"targetGroupArn", rc.TargetGroupARN, "arn:aws:vpc-lattice:us-east-2:123456789012:targetgroup/tg-6d0ecf831eec9f09"},
		{"region", rc.Region, "us-east-2"},
		{"timeEpoch", rc.TimeEpoch, "1696331543569073"},
		{"identity.type", rc.Identity.Type, "AWS_IAM"},
		{"identity.sessionName", rc.Identity.SessionName, "057d00f8b51257ba3c853a0f248943cf"},
		{"identity.x509SanDns", rc.Identity.X509SANDNS, "example.com"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}

func TestLatticeV2ValuesUnmarshal(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    VPCLatticeV2Values
		wantErr string
	}{
		{
			name: "strings lists and null",
			json: `{"a":"1","b":["2","3"],"c":null,"d":[]}`,
			want: VPCLatticeV2Values{"a": {"1"}, "b": {"2", "3"}, "c": nil, "d": {}},
		},
		{
			name: "null map",
			json: `null`,
			want: nil,
		},
		{
			name:    "number value",
			json:    `{"a":1}`,
			wantErr: `value of "a": got a JSON number`,
		},
		{
			name:    "object value",
			json:    `{"a":{"b":"c"}}`,
			wantErr: `value of "a": got a JSON object`,
		},
		{
			name:    "list of numbers",
			json:    `{"a":[1]}`,
			wantErr: `value of "a"`,
		},
		{
			name:    "not an object",
			json:    `["a"]`,
			wantErr: "VPC Lattice v2 headers or query",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got VPCLatticeV2Values
			err := json.Unmarshal([]byte(tt.json), &got)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unmarshal: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("values = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestLatticeAdapterEncodeEnvelopes(t *testing.T) {
	tests := []struct {
		name string
		resp *Response
		want string
	}{
		{
			name: "JSON body",
			resp: JSON(200, map[string]string{"hello": "lattice"}),
			want: `{"statusCode":200,"body":"{\"hello\":\"lattice\"}","isBase64Encoded":false,
				"headers":{"Content-Type":"application/json"},"cookies":[]}`,
		},
		{
			name: "joined headers and cookies",
			resp: textResponse(200, "text/plain", "x", http.Header{"X-Multi": {"a", "b"}},
				secureCookie("a", "1"), secureCookie("b", "2")),
			want: `{"statusCode":200,"body":"x","isBase64Encoded":false,
				"headers":{"Content-Type":"text/plain","X-Multi":"a, b"},
				"cookies":["a=1; Secure","b=2; Secure"]}`,
		},
		{
			name: "binary body",
			resp: textResponse(200, "application/pdf", pdfBody, nil),
			want: `{"statusCode":200,"body":"` + pdfBase64 + `","isBase64Encoded":true,
				"headers":{"Content-Type":"application/pdf"},"cookies":[]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+" v1", func(t *testing.T) {
			_, req := decodeSample(t, latticeAdapter{}, "powertools/vpcLatticeEvent.json")
			r, out := encodeAndMarshal(t, latticeAdapter{}, req, tt.resp)
			if r.Cookies == nil {
				t.Error("Cookies = nil, want a list")
			}
			assertJSONEqual(t, out, tt.want)
		})
		t.Run(tt.name+" v2", func(t *testing.T) {
			_, req := decodeSample(t, latticeV2Adapter{}, "powertools/vpcLatticeV2Event.json")
			r, out := encodeAndMarshal(t, latticeV2Adapter{}, req, tt.resp)
			if r.Cookies == nil {
				t.Error("Cookies = nil, want a list")
			}
			assertJSONEqual(t, out, tt.want)
		})
	}
}

func TestLatticeAdapterMarshal(t *testing.T) {
	out, err := latticeAdapter{}.marshal(&VPCLatticeResponse{StatusCode: 204, StatusDescription: "204 No Content"})
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	assertJSONEqual(t, out, `{"statusCode":204,"statusDescription":"204 No Content","body":null,
		"isBase64Encoded":false,"headers":{},"cookies":[]}`)

	out, err = latticeV2Adapter{}.marshal(&VPCLatticeV2Response{StatusCode: 200, Body: "ok"})
	if err != nil {
		t.Fatalf("marshal v2: %v", err)
	}
	assertJSONEqual(t, out, `{"statusCode":200,"body":"ok","isBase64Encoded":false,"headers":{},"cookies":[]}`)
}

func TestLatticeAdapterMarshalNil(t *testing.T) {
	_, err := latticeAdapter{}.marshal(nil)
	assertNotHTTPError(t, err, "VPC Lattice")
	_, err = latticeV2Adapter{}.marshal(nil)
	assertNotHTTPError(t, err, "VPC Lattice v2")
}

func TestLatticeAdapterUnmarshalInvalidJSON(t *testing.T) {
	var e VPCLatticeRequest
	assertNotHTTPError(t, latticeAdapter{}.unmarshal([]byte(`{"method":[]}`), &e), "parse VPC Lattice event")
	var e2 VPCLatticeV2Request
	err := latticeV2Adapter{}.unmarshal([]byte(`{"headers":{"a":1}}`), &e2)
	assertNotHTTPError(t, err, "parse VPC Lattice v2 event")
}

func TestLatticeAdapterTraits(t *testing.T) {
	if tr := (latticeAdapter{}).traits(); tr.name != "VPC Lattice" || tr.trailingSlash {
		t.Errorf("v1 traits = %+v, want name %q without trailingSlash", tr, "VPC Lattice")
	}
	if tr := (latticeV2Adapter{}).traits(); tr.name != "VPC Lattice v2" || tr.trailingSlash {
		t.Errorf("v2 traits = %+v, want name %q without trailingSlash", tr, "VPC Lattice v2")
	}
}
