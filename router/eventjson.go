package router

// This file implements the JSON decoder that Invoke uses for event
// payloads. encoding/json spends most of an invocation's time here: it
// allocates every string, map and slice separately and walks reflection
// metadata for each field. This decoder walks a plan of the event struct
// that is built once per type, cuts every string without escapes out of one
// copy of the payload, and writes fields through their offsets.
//
// It decodes exactly what encoding/json decodes, or it gives up. decode
// reports false for anything it does not handle in the same way. The caller
// then decodes the payload again with encoding/json, which gives the same
// result or the same error as before. It gives up on invalid JSON,
// invalid UTF-8, lone UTF-16 surrogates, keys that match a field only when
// case is ignored, numbers that are not plain integers, a repeated key of a
// slice field, and nesting deeper than maxEventDepth. Fields of types it
// does not plan for, such as map[string]any, are passed to encoding/json
// one by one, with the bytes of their value.
// FuzzEventJSON checks that both decoders agree.

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/aws/aws-lambda-go/events"
)

// The plans of the event types whose adapters decode with unmarshalEvent.
var (
	restEventPlan = newEventPlan[events.APIGatewayProxyRequest]()
	httpEventPlan = newEventPlan[events.APIGatewayV2HTTPRequest]()
	albEventPlan  = newEventPlan[events.ALBTargetGroupRequest]()
)

// unmarshalEvent decodes payload into *e with plan, or with encoding/json
// when the plan gives up, so that it returns what json.Unmarshal into a
// zero E returns.
func unmarshalEvent[E any](plan *eventPlan[E], payload []byte, e *E) error {
	var zero E
	*e = zero
	if plan.decode(payload, e) {
		return nil
	}
	*e = zero
	return json.Unmarshal(payload, e)
}

// maxEventDepth bounds the nesting the decoder follows. Deeper payloads go
// to encoding/json, whose own limit is 10,000 (Go 1.26).
const maxEventDepth = 100

// fieldKind is the way a field is decoded.
type fieldKind uint8

const (
	kindString     fieldKind = iota // string
	kindBool                        // bool
	kindInt64                       // int64, or int where it has 64 bits
	kindStringMap                   // map[string]string
	kindStringsMap                  // map[string][]string
	kindStrings                     // []string
	kindStruct                      // a struct with a plan of its own
	kindStructPtr                   // a pointer to such a struct
	kindOther                       // anything else: encoding/json decodes the value's bytes
)

// jsonField is the plan of one struct field.
type jsonField struct {
	name   string // the key that encoding/json matches exactly
	offset uintptr
	kind   fieldKind
	typ    reflect.Type // the field's type; for kindStructPtr, the struct's
	sub    *jsonStruct  // for kindStruct and kindStructPtr
}

// jsonStruct is the plan of one struct type.
type jsonStruct struct {
	fields []jsonField
}

// eventPlan is the decoding plan of an event type E. A nil root means that
// E has a shape the plan cannot express, and every payload goes to
// encoding/json.
type eventPlan[E any] struct {
	root *jsonStruct
}

func newEventPlan[E any]() *eventPlan[E] {
	root, _ := planStruct(reflect.TypeFor[E](), 0)
	return &eventPlan[E]{root: root}
}

var (
	stringType          = reflect.TypeFor[string]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// planStruct returns the plan of struct type t, or false when t has an
// embedded field, a duplicate or unusual key, or a ",string" option: those
// change which keys the struct takes in ways the plan does not model.
func planStruct(t reflect.Type, depth int) (*jsonStruct, bool) {
	if t.Kind() != reflect.Struct || depth > maxEventDepth || hasUnmarshaler(t) {
		return nil, false
	}
	s := &jsonStruct{}
	seen := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			return nil, false
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(opts, "string") {
			return nil, false
		}
		if name == "" {
			name = sf.Name
		}
		if !isPlainKey(name) || seen[name] {
			return nil, false
		}
		seen[name] = true
		s.fields = append(s.fields, planField(name, sf, depth))
	}
	return s, true
}

// planField picks how to decode one field. kindOther is always correct,
// and the other kinds are faster.
func planField(name string, sf reflect.StructField, depth int) jsonField {
	f := jsonField{name: name, offset: sf.Offset, kind: kindOther, typ: sf.Type}
	t := sf.Type
	if hasUnmarshaler(t) {
		return f
	}
	switch t.Kind() {
	case reflect.String:
		f.kind = kindString
	case reflect.Bool:
		f.kind = kindBool
	case reflect.Int64, reflect.Int:
		if t.Size() == 8 {
			f.kind = kindInt64
		}
	case reflect.Map:
		if t.Key() == stringType && t.Elem() == stringType {
			f.kind = kindStringMap
		} else if t.Key() == stringType && isPlainStrings(t.Elem()) {
			f.kind = kindStringsMap
		}
	case reflect.Slice:
		if isPlainStrings(t) {
			f.kind = kindStrings
		}
	case reflect.Struct:
		if sub, ok := planStruct(t, depth+1); ok {
			f.kind, f.sub = kindStruct, sub
		}
	case reflect.Pointer:
		if sub, ok := planStruct(t.Elem(), depth+1); ok {
			f.kind, f.sub, f.typ = kindStructPtr, sub, t.Elem()
		}
	}
	return f
}

