package openapi

import (
	"encoding/json"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/invopop/jsonschema"
)

type (
	schemaTodo struct {
		Title  string      `json:"title" jsonschema:"required,minLength=1,description=What to do"`
		Done   bool        `json:"done"`
		Status string      `json:"status,omitempty" jsonschema:"enum=Pending,enum=Done"`
		Parent *schemaTodo `json:"parent,omitempty"`
		Tags   []string    `json:"tags" jsonschema:"maxItems=3"`
	}
	schemaBase struct {
		ID int `json:"id" jsonschema:"minimum=1"`
	}
	schemaEmbedding struct {
		schemaBase
		Note   *string        `json:"note" jsonschema:"nullable"`
		When   *time.Time     `json:"when"`
		Labels map[string]int `json:"labels"`
		Hidden string         `json:"-"`
		secret string
	}
	schemaPage[T any] struct {
		Items []T `json:"items"`
	}
	// Values clashes by name with url.Values.
	Values struct {
		N int `json:"n"`
	}
	// ValidationError clashes by name with a built-in component.
	ValidationError struct {
		Field string `json:"field"`
	}
	schemaCustom struct{}
	schemaFunc   struct {
		Callback func() `json:"callback"`
	}
	schemaAnonymous struct {
		Inner struct {
			Ptr *int `json:"ptr"`
		} `json:"inner"`
	}
)

func (schemaCustom) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Pattern: "^c"}
}

