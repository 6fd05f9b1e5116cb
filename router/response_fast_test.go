package router

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// referenceMarshal is the encoding that marshalJSON had before it used a
// pooled encoder.
func referenceMarshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func FuzzMessageJSON(f *testing.F) {
	for _, s := range []string{"", "Not found", `quote " and \ backslash`, "tab\there", "<b>&amp;</b>",
		"caf\xc3\xa9", "bad \xff byte", "line\u2028sep", "\x00", "\x7f"} {
		f.Add(404, s)
	}
	f.Fuzz(func(t *testing.T, status int, message string) {
		want, err := referenceMarshal(messageBody{StatusCode: status, Message: message})
		if err != nil {
			t.Fatalf("reference encoding: %v", err)
		}
		if got := messageJSON(status, message); got != nil && !bytes.Equal(got, want) {
			t.Errorf("messageJSON(%d, %q) = %s, want %s", status, message, got, want)
		}
		got, err := marshalJSON(messageBody{StatusCode: status, Message: message})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("marshalJSON = %s, %v, want %s", got, err, want)
		}
	})
}

func TestMarshalPooledMatchesEncoder(t *testing.T) {
	big := bytes.Repeat([]byte("x"), maxPooledJSONBuffer+1)
	values := []any{nil, 1.5, "a<b>&c", map[string]any{"z": 1, "a": []int{1, 2}}, string(big), struct {
		A string `json:"a,omitempty"`
	}{}}
	for _, v := range values {
		want, _ := referenceMarshal(v)
		got, err := marshalJSON(v)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("marshalJSON(%T) = %.40s, %v, want %.40s", v, got, err, want)
		}
	}
	if _, err := marshalJSON(func() {}); err == nil {
		t.Error("marshalJSON(func) returned no error")
	}
	// A failed encoding must leave the pooled encoder usable.
	if got, _ := marshalJSON("after"); string(got) != `"after"` {
		t.Errorf(`marshalJSON("after") after a failure = %s, want "after"`, got)
	}
}

func TestNewJSONResponseHeader(t *testing.T) {
	r := newJSONResponse(201, []byte(`{}`))
	if !reflect.DeepEqual(r.Header, jsonHeader()) {
		t.Errorf("header %v, want %v", r.Header, jsonHeader())
	}
	r.Header.Add("Content-Type", "text/plain")
	other := newJSONResponse(200, nil)
	if got := other.Header.Values("Content-Type"); !reflect.DeepEqual(got, []string{"application/json"}) {
		t.Errorf("a second response's Content-Type is %v after the first one's was appended to", got)
	}
	if r.StatusCode != 201 || string(r.Body) != `{}` {
		t.Errorf("status %d body %s, want 201 {}", r.StatusCode, r.Body)
	}
}