// hasUnmarshaler reports whether encoding/json decodes t through a method
// of its own.
func hasUnmarshaler(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(jsonUnmarshalerType) || pt.Implements(jsonUnmarshalerType) ||
		t.Implements(textUnmarshalerType) || pt.Implements(textUnmarshalerType)
}

// isPlainStrings reports whether t is exactly []string.
func isPlainStrings(t reflect.Type) bool {
	return t == reflect.TypeFor[[]string]()
}

// isPlainKey reports whether a JSON key is made of letters, digits, "_"
// and "-" only, as every event field's key is. encoding/json treats some
// other characters in tags specially.
func isPlainKey(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return name != ""
}

// field returns the plan of the field whose key is exactly key, or nil.
func (s *jsonStruct) field(key string) *jsonField {
	for i := range s.fields {
		if s.fields[i].name == key {
			return &s.fields[i]
		}
	}
	return nil
}

// folds reports whether key matches a field when case is ignored, which
// encoding/json accepts and this decoder leaves to it.
func (s *jsonStruct) folds(key string) bool {
	for i := range s.fields {
		if strings.EqualFold(s.fields[i].name, key) {
			return true
		}
	}
	return false
}

// decode decodes payload into *e, which must be the zero value, and
// reports whether it did so exactly as encoding/json would. On false, *e
// holds partial results and the caller must reset it before it decodes
// again.
func (p *eventPlan[E]) decode(payload []byte, e *E) bool {
	if p.root == nil {
		return false
	}
	d := jsonDecoder{buf: payload, data: string(payload)}
	d.skipSpace()
	if d.peek() != '{' || !d.decodeStruct(p.root, unsafe.Pointer(e), 0) {
		return false
	}
	d.skipSpace()
	return d.pos == len(d.data)
}

// jsonDecoder reads one payload. data is a copy of buf made once, and
// strings without escapes are cut out of it instead of being allocated one
// by one. buf gives kindOther fields their bytes.
type jsonDecoder struct {
	buf  []byte
	data string
	pos  int
}

