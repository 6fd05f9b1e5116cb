package openapi

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// The jsonschema tag keys that invopop/jsonschema v0.14 reads, by the kind
// of field they apply to. invopop skips any other key, and any value that
// does not parse, without a word, so a typo such as maxLen=3 or
// minimum=abc would drop the constraint silently; checkTags turns both
// into errors instead.
var (
	anyFieldKeys = map[string]bool{
		"title": true, "description": true, "type": true, "anchor": true,
		"oneof_required": true, "anyof_required": true, "oneof_ref": true,
		"oneof_type": true, "anyof_ref": true, "anyof_type": true,
		"default": true, "example": true, "examples": true, "enum": true,
		"readOnly": true, "writeOnly": true, "format": true,
	}
	stringKeys  = map[string]bool{"minLength": true, "maxLength": true, "pattern": true}
	numberKeys  = map[string]bool{"multipleOf": true, "minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true}
	arrayKeys   = map[string]bool{"minItems": true, "maxItems": true, "uniqueItems": true}
	bareFlags   = map[string]bool{"required": true, "nullable": true, "omitempty": true, "omitzero": true, "-": true}
	unsignedKey = map[string]bool{"minLength": true, "maxLength": true, "minItems": true, "maxItems": true}
)

// checkTags reports the first jsonschema tag in t, or in any struct type
// reachable from it, that invopop would ignore.
func checkTags(t reflect.Type) error {
	return checkTagsIn(t, map[reflect.Type]bool{})
}

func checkTagsIn(t reflect.Type, seen map[reflect.Type]bool) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return checkTagsIn(t.Elem(), seen)
	case reflect.Struct:
	default:
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if err := checkFieldTag(sf); err != nil {
			return fmt.Errorf("%v field %s: %w", t, sf.Name, err)
		}
		if err := checkTagsIn(sf.Type, seen); err != nil {
			return err
		}
	}
	return nil
}

func checkFieldTag(sf reflect.StructField) error {
	tag, ok := sf.Tag.Lookup("jsonschema")
	if !ok || tag == "" {
		return nil
	}
	kind := schemaKind(sf.Type)
	for _, part := range splitTag(tag) {
		key, value, hasValue := strings.Cut(part, "=")
		if !hasValue {
			if bareFlags[key] {
				continue
			}
			return fmt.Errorf("jsonschema tag %q: %q is not a keyword that takes no value; write key=value, or one of required, nullable", tag, part)
		}
		switch {
		case anyFieldKeys[key]:
			continue
		case stringKeys[key]:
			if kind != "string" {
				return fmt.Errorf("jsonschema tag %q: %s applies to strings, but the field is %v", tag, key, sf.Type)
			}
		case numberKeys[key]:
			if kind != "number" {
				return fmt.Errorf("jsonschema tag %q: %s applies to numbers, but the field is %v", tag, key, sf.Type)
			}
			if _, err := strconv.ParseFloat(value, 64); err != nil {
				return fmt.Errorf("jsonschema tag %q: %s=%s is not a number", tag, key, value)
			}
		case arrayKeys[key]:
			if kind != "array" {
				return fmt.Errorf("jsonschema tag %q: %s applies to slices and arrays, but the field is %v", tag, key, sf.Type)
			}
			if key == "uniqueItems" && value != "true" && value != "false" {
				return fmt.Errorf("jsonschema tag %q: uniqueItems=%s must be true or false", tag, value)
			}
		default:
			return fmt.Errorf("jsonschema tag %q: unknown keyword %q; check its spelling (for example minLength, maximum, minItems)", tag, key)
		}
		if unsignedKey[key] {
			if _, err := strconv.ParseUint(value, 10, 64); err != nil {
				return fmt.Errorf("jsonschema tag %q: %s=%s is not a whole number", tag, key, value)
			}
		}
	}
	return nil
}

// schemaKind returns the JSON kind a field's value has, as far as the tag
// keywords care: "string", "number", "array" or "other".
func schemaKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return "string"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "other"
}

// splitTag splits a jsonschema tag on commas that a backslash does not
// escape, as invopop does, so enum=a\,b stays one part.
func splitTag(tag string) []string {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		if c == '\\' && i+1 < len(tag) && tag[i+1] == ',' {
			cur.WriteByte(',')
			i++
			continue
		}
		if c == ',' {
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	return append(parts, cur.String())
}
