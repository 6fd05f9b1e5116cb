package router

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Sample events and bug-report cases shared by the whole project, relative
// to this package's directory.
const (
	sampleEventsDir = "../../shared/events"
	caseEventsDir   = "../../shared/cases"
)

// pdfBody is a small PDF body and pdfBase64 its standard base64 encoding.
const (
	pdfBody   = "%PDF-1.4\n%sample\n"
	pdfBase64 = "JVBERi0xLjQKJXNhbXBsZQo="
)

// readTestFile returns the contents of a file under dir, failing the test
// when it cannot be read.
func readTestFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	payload, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("read test event: %v", err)
	}
	return payload
}

// decodePayload parses payload with a's unmarshal and decodes it into a new
// Request, failing the test on either error.
func decodePayload[E, R any](t *testing.T, a eventAdapter[E, R], payload []byte) (*E, *Request) {
	t.Helper()
	e := new(E)
	if err := a.unmarshal(payload, e); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	req := &Request{}
	if err := a.decode(e, req); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return e, req
}

// decodeSample decodes a file from the shared sample events.
func decodeSample[E, R any](t *testing.T, a eventAdapter[E, R], name string) (*E, *Request) {
	t.Helper()
	return decodePayload(t, a, readTestFile(t, sampleEventsDir, name))
}

// decodeCase decodes the event of a shared bug-report case, such as "B05".
func decodeCase[E, R any](t *testing.T, a eventAdapter[E, R], id string) (*E, *Request) {
	t.Helper()
	return decodePayload(t, a, readTestFile(t, caseEventsDir, id+".json"))
}

// encodeAndMarshal runs resp through a's encode and marshal.
func encodeAndMarshal[E, R any](t *testing.T, a eventAdapter[E, R], req *Request, resp *Response) (R, []byte) {
	t.Helper()
	r := a.encode(req, resp)
	out, err := a.marshal(&r)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return r, out
}

// assertJSONEqual compares two JSON texts as values, so that key order and
// spacing do not matter.
func assertJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("expected value is not JSON: %v\n%s", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs\ngot:  %s\nwant: %s", got, want)
	}
}

// assertBadRequest checks that err is a 400 *HTTPError whose message
// contains want.
func assertBadRequest(t *testing.T, err error, want string) {
	t.Helper()
	var he *HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("error = %v (%T), want *HTTPError", err, err)
	}
	if he.Status != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", he.Status)
	}
	if !strings.Contains(he.Message, want) {
		t.Errorf("message = %q, want it to contain %q", he.Message, want)
	}
}

// assertNotHTTPError checks that err is set and is not an *HTTPError, as
// errors caused by the caller rather than the client must be.
func assertNotHTTPError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("error = nil, want an error")
	}
	var he *HTTPError
	if errors.As(err, &he) {
		t.Errorf("error = %v, want an error that is not an *HTTPError", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error = %q, want it to contain %q", err, want)
	}
}

// cookieStrings renders request cookies as "name=value" for comparison.
func cookieStrings(cookies []*http.Cookie) []string {
	out := make([]string, 0, len(cookies))
	for _, c := range cookies {
		out = append(out, c.Name+"="+c.Value)
	}
	return out
}

// textResponse builds a response with a content type, a body, header
// values and cookies, like the handlers of the envelope conformance cases.
func textResponse(status int, contentType, body string, header http.Header, cookies ...*http.Cookie) *Response {
	h := http.Header{}
	for k, vs := range header {
		h[k] = vs
	}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &Response{StatusCode: status, Header: h, Body: []byte(body), Cookies: cookies}
}

// secureCookie is a cookie with Powertools' default attributes (Secure).
func secureCookie(name, value string) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Secure: true}
}