// peek returns the byte at the read position, or 0 at the end.
func (d *jsonDecoder) peek() byte {
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func (d *jsonDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// literal consumes word ("null", "true" or "false") at the read position.
func (d *jsonDecoder) literal(word string) bool {
	if !strings.HasPrefix(d.data[d.pos:], word) {
		return false
	}
	d.pos += len(word)
	return true
}

// decodeStruct decodes the object at the read position into the struct at
// base.
func (d *jsonDecoder) decodeStruct(s *jsonStruct, base unsafe.Pointer, depth int) bool {
	if depth > maxEventDepth {
		return false
	}
	return d.object(func(key string) bool {
		f := s.field(key)
		if f == nil {
			return !s.folds(key) && d.skipValue(depth+1)
		}
		return d.decodeField(f, unsafe.Add(base, f.offset), depth+1)
	})
}

// object reads the object at the read position and calls member for each
// key, with the read position at the key's value. member must consume the
// value.
func (d *jsonDecoder) object(member func(key string) bool) bool {
	if d.peek() != '{' {
		return false
	}
	d.pos++
	d.skipSpace()
	if d.peek() == '}' {
		d.pos++
		return true
	}
	for {
		if d.peek() != '"' {
			return false
		}
		key, ok := d.readString()
		if !ok {
			return false
		}
		d.skipSpace()
		if d.peek() != ':' {
			return false
		}
		d.pos++
		d.skipSpace()
		if !member(key) {
			return false
		}
		d.skipSpace()
		switch d.peek() {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// decodeField decodes the value at the read position into the field at p.
// The unsafe writes are sound because the plan chose f.kind from the
// field's reflect.Type, so p points to a value of exactly that Go type.
func (d *jsonDecoder) decodeField(f *jsonField, p unsafe.Pointer, depth int) bool {
	if f.kind == kindOther {
		return d.decodeOther(f.typ, p, depth)
	}
	if d.peek() == 'n' {
		if !d.literal("null") {
			return false
		}
		// null clears maps, slices and pointers, and leaves every other
		// kind as it was, as in encoding/json.
		switch f.kind {
		case kindStringMap:
			*(*map[string]string)(p) = nil
		case kindStringsMap:
			*(*map[string][]string)(p) = nil
		case kindStrings:
			*(*[]string)(p) = nil
		case kindStructPtr:
			*(*unsafe.Pointer)(p) = nil
		}
		return true
	}
	switch f.kind {
	case kindString:
		if d.peek() != '"' {
			return false
		}
		s, ok := d.readString()
		*(*string)(p) = s
		return ok
	case kindBool:
		switch {
		case d.literal("true"):
			*(*bool)(p) = true
		case d.literal("false"):
			*(*bool)(p) = false
		default:
			return false
		}
		return true
	case kindInt64:
		lit, ok := d.scanNumber()
		if !ok {
			return false
		}
		n, err := strconv.ParseInt(lit, 10, 64)
		*(*int64)(p) = n
		return err == nil
	case kindStringMap:
		return d.decodeStringMap((*map[string]string)(p))
	case kindStringsMap:
		return d.decodeStringsMap((*map[string][]string)(p))
	case kindStrings:
		// A repeated key decodes into the slice it left behind, where
		// encoding/json keeps old elements for nulls, so that case is left
		// to it.
		if *(*[]string)(p) != nil {
			return false
		}
		vs, ok := d.readStrings()
		*(*[]string)(p) = vs
		return ok
	case kindStruct:
		return d.peek() == '{' && d.decodeStruct(f.sub, p, depth)
	case kindStructPtr:
		if d.peek() != '{' {
			return false
		}
		ptr := *(*unsafe.Pointer)(p)
		if ptr == nil {
			ptr = reflect.New(f.typ).UnsafePointer()
			*(*unsafe.Pointer)(p) = ptr
		}
		return d.decodeStruct(f.sub, ptr, depth)
	}
	return false
}

// decodeOther skips the value at the read position and has encoding/json
// decode its bytes into the field at p of type t, which is what
// encoding/json would have done with the value inside the whole payload.
func (d *jsonDecoder) decodeOther(t reflect.Type, p unsafe.Pointer, depth int) bool {
	start := d.pos
	if !d.skipValue(depth) {
		return false
	}
	return json.Unmarshal(d.buf[start:d.pos], reflect.NewAt(t, p).Interface()) == nil
}

// decodeStringMap decodes an object into *m, adding to the map that is
// already there as encoding/json does. A null value becomes "".
func (d *jsonDecoder) decodeStringMap(m *map[string]string) bool {
	if d.peek() != '{' {
		return false
	}
	if *m == nil {
		*m = make(map[string]string, d.countMembers())
	}
	return d.object(func(key string) bool {
		switch d.peek() {
		case '"':
			v, ok := d.readString()
			(*m)[key] = v
			return ok
		case 'n':
			(*m)[key] = ""
			return d.literal("null")
		}
		return false
	})
}

// decodeStringsMap decodes an object of string arrays into *m. A null
// value becomes a nil slice.
func (d *jsonDecoder) decodeStringsMap(m *map[string][]string) bool {
	if d.peek() != '{' {
		return false
	}
	if *m == nil {
		*m = make(map[string][]string, d.countMembers())
	}
	return d.object(func(key string) bool {
		if d.peek() == 'n' {
			(*m)[key] = nil
			return d.literal("null")
		}
		vs, ok := d.readStrings()
		(*m)[key] = vs
		return ok
	})
}

// countMembers returns the number of members of the object at the read
// position, or 0 when the object is not well formed, without moving the
// read position. Sizing a map up front saves growing it, which costs more
// than this scan.
func (d *jsonDecoder) countMembers() int {
	n, depth, inString := 0, 0, false
	for i := d.pos; i < len(d.data); i++ {
		c := d.data[i]
		switch {
		case inString:
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
			if depth == 1 && n == 0 {
				n = 1
			}
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return n
			}
		case c == ',' && depth == 1:
			n++
		}
	}
	return 0
}

// readStrings reads an array of strings into a new slice. As in
// encoding/json, [] gives an empty slice that is not nil, and a null
// element gives "".
func (d *jsonDecoder) readStrings() ([]string, bool) {
	if d.peek() != '[' {
		return nil, false
	}
	d.pos++
	d.skipSpace()
	vs := []string{}
	if d.peek() == ']' {
		d.pos++
		return vs, true
	}
	for {
		switch d.peek() {
		case '"':
			s, ok := d.readString()
			if !ok {
				return nil, false
			}
			vs = append(vs, s)
		case 'n':
			if !d.literal("null") {
				return nil, false
			}
			vs = append(vs, "")
		default:
			return nil, false
		}
		d.skipSpace()
		switch d.peek() {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return vs, true
		default:
			return nil, false
		}
	}
}

// readString reads the string at the read position, which is a '"'. A
// string without escapes is cut out of data.
func (d *jsonDecoder) readString() (string, bool) {
	start := d.pos + 1
	for i := start; i < len(d.data); {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return d.data[start:i], true
		case c == '\\':
			return d.readEscaped(start, i)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.data[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			i += size
		default:
			i++
		}
	}
	return "", false
}

// readEscaped finishes readString for a string whose first escape is at i.
func (d *jsonDecoder) readEscaped(start, i int) (string, bool) {
	// The capacity is a guess that fits most header values and bodies
	// with a few escapes; append grows it for longer strings.
	b := make([]byte, 0, 2*(i-start)+32)
	b = append(b, d.data[start:i]...)
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			d.pos = i + 1
			return string(b), true
		case c == '\\':
			if i+1 >= len(d.data) {
				return "", false
			}
			switch e := d.data[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, n := d.readRuneEscape(i)
				if n == 0 {
					return "", false
				}
				b = utf8.AppendRune(b, r)
				i += n
				continue
			default:
				return "", false
			}
			i += 2
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(d.data[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			b = append(b, d.data[i:i+size]...)
			i += size
		default:
			b = append(b, c)
			i++
		}
	}
	return "", false
}

// readRuneEscape decodes the \uXXXX escape at i, with the low half that a
// surrogate needs, and returns the rune and the bytes it took. It returns
// 0 bytes for a lone surrogate or a bad escape, which encoding/json turns
// into U+FFFD or an error.
func (d *jsonDecoder) readRuneEscape(i int) (rune, int) {
	r, ok := hex4(d.data, i+2)
	if !ok {
		return 0, 0
	}
	if !utf16.IsSurrogate(r) {
		return r, 6
	}
	if i+12 > len(d.data) || d.data[i+6] != '\\' || d.data[i+7] != 'u' {
		return 0, 0
	}
	low, ok := hex4(d.data, i+8)
	if !ok {
		return 0, 0
	}
	if dec := utf16.DecodeRune(r, low); dec != unicode.ReplacementChar {
		return dec, 12
	}
	return 0, 0
}

// hex4 parses the four hex digits at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// scanNumber reads a JSON number and returns its text. It accepts only
// integers. A fraction or exponent goes to encoding/json, which rejects it
// for an integer field with an error of its own.
func (d *jsonDecoder) scanNumber() (string, bool) {
	start := d.pos
	i := d.pos
	if i < len(d.data) && d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case i < len(d.data) && '1' <= d.data[i] && d.data[i] <= '9':
		for i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
	default:
		return "", false
	}
	if i < len(d.data) && (d.data[i] == '.' || d.data[i] == 'e' || d.data[i] == 'E') {
		return "", false
	}
	d.pos = i
	return d.data[start:i], true
}

// skipValue consumes one JSON value of any kind, checking it as strictly
// as encoding/json does.
func (d *jsonDecoder) skipValue(depth int) bool {
	if depth > maxEventDepth {
		return false
	}
	switch c := d.peek(); {
	case c == '"':
		return d.skipString()
	case c == '{':
		return d.object(func(string) bool { return d.skipValue(depth + 1) })
	case c == '[':
		return d.skipArray(depth)
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return d.skipNumber()
	}
	return false
}

func (d *jsonDecoder) skipArray(depth int) bool {
	d.pos++
	d.skipSpace()
	if d.peek() == ']' {
		d.pos++
		return true
	}
	for {
		if !d.skipValue(depth + 1) {
			return false
		}
		d.skipSpace()
		switch d.peek() {
		case ',':
			d.pos++
			d.skipSpace()
		case ']':
			d.pos++
			return true
		default:
			return false
		}
	}
}

// skipString consumes a string without decoding it. Like encoding/json's
// scanner it accepts any bytes but control characters, and checks escapes.
func (d *jsonDecoder) skipString() bool {
	for i := d.pos + 1; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			d.pos = i + 1
			return true
		case c == '\\':
			if i+1 >= len(d.data) {
				return false
			}
			switch d.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if _, ok := hex4(d.data, i+2); !ok {
					return false
				}
				i += 5
			default:
				return false
			}
		case c < 0x20:
			return false
		}
	}
	return false
}

// skipNumber consumes a number with the full JSON grammar: an optional
// minus, an integer part without leading zeros, then an optional fraction
// and exponent.
func (d *jsonDecoder) skipNumber() bool {
	i := d.pos
	digits := func() bool {
		start := i
		for i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(d.data) && d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case !digits():
		return false
	}
	if i < len(d.data) && d.data[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	d.pos = i
	return true
}
