package binder

import (
	"encoding"
	"reflect"
	"strconv"
)

// scalarSetter parses one text value into dst and returns "" or the pydantic
// error code for the failure.
type scalarSetter func(s string, dst reflect.Value) string

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// isScalar reports whether t is bound from a single text value: a string,
// number or bool kind, or a type whose pointer implements
// encoding.TextUnmarshaler (time.Time, netip.Addr, uuid types).
func isScalar(t reflect.Type) bool {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// newScalarSetter returns the setter for t, or nil when t is not a scalar.
func newScalarSetter(t reflect.Type) scalarSetter {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return setText
	}
	switch t.Kind() {
	case reflect.String:
		return func(s string, dst reflect.Value) string {
			dst.SetString(s)
			return ""
		}
	case reflect.Bool:
		return setBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return setInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return setUint
	case reflect.Float32, reflect.Float64:
		return setFloat
	}
	return nil
}

func setText(s string, dst reflect.Value) string {
	u := dst.Addr().Interface().(encoding.TextUnmarshaler)
	if err := u.UnmarshalText([]byte(s)); err != nil {
		return "value_error"
	}
	return ""
}

func setBool(s string, dst reflect.Value) string {
	b, ok := parseBool(s)
	if !ok {
		return "bool_parsing"
	}
	dst.SetBool(b)
	return ""
}

// parseBool accepts the spellings that pydantic accepts for booleans in
// query strings and headers, so that ?active=yes binds as in Powertools.
func parseBool(s string) (value, ok bool) {
	switch s {
	case "1", "t", "T", "true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
		return true, true
	case "0", "f", "F", "false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}

func setInt(s string, dst reflect.Value) string {
	n, err := strconv.ParseInt(s, 10, dst.Type().Bits())
	if err != nil {
		return "int_parsing"
	}
	dst.SetInt(n)
	return ""
}

func setUint(s string, dst reflect.Value) string {
	n, err := strconv.ParseUint(s, 10, dst.Type().Bits())
	if err != nil {
		return "int_parsing"
	}
	dst.SetUint(n)
	return ""
}

func setFloat(s string, dst reflect.Value) string {
	f, err := strconv.ParseFloat(s, dst.Type().Bits())
	if err != nil {
		return "float_parsing"
	}
	dst.SetFloat(f)
	return ""
}
