package openapi

import (
	"math"
	"strconv"
)

// textKind is the JSON type that a parameter's text is converted to
// before its schema is checked.
type textKind uint8

const (
	textString textKind = iota
	textInteger
	textNumber
	textBoolean
)

// kindOf returns the conversion for a schema type name.
func kindOf(schemaType string) textKind {
	switch schemaType {
	case "integer":
		return textInteger
	case "number":
		return textNumber
	case "boolean":
		return textBoolean
	}
	return textString
}

// coerce converts one text value to k. On failure it returns the pydantic
// code for text that is not of that type.
func coerce(text string, k textKind) (any, string) {
	switch k {
	case textInteger:
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, ""
		}
		// Values above the int64 range still fit a uint64 field.
		if n, err := strconv.ParseUint(text, 10, 64); err == nil {
			return n, ""
		}
		return nil, "int_parsing"
	case textNumber:
		f, err := strconv.ParseFloat(text, 64)
		// NaN and infinities have no JSON form, so no schema can check
		// them. They are rejected although pydantic's default allows them.
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, "float_parsing"
		}
		return f, ""
	case textBoolean:
		if b, ok := parseBool(text); ok {
			return b, ""
		}
		return nil, "bool_parsing"
	}
	return text, ""
}

// parseBool accepts the spellings that pydantic accepts for booleans in
// query strings and headers, the same list the binder uses.
func parseBool(s string) (value, ok bool) {
	switch s {
	case "1", "t", "T", "true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
		return true, true
	case "0", "f", "F", "false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}
