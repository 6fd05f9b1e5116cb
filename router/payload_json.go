package router

// This file writes the response payloads of Invoke by hand. encoding/json
// reaches every field through reflection and sorts map keys through
// reflect.Value slices, which costs about as much as routing a request.
// These writers produce the same bytes directly. TestPayloadWritersMatch
// and FuzzPayloadWriters compare them with marshalJSON, and
// TestPayloadShapes fails when a payload struct gains a field that the
// writers do not know.

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// marshalPayload encodes a response payload as marshalJSON does: with the
// hand-written writer for the four payload types, and with marshalJSON for
// any other value.
func marshalPayload(v any) ([]byte, error) {
	switch p := v.(type) {
	case singleValuePayload:
		return appendSingleValuePayload(payloadBuffer(p.Body), &p), nil
	case multiValuePayload:
		return appendMultiValuePayload(payloadBuffer(p.Body), &p), nil
	case albSingleValuePayload:
		return appendALBSingleValuePayload(make([]byte, 0, len(p.Body)+256), &p), nil
	case albMultiValuePayload:
		return appendALBMultiValuePayload(make([]byte, 0, len(p.Body)+256), &p), nil
	}
	return marshalJSON(v)
}

// payloadBuffer returns a buffer large enough for most payloads with this
// body, so that appending rarely grows it.
func payloadBuffer(body *string) []byte {
	n := 256
	if body != nil {
		n += len(*body) + len(*body)/8
	}
	return make([]byte, 0, n)
}

func appendSingleValuePayload(b []byte, p *singleValuePayload) []byte {
	b = append(b, `{"statusCode":`...)
	b = strconv.AppendInt(b, int64(p.StatusCode), 10)
	if p.StatusDescription != "" {
		b = append(b, `,"statusDescription":`...)
		b = appendJSONString(b, p.StatusDescription)
	}
	b = append(b, `,"body":`...)
	b = appendStringPointer(b, p.Body)
	b = append(b, `,"isBase64Encoded":`...)
	b = strconv.AppendBool(b, p.IsBase64Encoded)
	b = append(b, `,"headers":`...)
	b = appendStringMap(b, p.Headers)
	b = append(b, `,"cookies":`...)
	b = appendStrings(b, p.Cookies)
	return append(b, '}')
}

func appendMultiValuePayload(b []byte, p *multiValuePayload) []byte {
	b = append(b, `{"statusCode":`...)
	b = strconv.AppendInt(b, int64(p.StatusCode), 10)
	b = append(b, `,"body":`...)
	b = appendStringPointer(b, p.Body)
	b = append(b, `,"isBase64Encoded":`...)
	b = strconv.AppendBool(b, p.IsBase64Encoded)
	b = append(b, `,"multiValueHeaders":`...)
	b = appendStringsMap(b, p.MultiValueHeaders)
	return append(b, '}')
}

func appendALBSingleValuePayload(b []byte, p *albSingleValuePayload) []byte {
	b = appendALBHead(b, p.StatusCode, p.StatusDescription, p.Body, p.IsBase64Encoded)
	b = append(b, `,"headers":`...)
	b = appendStringMap(b, p.Headers)
	return append(b, '}')
}

func appendALBMultiValuePayload(b []byte, p *albMultiValuePayload) []byte {
	b = appendALBHead(b, p.StatusCode, p.StatusDescription, p.Body, p.IsBase64Encoded)
	b = append(b, `,"multiValueHeaders":`...)
	b = appendStringsMap(b, p.MultiValueHeaders)
	return append(b, '}')
}

// appendALBHead writes the fields that both ALB payloads start with.
func appendALBHead(b []byte, status int, description, body string, base64Encoded bool) []byte {
	b = append(b, `{"statusCode":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"statusDescription":`...)
	b = appendJSONString(b, description)
	b = append(b, `,"body":`...)
	b = appendJSONString(b, body)
	b = append(b, `,"isBase64Encoded":`...)
	return strconv.AppendBool(b, base64Encoded)
}

func appendStringPointer(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

// appendStrings writes a list as encoding/json does: null for a nil slice
// and [] for an empty one.
func appendStrings(b []byte, vs []string) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, v)
	}
	return append(b, ']')
}

// appendSortedKeys appends the keys of m to keys in the order
// encoding/json writes them. Callers pass a stack array, so maps of up to
// 16 keys need no allocation.
func appendSortedKeys[V any](keys []string, m map[string]V) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func appendStringMap(b []byte, m map[string]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	var buf [16]string
	b = append(b, '{')
	for i, k := range appendSortedKeys(buf[:0], m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

func appendStringsMap(b []byte, m map[string][]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	var buf [16]string
	b = append(b, '{')
	for i, k := range appendSortedKeys(buf[:0], m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendStrings(b, m[k])
	}
	return append(b, '}')
}

const lowerHex = "0123456789abcdef"

// appendJSONString writes s as encoding/json writes a string with HTML
// escaping off: quotes, backslashes and control characters escaped, each
// invalid UTF-8 byte as \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', lowerHex[c>>4], lowerHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', lowerHex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
