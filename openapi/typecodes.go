package openapi

// This file maps JSON Schema validation failures to the pydantic v2 error
// codes that Powertools reports for the same mistakes.

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/lambdaroute/lambdaroute/binder"
)

// leaves collects the failures that explain err: the errors without
// causes, below the grouping ones. Under anyOf and oneOf, the branch that
// only allows null is dropped, so that a nullable field reports why its
// value is not of the field's type, as pydantic does for Optional fields.
func leaves(err *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	switch k := err.ErrorKind.(type) {
	case *kind.Schema, *kind.Reference, *kind.Group, *kind.AllOf:
		for _, c := range err.Causes {
			out = leaves(c, out)
		}
		return out
	case *kind.AnyOf, *kind.OneOf:
		if o, isOneOf := k.(*kind.OneOf); isOneOf && o.Subschemas != nil {
			// The value matched two branches at once.
			return append(out, err)
		}
		branches := slices.DeleteFunc(slices.Clone(err.Causes), isNullOnly)
		if len(branches) == 0 {
			branches = err.Causes
		}
		for _, c := range branches {
			out = leaves(c, out)
		}
		return out
	}
	return append(out, err)
}

// isNullOnly reports whether e is the failure of a branch that allows
// only null.
func isNullOnly(e *jsonschema.ValidationError) bool {
	t, ok := e.ErrorKind.(*kind.Type)
	return ok && len(e.Causes) == 0 && slices.Equal(t.Want, []string{"null"})
}

// details converts a validation error into 422 items. instance is the
// validated value, prefix starts every loc (such as "body"), and resource
// is the schema document the validator was compiled from, where the
// failing schemas are looked up.
func details(err error, instance any, prefix []any, resource any) []binder.ValidationDetail {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []binder.ValidationDetail{{Loc: slices.Clone(prefix), Type: "value_error"}}
	}
	var out []binder.ValidationDetail
	for _, leaf := range leaves(verr, nil) {
		loc := locOf(instance, leaf.InstanceLocation, prefix)
		switch k := leaf.ErrorKind.(type) {
		case *kind.Required:
			out = appendEach(out, loc, k.Missing, "missing")
		case *kind.DependentRequired:
			out = appendEach(out, loc, k.Missing, "missing")
		case *kind.Dependency:
			out = appendEach(out, loc, k.Missing, "missing")
		case *kind.AdditionalProperties:
			// The validator lists them in map order.
			out = appendEach(out, loc, slices.Sorted(slices.Values(k.Properties)), "extra_forbidden")
		case *kind.Type:
			out = append(out, binder.ValidationDetail{Loc: loc, Type: typeMismatchCode(k, leaf.SchemaURL, resource)})
		default:
			out = append(out, binder.ValidationDetail{Loc: loc, Type: constraintCode(leaf.ErrorKind)})
		}
	}
	return out
}

// appendEach adds one item per property name, each at loc plus the name.
func appendEach(out []binder.ValidationDetail, loc []any, names []string, code string) []binder.ValidationDetail {
	for _, name := range names {
		out = append(out, binder.ValidationDetail{Loc: append(slices.Clip(loc), name), Type: code})
	}
	return out
}

// locOf builds a loc from an instance location. The validator writes
// array indexes as strings, so locOf walks the instance to tell them apart
// from object keys that look like numbers, and writes indexes as integers
// as pydantic's locs do.
func locOf(instance any, tokens []string, prefix []any) []any {
	loc := make([]any, 0, len(prefix)+len(tokens))
	loc = append(loc, prefix...)
	cur := instance
	for _, tok := range tokens {
		switch node := cur.(type) {
		case []any:
			i, err := strconv.Atoi(tok)
			if err == nil && i >= 0 && i < len(node) {
				loc = append(loc, i)
				cur = node[i]
				continue
			}
		case map[string]any:
			cur = node[tok]
		default:
			cur = nil
		}
		loc = append(loc, tok)
	}
	return loc
}

// typeMismatchCode returns the code for a value of the wrong JSON type,
// named after the type the schema wants. A value that is not an object
// where a struct is expected is model_attributes_type, as in Powertools'
// 422 for such a body. Where a map is expected it is dict_type.
func typeMismatchCode(k *kind.Type, schemaURL string, resource any) string {
	want := ""
	for _, w := range k.Want {
		if w != "null" {
			want = w
			break
		}
	}
	switch want {
	case "string":
		return "string_type"
	case "integer":
		if k.Got == "number" {
			return "int_from_float"
		}
		return "int_type"
	case "number":
		return "float_type"
	case "boolean":
		return "bool_type"
	case "array":
		return "list_type"
	case "object":
		if node, ok := schemaAt(resource, schemaURL).(map[string]any); ok {
			if _, isStruct := node["properties"]; isStruct {
				return "model_attributes_type"
			}
		}
		return "dict_type"
	case "":
		return "none_required"
	}
	return "value_error"
}

// constraintCode returns the code for a failed keyword other than type,
// required and additionalProperties.
func constraintCode(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.ExclusiveMinimum:
		return "greater_than"
	case *kind.Minimum:
		return "greater_than_equal"
	case *kind.ExclusiveMaximum:
		return "less_than"
	case *kind.Maximum:
		return "less_than_equal"
	case *kind.MultipleOf:
		return "multiple_of"
	case *kind.MinLength:
		return "string_too_short"
	case *kind.MaxLength:
		return "string_too_long"
	case *kind.Pattern:
		return "string_pattern_mismatch"
	case *kind.MinItems, *kind.MinProperties:
		return "too_short"
	case *kind.MaxItems, *kind.MaxProperties, *kind.AdditionalItems:
		return "too_long"
	case *kind.Enum:
		return "enum"
	case *kind.Const:
		return "literal_error"
	case *kind.Format:
		return formatCode(k.Want)
	case *kind.FalseSchema:
		return "extra_forbidden"
	}
	return "value_error"
}

// formatCode returns pydantic's code for a string that is not valid for
// a format: the code of the Python type that the format stands for.
func formatCode(format string) string {
	switch format {
	case "date-time":
		return "datetime_from_date_parsing"
	case "date":
		return "date_from_datetime_parsing"
	case "time":
		return "time_parsing"
	case "duration":
		return "time_delta_parsing"
	case "uuid":
		return "uuid_parsing"
	case "uri", "iri":
		return "url_parsing"
	case "ipv4":
		return "ip_v4_address"
	case "ipv6":
		return "ip_v6_address"
	}
	return "value_error"
}

// schemaAt returns the node of resource that a schema URL's fragment (a
// JSON pointer) points to, or nil.
func schemaAt(resource any, schemaURL string) any {
	_, frag, ok := strings.Cut(schemaURL, "#")
	if !ok {
		return nil
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil
	}
	cur := resource
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch node := cur.(type) {
		case map[string]any:
			cur = node[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(node) {
				return nil
			}
			cur = node[i]
		default:
			return nil
		}
	}
	return cur
}
