package openapi

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"
)

// decodeWithStandardLibrary is the reference decodeJSON must agree with:
// encoding/json's Decoder with UseNumber and nothing after the value.
func decodeWithStandardLibrary(b []byte) (any, bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

var jsonSamples = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `-1.5e+10`, `1E3`, `12345678901234567890`,
	`"plain"`, `"esc\"aped\\\/\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`,
	`"\ud83d\u0041"`, "\"caf\xe9\"", "\"\xff\xfe\"", `{"a":[1,{"b":null}],"c":"d"}`, ` { "a" : 1 } `,
	`{"a":1,"a":2}`, `[1,2,]`, `{"a":1,}`, `{"a" 1}`, `[01]`, `[1.]`, `[.5]`, `[1e]`, `[-]`, `+1`,
	`"tab	in string"`, `"unterminated`, `{"a":tru}`, `nul`, `{} {}`, `[1] x`, ``, `   `, `"\x"`, `"\u12"`,
	`{"é":1}`, `[[[[[]]]]]`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
}

func TestDecodeJSONMatchesStandardLibrary(t *testing.T) {
	for _, sample := range jsonSamples {
		checkDecodeJSON(t, []byte(sample))
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, sample := range jsonSamples {
		f.Add([]byte(sample))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkDecodeJSON(t, b) })
}

func checkDecodeJSON(t *testing.T, b []byte) {
	t.Helper()
	want, wantOK := decodeWithStandardLibrary(b)
	got, _, gotOK := decodeJSON(b, map[string]string{"a": "a"})
	short := string(b)
	if len(short) > 60 {
		short = short[:60] + "..."
	}
	if gotOK != wantOK {
		t.Fatalf("decodeJSON(%q) ok = %v, encoding/json ok = %v", short, gotOK, wantOK)
	}
	if gotOK && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeJSON(%q) = %#v, encoding/json = %#v", short, got, want)
	}
}

func TestSyntaxOffset(t *testing.T) {
	// The offsets are the char positions in Python's json.JSONDecodeError
	// for the same text, which Powertools reports as the loc.
	tests := []struct {
		body string
		want int
	}{
		{`{`, 1},
		{`{"a":`, 5},
		{`[1,]`, 3},
		{`{"a" 1}`, 5},
		{`{} x`, 3},
		{`{"title": 5`, 11},
		{`{"é":x}`, 5},
		{`"abc`, 4},
		{`{"a":}`, 5},
	}
	for _, tt := range tests {
		_, got, ok := decodeJSON([]byte(tt.body), nil)
		if ok {
			t.Errorf("decodeJSON(%q) accepted invalid JSON", tt.body)
			continue
		}
		if got != tt.want {
			t.Errorf("offset of %q = %d, want %d", tt.body, got, tt.want)
		}
	}
}

func TestIsNullBody(t *testing.T) {
	for body, want := range map[string]bool{"": true, " \n": true, "null": true, " null\r\n": true, "nul": false, "{}": false, `"null"`: false} {
		if got := isNullBody([]byte(body)); got != want {
			t.Errorf("isNullBody(%q) = %v, want %v", body, got, want)
		}
	}
}

func BenchmarkDecodeJSON(b *testing.B) {
	body := []byte(`{"title":"write the benchmark","done":false,"tags":["a","b"],"n":12}`)
	keys := map[string]string{"title": "title", "done": "done", "tags": "tags", "n": "n"}
	b.Run("decodeJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			decodeJSON(body, keys)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			decodeWithStandardLibrary(body)
		}
	})
}
