package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSON parses a JSON text into the values the schema validator takes:
// map[string]any, []any, string, bool, nil and json.Number, which keeps
// integers exact. On invalid JSON it returns ok false and the offset of
// the error in characters, the position Python's json module reports and
// Powertools puts in the 422 loc.
//
// The parser is written out here, rather than using encoding/json's
// Decoder with UseNumber, because it runs on every validated request and
// response. It produces the same values as that Decoder, which
// FuzzDecodeJSON checks, with half the allocations.
//
// keys, which may be nil, holds the property names the schema knows, so
// that object keys among them are shared rather than allocated per
// request.
func decodeJSON(b []byte, keys map[string]string) (v any, offset int, ok bool) {
	p := jsonParser{data: b, keys: keys}
	p.skipSpace()
	v, ok = p.value(0)
	if ok {
		p.skipSpace()
		ok = p.pos == len(b)
	}
	if !ok {
		return nil, syntaxOffset(b), false
	}
	return v, 0, true
}

// maxJSONDepth bounds the nesting the parser follows, as encoding/json
// does (10,000 levels), so that a hostile body cannot exhaust the stack.
const maxJSONDepth = 10000

// jsonParser is a recursive-descent parser over data. Every method
// returns ok false at the first syntax error without saying where, since
// syntaxOffset locates errors on the slow path.
type jsonParser struct {
	data []byte
	pos  int
	keys map[string]string
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at the current position. depth is the nesting
// level of the containers around it.
func (p *jsonParser) value(depth int) (any, bool) {
	if p.pos >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.string()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, false
}

func (p *jsonParser) literal(word string) bool {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		return false
	}
	p.pos += len(word)
	return true
}

func (p *jsonParser) object(depth int) (any, bool) {
	obj := map[string]any{}
	empty, ok := p.open('}', depth)
	if !ok || empty {
		return obj, ok
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, false
		}
		key, ok := p.key()
		if !ok {
			return nil, false
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, false
		}
		p.pos++
		p.skipSpace()
		val, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		obj[key] = val
		if end, ok := p.next('}'); !ok || end {
			return obj, ok
		}
	}
}

func (p *jsonParser) array(depth int) (any, bool) {
	arr := []any{}
	empty, ok := p.open(']', depth)
	if !ok || empty {
		return arr, ok
	}
	for {
		p.skipSpace()
		val, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		arr = append(arr, val)
		if end, ok := p.next(']'); !ok || end {
			return arr, ok
		}
	}
}

// open consumes the opening bracket of an object or array at nesting
// level depth, and the closing one too when the container is empty.
func (p *jsonParser) open(closing byte, depth int) (empty, ok bool) {
	if depth > maxJSONDepth {
		return false, false
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == closing {
		p.pos++
		return true, true
	}
	return false, true
}

// next consumes the comma or the closing bracket after a member or
// element and reports whether the container ended.
func (p *jsonParser) next(closing byte) (end, ok bool) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return false, false
	}
	switch p.data[p.pos] {
	case ',':
		p.pos++
		return false, true
	case closing:
		p.pos++
		return true, true
	}
	return false, false
}

// number scans a number with the JSON grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and keeps its text.
func (p *jsonParser) number() (any, bool) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case p.digits() == 0:
		return nil, false
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return nil, false
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return nil, false
		}
	}
	return json.Number(p.data[start:p.pos]), true
}

func (p *jsonParser) digits() int {
	start := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}

// key scans an object key, taking the shared copy from p.keys when the
// key is a known property name written without escapes.
func (p *jsonParser) key() (string, bool) {
	start := p.pos + 1
	for i := start; i < len(p.data); i++ {
		c := p.data[i]
		if c == '"' {
			if k, ok := p.keys[string(p.data[start:i])]; ok {
				p.pos = i + 1
				return k, true
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	v, ok := p.string()
	if !ok {
		return "", false
	}
	return v.(string), true
}

// string scans a string. Strings without escapes are copied as they are.
// Escapes are decoded as encoding/json decodes them: a lone surrogate, or
// a byte of invalid UTF-8, becomes U+FFFD.
func (p *jsonParser) string() (any, bool) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			s := p.data[start:p.pos]
			p.pos++
			if !utf8.Valid(s) {
				return string(appendValidUTF8(nil, s)), true
			}
			return string(s), true
		case c == '\\':
			return p.escapedString(start)
		case c < 0x20:
			return nil, false
		}
		p.pos++
	}
	return nil, false
}

// escapedString finishes a string that contains a backslash. The plain
// prefix runs from start to the current position.
func (p *jsonParser) escapedString(start int) (any, bool) {
	buf := make([]byte, 0, p.pos-start+16)
	buf = append(buf, p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !utf8.Valid(buf) {
				buf = appendValidUTF8(nil, buf)
			}
			return string(buf), true
		case c < 0x20:
			return nil, false
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		if p.pos+1 >= len(p.data) {
			return nil, false
		}
		esc := p.data[p.pos+1]
		p.pos += 2
		switch esc {
		case '"', '\\', '/':
			buf = append(buf, esc)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return nil, false
			}
			if utf16.IsSurrogate(r) {
				r = p.lowSurrogate(r)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return nil, false
		}
	}
	return nil, false
}

// appendValidUTF8 appends s to dst with every byte that is not part of a
// valid UTF-8 sequence replaced by U+FFFD, one replacement per byte, as
// encoding/json does.
func appendValidUTF8(dst, s []byte) []byte {
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, s[:size]...)
		}
		s = s[size:]
	}
	return dst
}

// hex4 reads the four hex digits of a \u escape.
func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.data[p.pos:p.pos+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(n), true
}

// lowSurrogate completes a surrogate pair when a \u escape of the low half
// follows high, and returns U+FFFD for a lone surrogate, leaving what
// follows unread.
func (p *jsonParser) lowSurrogate(high rune) rune {
	if p.pos+6 <= len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
		save := p.pos
		p.pos += 2
		if low, ok := p.hex4(); ok {
			if r := utf16.DecodeRune(high, low); r != utf8.RuneError {
				return r
			}
		}
		p.pos = save
	}
	return utf8.RuneError
}

// syntaxOffset returns the character offset of the first syntax error in
// b. encoding/json reports the byte offset just past the offending byte,
// or the length of the input when it ends early, whereas Python reports
// the index of the offending character, or the length when it ends early.
func syntaxOffset(b []byte) int {
	var v any
	err := json.Unmarshal(b, &v)
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		return utf8.RuneCount(b)
	}
	off := min(int(syntax.Offset), len(b))
	if !isUnexpectedEnd(syntax) {
		off--
	}
	return utf8.RuneCount(b[:max(off, 0)])
}

// isUnexpectedEnd reports whether the input ended inside a value, the one
// syntax error whose offset encoding/json does not place past a byte.
func isUnexpectedEnd(err *json.SyntaxError) bool {
	return err.Error() == "unexpected end of JSON input"
}

// isBlank reports whether b holds only JSON whitespace.
func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// isNullBody reports whether a body is empty, whitespace or the literal
// null, which the binder treats alike: no body.
func isNullBody(b []byte) bool {
	return isBlank(b) || string(bytes.TrimSpace(b)) == "null"
}
