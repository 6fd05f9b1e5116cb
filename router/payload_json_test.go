package router

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

// payloadSamples returns one value of each payload type built from the
// given strings, covering nil and empty maps and lists.
func payloadSamples(s1, s2 string, n int) []any {
	body := s1
	headers := map[string]string{s1: s2, "Content-Type": "application/json", s2: s1}
	multi := map[string][]string{s1: {s2, s1}, "Vary": {"Origin"}, s2: {}, "Nil": nil}
	return []any{
		singleValuePayload{StatusCode: n, StatusDescription: s2, Body: &body, Headers: headers, Cookies: []string{s1, s2}},
		singleValuePayload{StatusCode: 204, Headers: map[string]string{}, Cookies: []string{}},
		singleValuePayload{},
		multiValuePayload{StatusCode: n, Body: &body, IsBase64Encoded: true, MultiValueHeaders: multi},
		multiValuePayload{},
		albSingleValuePayload{StatusCode: n, StatusDescription: s2, Body: s1, Headers: headers},
		albSingleValuePayload{},
		albMultiValuePayload{StatusCode: n, StatusDescription: s1, Body: s2, MultiValueHeaders: multi},
		albMultiValuePayload{},
	}
}

func checkPayloadWriters(t *testing.T, s1, s2 string, n int) {
	t.Helper()
	for _, p := range payloadSamples(s1, s2, n) {
		want, err := marshalJSON(p)
		if err != nil {
			t.Fatalf("marshalJSON(%T): %v", p, err)
		}
		got, err := marshalPayload(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("marshalPayload(%T) = %s, %v\nwant %s", p, got, err, want)
		}
	}
}

func TestPayloadWritersMatch(t *testing.T) {
	strs := []string{"", "plain", `q"uote\back`, "ctl\x00\x01\x1f\b\f\n\r\t\x7f", "<html>&amp;",
		"caf\xc3\xa9", "bad\xff\xfe", "sep\u2028\u2029", "emoji\U0001F600", "\xed\xa0\x80"}
	for _, a := range strs {
		for _, b := range strs {
			checkPayloadWriters(t, a, b, -1)
		}
	}
	// More keys than the writers' stack array holds.
	many := map[string]string{}
	for i := range 40 {
		many[fmt.Sprintf("K%02d", 40-i)] = fmt.Sprint(i)
	}
	p := singleValuePayload{Headers: many}
	want, _ := marshalJSON(p)
	if got, _ := marshalPayload(p); !bytes.Equal(got, want) {
		t.Errorf("40 headers: got %s\nwant %s", got, want)
	}
}

func FuzzPayloadWriters(f *testing.F) {
	f.Add("a", "b", 200)
	f.Add("\xff", "\u2028", -5)
	f.Fuzz(func(t *testing.T, s1, s2 string, n int) {
		checkPayloadWriters(t, s1, s2, n)
	})
}

// TestPayloadShapes pins the fields of the payload types, because the
// writers in payload_json.go write exactly these. A change here must come
// with the same change to the writer of that type.
func TestPayloadShapes(t *testing.T) {
	shapes := map[reflect.Type]string{
		reflect.TypeFor[singleValuePayload](): `StatusCode int json:"statusCode"; StatusDescription string json:"statusDescription,omitempty"; ` +
			`Body *string json:"body"; IsBase64Encoded bool json:"isBase64Encoded"; Headers map[string]string json:"headers"; ` +
			`Cookies []string json:"cookies"; `,
		reflect.TypeFor[multiValuePayload](): `StatusCode int json:"statusCode"; Body *string json:"body"; IsBase64Encoded bool json:"isBase64Encoded"; ` +
			`MultiValueHeaders map[string][]string json:"multiValueHeaders"; `,
		reflect.TypeFor[albSingleValuePayload](): `StatusCode int json:"statusCode"; StatusDescription string json:"statusDescription"; ` +
			`Body string json:"body"; IsBase64Encoded bool json:"isBase64Encoded"; Headers map[string]string json:"headers"; `,
		reflect.TypeFor[albMultiValuePayload](): `StatusCode int json:"statusCode"; StatusDescription string json:"statusDescription"; ` +
			`Body string json:"body"; IsBase64Encoded bool json:"isBase64Encoded"; ` +
			`MultiValueHeaders map[string][]string json:"multiValueHeaders"; `,
	}
	for typ, want := range shapes {
		got := ""
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			got += fmt.Sprintf("%s %s %s; ", f.Name, f.Type, f.Tag)
		}
		if got != want {
			t.Errorf("%v changed; update its writer in payload_json.go, then this test:\ngot  %s\nwant %s", typ, got, want)
		}
	}
}
