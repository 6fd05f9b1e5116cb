package openapi

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
)

// alwaysValid reports whether encoding/json's output for every value of t
// satisfies the schema s that was reflected from t, so that validating a
// response of that type could never fail and is skipped. It returns true
// only for the simplest shape: a struct, by value, whose fields are
// booleans, numbers, strings, time.Time, interfaces, pointers (which the
// schema lets be null) or structs of the same shape, with no constraint
// keywords, no embedded fields, and no required field that omitempty can
// drop. Anything else is validated: slices and maps (nil encodes as
// null), a pointer at the top (a nil *Todo encodes as null), types with
// their own MarshalJSON or JSONSchema, and every jsonschema tag beyond
// required and annotations.
func (r *registry) alwaysValid(t reflect.Type, s *Schema) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	return r.structAlwaysValid(t, s, map[reflect.Type]bool{})
}

// structAlwaysValid is alwaysValid for a struct value. visiting holds the
// types being checked, so that a recursive type ends the walk.
func (r *registry) structAlwaysValid(t reflect.Type, s *Schema, visiting map[reflect.Type]bool) bool {
	if visiting[t] || hasCustomEncoding(t) {
		return false
	}
	visiting[t] = true
	defer delete(visiting, t)

	s = r.resolve(s)
	if s == nil || s.Properties == nil || !onlyAnnotations(s, "type", "properties", "required") || s.Type != "object" {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		jsonTag := strings.Split(f.Tag.Get("json"), ",")
		if jsonTag[0] == "-" || strings.Split(f.Tag.Get("jsonschema"), ",")[0] == "-" {
			continue
		}
		if f.Anonymous || slices.Contains(jsonTag[1:], "string") || slices.Contains(jsonTag[1:], "inline") {
			return false
		}
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if jsonTag[0] != "" {
			name = jsonTag[0]
		}
		prop, ok := s.Properties.Get(name)
		if !ok {
			return false
		}
		omitted := slices.Contains(jsonTag[1:], "omitempty") || slices.Contains(jsonTag[1:], "omitzero")
		if omitted && slices.Contains(s.Required, name) {
			return false
		}
		if !r.fieldAlwaysValid(f.Type, prop, visiting) {
			return false
		}
	}
	return true
}

// fieldAlwaysValid is alwaysValid for one field's type and property schema.
func (r *registry) fieldAlwaysValid(t reflect.Type, s *Schema, visiting map[reflect.Type]bool) bool {
	if t.Kind() == reflect.Pointer {
		// A nil pointer encodes as null, which the nullable wrapper of a
		// pointer field accepts.
		if len(s.AnyOf) != 2 || s.AnyOf[1] == nil || s.AnyOf[1].Type != "null" || !onlyAnnotations(s, "anyOf") {
			return false
		}
		return r.fieldAlwaysValid(t.Elem(), s.AnyOf[0], visiting)
	}
	if t == timeType {
		return onlyAnnotations(s, "type", "format") && s.Type == "string" && s.Format == "date-time"
	}
	if hasCustomEncoding(t) {
		return false
	}
	switch t.Kind() {
	case reflect.Interface:
		return isTrueSchema(s)
	case reflect.Struct:
		return r.structAlwaysValid(t, s, visiting)
	case reflect.Bool:
		return onlyAnnotations(s, "type") && s.Type == "boolean"
	case reflect.String:
		return onlyAnnotations(s, "type") && s.Type == "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return onlyAnnotations(s, "type") && s.Type == "integer"
	case reflect.Float32, reflect.Float64:
		return onlyAnnotations(s, "type") && s.Type == "number"
	}
	return false
}

// hasCustomEncoding reports whether t encodes itself or describes its own
// schema, so that nothing can be concluded from its Go shape.
func hasCustomEncoding(t reflect.Type) bool {
	for _, it := range []reflect.Type{jsonMarshalerType, textMarshalerType, customSchemaType} {
		if t.Implements(it) || reflect.PointerTo(t).Implements(it) {
			return true
		}
	}
	return t.Implements(extendSchemaType) || reflect.PointerTo(t).Implements(extendSchemaType)
}

// onlyAnnotations reports whether s has no keyword other than the listed
// ones and annotations (title, description, default, examples,
// deprecated, readOnly, writeOnly), which constrain nothing.
func onlyAnnotations(s *Schema, allowed ...string) bool {
	var keys map[string]json.RawMessage
	if b, err := json.Marshal(s); err != nil || json.Unmarshal(b, &keys) != nil {
		return false
	}
	for key := range keys {
		switch key {
		case "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly":
		default:
			if !slices.Contains(allowed, key) {
				return false
			}
		}
	}
	return true
}