// marshalSchema returns s as JSON text.
func marshalSchema(t *testing.T, s any) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSchemaGeneration(t *testing.T) {
	tests := []struct {
		name       string
		typ        reflect.Type
		want       string
		components map[string]string
	}{
		{"int", reflect.TypeFor[int](), `{"type":"integer"}`, nil},
		{"uint8", reflect.TypeFor[uint8](), `{"type":"integer"}`, nil},
		{"float", reflect.TypeFor[float64](), `{"type":"number"}`, nil},
		{"bool", reflect.TypeFor[bool](), `{"type":"boolean"}`, nil},
		{"string", reflect.TypeFor[string](), `{"type":"string"}`, nil},
		{"bytes", reflect.TypeFor[[]byte](), `{"type":"string","contentEncoding":"base64"}`, nil},
		{"slice", reflect.TypeFor[[]int](), `{"items":{"type":"integer"},"type":"array"}`, nil},
		{"map", reflect.TypeFor[map[string]bool](), `{"additionalProperties":{"type":"boolean"},"type":"object"}`, nil},
		{"time", reflect.TypeFor[time.Time](), `{"type":"string","format":"date-time"}`, nil},
		{"url", reflect.TypeFor[url.URL](), `{"type":"string","format":"uri"}`, nil},
		{"json number", reflect.TypeFor[json.Number](), `{"type":"number"}`, nil},
		{"text marshaler", reflect.TypeFor[netip.Addr](), `{"type":"string"}`, nil},
		{"JSONSchema method", reflect.TypeFor[schemaCustom](), `{"$ref":"#/components/schemas/schemaCustom"}`,
			map[string]string{"schemaCustom": `{"type":"string","pattern":"^c"}`}},
		{"struct", reflect.TypeFor[schemaTodo](), `{"$ref":"#/components/schemas/schemaTodo"}`, map[string]string{
			"schemaTodo": `{"properties":{"title":{"type":"string","minLength":1,"description":"What to do"},` +
				`"done":{"type":"boolean"},"status":{"type":"string","enum":["Pending","Done"]},` +
				`"parent":{"anyOf":[{"$ref":"#/components/schemas/schemaTodo"},{"type":"null"}]},` +
				`"tags":{"items":{"type":"string"},"type":"array","maxItems":3}},"type":"object","required":["title"]}`,
		}},
		{"pointer at the top is not nullable", reflect.TypeFor[*schemaTodo](), `{"$ref":"#/components/schemas/schemaTodo"}`, nil},
		{"slice of structs", reflect.TypeFor[[]schemaTodo](), `{"items":{"$ref":"#/components/schemas/schemaTodo"},"type":"array"}`, nil},
		{"embedded struct and pointers", reflect.TypeFor[schemaEmbedding](), `{"$ref":"#/components/schemas/schemaEmbedding"}`, map[string]string{
			"schemaEmbedding": `{"properties":{"id":{"type":"integer","minimum":1},` +
				`"note":{"oneOf":[{"type":"string"},{"type":"null"}]},` +
				`"when":{"anyOf":[{"type":"string","format":"date-time"},{"type":"null"}]},` +
				`"labels":{"additionalProperties":{"type":"integer"},"type":"object"}},"type":"object"}`,
		}},
		{"generic type", reflect.TypeFor[schemaPage[schemaTodo]](), `{"$ref":"#/components/schemas/schemaPage_schemaTodo"}`, map[string]string{
			"schemaPage_schemaTodo": `{"properties":{"items":{"items":{"$ref":"#/components/schemas/schemaTodo"},"type":"array"}},"type":"object"}`,
		}},
		{"name of a built-in component", reflect.TypeFor[ValidationError](), `{"$ref":"#/components/schemas/openapi.ValidationError"}`, map[string]string{
			"openapi.ValidationError": `{"properties":{"field":{"type":"string"}},"type":"object"}`,
		}},
		{"anonymous struct inline", reflect.TypeFor[schemaAnonymous](), `{"$ref":"#/components/schemas/schemaAnonymous"}`, map[string]string{
			"schemaAnonymous": `{"properties":{"inner":{"properties":{"ptr":{"anyOf":[{"type":"integer"},{"type":"null"}]}},"type":"object"}},"type":"object"}`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRegistry()
			s, err := r.schema(tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			if got := marshalSchema(t, s); got != tt.want {
				t.Errorf("schema = %s\nwant     %s", got, tt.want)
			}
			for name, want := range tt.components {
				c, ok := r.components[name]
				if !ok {
					t.Errorf("no component %q; have %v", name, componentNames(r))
					continue
				}
				if got := marshalSchema(t, c); got != want {
					t.Errorf("component %s = %s\nwant       %s", name, got, want)
				}
			}
		})
	}
}

func componentNames(r *registry) []string {
	var names []string
	for name := range r.components {
		names = append(names, name)
	}
	return names
}

func TestSchemaNamesDistinctTypes(t *testing.T) {
	r := newRegistry()
	if _, err := r.schema(reflect.TypeFor[url.Values]()); err != nil {
		t.Fatal(err)
	}
	if _, err := r.schema(reflect.TypeFor[Values]()); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.components["Values"]; !ok {
		t.Errorf("url.Values is not the component Values; have %v", componentNames(r))
	}
	if got := marshalSchema(t, r.components["openapi.Values"]); got != `{"properties":{"n":{"type":"integer"}},"type":"object"}` {
		t.Errorf("openapi.Values = %s", got)
	}
}

func TestSchemaSameTypeSameObject(t *testing.T) {
	r := newRegistry()
	if _, err := r.schema(reflect.TypeFor[schemaTodo]()); err != nil {
		t.Fatal(err)
	}
	first := r.components["schemaTodo"]
	if _, err := r.schema(reflect.TypeFor[[]schemaTodo]()); err != nil {
		t.Fatal(err)
	}
	if r.components["schemaTodo"] != first {
		t.Error("reflecting the type again replaced its component")
	}
}

func TestSchemaUnsupportedType(t *testing.T) {
	_, err := newRegistry().schema(reflect.TypeFor[schemaFunc]())
	if err == nil {
		t.Fatal("a struct with a func field was described")
	}
	for _, want := range []string{"schemaFunc", "JSONSchema method", `json:"-"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestComponentName(t *testing.T) {
	tests := map[string]string{
		"Todo":                                 "Todo",
		"Page[example.com/shop.Item]":          "Page_Item",
		"Pair[int,string]":                     "Pair_int_string",
		"Map[map[string]*example.com/a/v2.T]":  "Map_map_string_T",
		"Node[gopkg.in/yaml.v3.Node]":          "Node_Node",
		"List[github.com/x/y.Page[example.T]]": "List_Page_T",
	}
	for in, want := range tests {
		if got := componentName(in); got != want {
			t.Errorf("componentName(%q) = %q, want %q", in, got, want)
		}
	}
}
