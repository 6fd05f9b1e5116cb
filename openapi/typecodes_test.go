package openapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// detailsFor validates instance against schema (JSON text, which may use
// the components in components) and returns the 422 items as JSON.
func detailsFor(t *testing.T, schema, components, instance string) string {
	t.Helper()
	if components == "" {
		components = "{}"
	}
	docText := `{"components":{"schemas":` + components + `},"body":` + schema + `}`
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(docText))
	if err != nil {
		t.Fatalf("schema document %s: %v", docText, err)
	}

	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("lambdaroute:test", doc); err != nil {
		t.Fatal(err)
	}
	compiled, err := c.Compile("lambdaroute:test#/body")
	if err != nil {
		t.Fatalf("compiling %s: %v", schema, err)
	}

	value, _, ok := decodeJSON([]byte(instance), nil)
	if !ok {
		t.Fatalf("instance %s is not JSON", instance)
	}
	err = compiled.Validate(value)
	if err == nil {
		return "[]"
	}
	d := details(err, value, []any{"body"}, doc)
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

const todoComponent = `{"Todo":{"type":"object","properties":{"title":{"type":"string"},"n":{"type":"integer"}},"required":["title"]}}`

func TestTypeCodes(t *testing.T) {
	tests := []struct {
		name       string
		schema     string
		components string
		instance   string
		want       string
	}{
		{"missing", `{"type":"object","required":["a","b"]}`, "", `{}`,
			`[{"loc":["body","a"],"type":"missing"},{"loc":["body","b"],"type":"missing"}]`},
		{"dependent required", `{"type":"object","dependentRequired":{"a":["b"]}}`, "", `{"a":1}`,
			`[{"loc":["body","b"],"type":"missing"}]`},
		{"string_type", `{"type":"string"}`, "", `5`, `[{"loc":["body"],"type":"string_type"}]`},
		{"int_type", `{"type":"integer"}`, "", `"5"`, `[{"loc":["body"],"type":"int_type"}]`},
		{"int_from_float", `{"type":"integer"}`, "", `1.5`, `[{"loc":["body"],"type":"int_from_float"}]`},
		{"integral float is an integer", `{"type":"integer"}`, "", `2.0`, `[]`},
		{"float_type", `{"type":"number"}`, "", `"x"`, `[{"loc":["body"],"type":"float_type"}]`},
		{"bool_type", `{"type":"boolean"}`, "", `1`, `[{"loc":["body"],"type":"bool_type"}]`},
		{"list_type", `{"type":"array"}`, "", `{}`, `[{"loc":["body"],"type":"list_type"}]`},
		{"dict_type", `{"type":"object","additionalProperties":{"type":"integer"}}`, "", `[]`,
			`[{"loc":["body"],"type":"dict_type"}]`},
		{"model_attributes_type", `{"$ref":"#/components/schemas/Todo"}`, todoComponent, `[]`,
			`[{"loc":["body"],"type":"model_attributes_type"}]`},
		{"model_attributes_type for null", `{"$ref":"#/components/schemas/Todo"}`, todoComponent, `null`,
			`[{"loc":["body"],"type":"model_attributes_type"}]`},
		{"none_required", `{"type":"null"}`, "", `1`, `[{"loc":["body"],"type":"none_required"}]`},
		{"greater_than", `{"exclusiveMinimum":0}`, "", `0`, `[{"loc":["body"],"type":"greater_than"}]`},
		{"greater_than_equal", `{"minimum":1}`, "", `0`, `[{"loc":["body"],"type":"greater_than_equal"}]`},
		{"less_than", `{"exclusiveMaximum":10}`, "", `10`, `[{"loc":["body"],"type":"less_than"}]`},
		{"less_than_equal", `{"maximum":10}`, "", `11`, `[{"loc":["body"],"type":"less_than_equal"}]`},
		{"multiple_of", `{"multipleOf":3}`, "", `4`, `[{"loc":["body"],"type":"multiple_of"}]`},
		{"string_too_short", `{"minLength":2}`, "", `"é"`, `[{"loc":["body"],"type":"string_too_short"}]`},
		{"string_too_long", `{"maxLength":1}`, "", `"ab"`, `[{"loc":["body"],"type":"string_too_long"}]`},
		{"string_pattern_mismatch", `{"pattern":"^a+$"}`, "", `"b"`, `[{"loc":["body"],"type":"string_pattern_mismatch"}]`},
		{"too_short", `{"minItems":1}`, "", `[]`, `[{"loc":["body"],"type":"too_short"}]`},
		{"too_long", `{"maxItems":1}`, "", `[1,2]`, `[{"loc":["body"],"type":"too_long"}]`},
		{"too_short properties", `{"minProperties":1}`, "", `{}`, `[{"loc":["body"],"type":"too_short"}]`},
		{"too_long prefix items", `{"prefixItems":[{}],"items":false}`, "", `[1,2]`,
			`[{"loc":["body",1],"type":"extra_forbidden"}]`},
		{"enum", `{"enum":["a","b"]}`, "", `"c"`, `[{"loc":["body"],"type":"enum"}]`},
		{"literal_error", `{"const":"a"}`, "", `"b"`, `[{"loc":["body"],"type":"literal_error"}]`},
		{"extra_forbidden", `{"type":"object","properties":{"a":{}},"additionalProperties":false}`, "", `{"a":1,"z":2,"y":3}`,
			`[{"loc":["body","y"],"type":"extra_forbidden"},{"loc":["body","z"],"type":"extra_forbidden"}]`},
		{"date-time format", `{"type":"string","format":"date-time"}`, "", `"yesterday"`,
			`[{"loc":["body"],"type":"datetime_from_date_parsing"}]`},
		{"date format", `{"type":"string","format":"date"}`, "", `"2024-13-01"`,
			`[{"loc":["body"],"type":"date_from_datetime_parsing"}]`},
		{"uuid format", `{"type":"string","format":"uuid"}`, "", `"nope"`, `[{"loc":["body"],"type":"uuid_parsing"}]`},
		{"uri format", `{"type":"string","format":"uri"}`, "", `"no scheme"`, `[{"loc":["body"],"type":"url_parsing"}]`},
		{"ipv4 format", `{"type":"string","format":"ipv4"}`, "", `"1.2.3"`, `[{"loc":["body"],"type":"ip_v4_address"}]`},
		{"other format", `{"type":"string","format":"email"}`, "", `"x"`, `[{"loc":["body"],"type":"value_error"}]`},
		{"not", `{"not":{"type":"string"}}`, "", `"x"`, `[{"loc":["body"],"type":"value_error"}]`},
		{"nested loc with index", `{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Todo"}}}}`,
			todoComponent, `{"items":[{"title":"a"},{"n":1}]}`,
			`[{"loc":["body","items",1,"title"],"type":"missing"}]`},
		{"numeric key stays a string", `{"type":"object","additionalProperties":{"type":"string"}}`, "", `{"0":1}`,
			`[{"loc":["body","0"],"type":"string_type"}]`},
		{"nullable reports the type", `{"anyOf":[{"$ref":"#/components/schemas/Todo"},{"type":"null"}]}`, todoComponent,
			`{"title":5}`, `[{"loc":["body","title"],"type":"string_type"}]`},
		{"nullable accepts null", `{"anyOf":[{"type":"string"},{"type":"null"}]}`, "", `null`, `[]`},
		{"union reports every branch", `{"anyOf":[{"type":"string"},{"type":"integer"}]}`, "", `true`,
			`[{"loc":["body"],"type":"string_type"},{"loc":["body"],"type":"int_type"}]`},
		{"oneOf matching twice", `{"oneOf":[{"type":"integer"},{"minimum":0}]}`, "", `1`, `[{"loc":["body"],"type":"value_error"}]`},
		{"allOf", `{"allOf":[{"minimum":1},{"maximum":0}]}`, "", `5`, `[{"loc":["body"],"type":"less_than_equal"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detailsFor(t, tt.schema, tt.components, tt.instance); got != tt.want {
				t.Errorf("details = %s\nwant      %s", got, tt.want)
			}
		})
	}
}

func TestCoerce(t *testing.T) {
	tests := []struct {
		text string
		kind textKind
		want any
		code string
	}{
		{"42", textInteger, int64(42), ""},
		{"-7", textInteger, int64(-7), ""},
		{"18446744073709551615", textInteger, uint64(18446744073709551615), ""},
		{"1.0", textInteger, nil, "int_parsing"},
		{"abc", textInteger, nil, "int_parsing"},
		{"", textInteger, nil, "int_parsing"},
		{"2.5", textNumber, 2.5, ""},
		{"1e3", textNumber, 1000.0, ""},
		{"NaN", textNumber, nil, "float_parsing"},
		{"inf", textNumber, nil, "float_parsing"},
		{"x", textNumber, nil, "float_parsing"},
		{"yes", textBoolean, true, ""},
		{"OFF", textBoolean, false, ""},
		{"0", textBoolean, false, ""},
		{"maybe", textBoolean, nil, "bool_parsing"},
		{"", textBoolean, nil, "bool_parsing"},
		{"anything", textString, "anything", ""},
	}
	for _, tt := range tests {
		got, code := coerce(tt.text, tt.kind)
		if code != tt.code {
			t.Errorf("coerce(%q, %d) code = %q, want %q", tt.text, tt.kind, code, tt.code)
		}
		if got != tt.want {
			t.Errorf("coerce(%q, %d) = %#v, want %#v", tt.text, tt.kind, got, tt.want)
		}
	}
}
