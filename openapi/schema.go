package openapi

// This file turns Go types into JSON Schemas with invopop/jsonschema and
// keeps every named struct, slice and map type as a component, so that a
// type has one schema and one name however many routes use it.

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/invopop/jsonschema"
)

// componentRef is the prefix of a $ref to a component schema.
const componentRef = "#/components/schemas/"

// invopop/jsonschema refers to definitions under this prefix.
const definitionRef = "#/$defs/"

// registry reflects Go types into schemas and collects the named ones as
// components. It is not safe for concurrent use, so Spec holds its lock
// around every call.
type registry struct {
	reflector jsonschema.Reflector

	// names gives each named type its component name, and owners maps a
	// name back to its type (nil for the built-in components), so that two
	// types called Todo in different packages get different names.
	names  map[reflect.Type]string
	owners map[string]reflect.Type

	components map[string]*Schema
}

func newRegistry() *registry {
	r := &registry{
		names:      map[reflect.Type]string{},
		owners:     map[string]reflect.Type{},
		components: map[string]*Schema{},
	}
	r.reflector = jsonschema.Reflector{
		Anonymous: true,
		// Unknown fields are ignored, as encoding/json and pydantic's
		// default do. A type opts into rejecting them with a
		// JSONSchemaExtend method that sets AdditionalProperties to
		// jsonschema.FalseSchema.
		AllowAdditionalProperties: true,
		// A field is required only when tagged jsonschema:"required", the
		// same rule the binder applies to parameters. A Go zero value is
		// indistinguishable from an absent field after decoding, so
		// requiring every field without omitempty would reject bodies that
		// bind fine.
		RequiredFromJSONSchemaTags: true,
		Namer:                      r.name,
		Mapper:                     mapKnownType,
	}
	for name, s := range builtinComponents() {
		r.owners[name] = nil
		r.components[name] = s
	}
	return r
}

// schema returns the schema of t. Named struct, slice and map types
// inside it become components, referred to with $ref. A pointer at the top
// stays non-nullable: a handler declared to return *Todo that returns nil
// sends null, which is not a Todo.
func (r *registry) schema(t reflect.Type) (s *Schema, err error) {
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, fmt.Errorf("openapi: cannot describe %v as a JSON Schema: %v; give the type a JSONSchema method, or tag the field json:\"-\" if it is never sent", t, p)
		}
	}()
	if err := checkTags(t); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	root := r.reflector.ReflectFromType(t)
	defs := root.Definitions
	root.Definitions = nil
	root.Version = ""
	root.ID = ""
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		if _, known := r.components[name]; known {
			// Reflected before: keep the schema that earlier routes and
			// validators already use.
			continue
		}
		def := defs[name]
		if owner := r.owners[name]; owner != nil {
			markNullable(def, owner)
		}
		rewriteRefs(def)
		r.components[name] = def
	}
	markNullable(root, t)
	rewriteRefs(root)
	return root, nil
}

// resolve follows a $ref to the component it names. Other schemas are
// returned as they are.
func (r *registry) resolve(s *Schema) *Schema {
	for i := 0; s != nil && s.Ref != "" && i < 32; i++ {
		target, ok := r.components[strings.TrimPrefix(s.Ref, componentRef)]
		if !ok {
			return s
		}
		s = target
	}
	return s
}

// name is the reflector's Namer: the component name of a named struct,
// slice, array or map type. invopop also looks up the names of other types
// among its definitions, so they get a name starting with "~", which
// componentName never produces and so no component has.
func (r *registry) name(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map:
	default:
		return "~" + t.PkgPath() + "." + t.Name()
	}
	if mapKnownType(t) != nil {
		return "~" + t.PkgPath() + "." + t.Name()
	}
	if n, ok := r.names[t]; ok {
		return n
	}
	n := componentName(t.Name())
	if owner, taken := r.owners[n]; taken && owner != t {
		qualified := componentName(packageName(t.PkgPath())) + "." + n
		n = qualified
		for i := 2; ; i++ {
			if _, taken := r.owners[n]; !taken {
				break
			}
			n = fmt.Sprintf("%s%d", qualified, i)
		}
	}
	r.names[t] = n
	r.owners[n] = t
	return n
}

// componentName turns a Go type name into a component name, which OpenAPI
// limits to letters, digits, ".", "-" and "_". Type arguments of generic
// types lose their package paths: "Page[example.com/shop.Item]" becomes
// "Page_Item".
func componentName(goName string) string {
	var b strings.Builder
	var run strings.Builder
	flush := func() {
		word := run.String()
		run.Reset()
		if word == "" {
			return
		}
		// A package-qualified name keeps only the part after the last dot.
		if i := strings.LastIndexByte(word, '.'); i >= 0 {
			word = word[i+1:]
		}
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(word)
	}
	for _, c := range goName {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '.', c == '/', c == '-':
			run.WriteRune(c)
		default:
			flush()
		}
	}
	flush()
	return b.String()
}

// packageName returns the last element of an import path.
func packageName(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	urlType           = reflect.TypeFor[url.URL]()
	jsonNumberType    = reflect.TypeFor[json.Number]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	customSchemaType  = reflect.TypeFor[interface{ JSONSchema() *jsonschema.Schema }]()
	extendSchemaType  = reflect.TypeFor[interface{ JSONSchemaExtend(*jsonschema.Schema) }]()
)

// mapKnownType is the reflector's Mapper: schemas for types whose JSON
// form is not what their Go kind suggests. It returns nil for every other
// type, and for types that describe themselves with a JSONSchema method.
func mapKnownType(t reflect.Type) *Schema {
	switch t {
	case timeType:
		return &Schema{Type: "string", Format: "date-time"}
	case urlType:
		return &Schema{Type: "string", Format: "uri"}
	case jsonNumberType:
		return &Schema{Type: "number"}
	}
	if t.Implements(customSchemaType) || reflect.PointerTo(t).Implements(customSchemaType) {
		return nil
	}
	// encoding/json writes a TextMarshaler as a JSON string unless the
	// type also has MarshalJSON, whose output nothing here can predict.
	if t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType) {
		return nil
	}
	if t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return &Schema{Type: "string"}
	}
	return nil
}

// markNullable lets the property of every struct field of pointer type
// accept null, because encoding/json writes a nil pointer as null and
// decodes null into one. Slices and maps stay non-nullable, as in
// pydantic, so that response validation reports a nil slice sent as null
// where clients expect an array. Named types inside t have their own
// component and are handled when it is added.
func markNullable(s *Schema, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s == nil || mapKnownType(t) != nil {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if s.Properties == nil {
			return
		}
		for _, f := range jsonFields(t) {
			prop, ok := s.Properties.Get(f.name)
			if !ok || prop == nil {
				continue
			}
			markNullable(prop, f.typ)
			if f.typ.Kind() == reflect.Pointer && !acceptsNull(prop) {
				s.Properties.Set(f.name, orNull(prop))
			}
		}
	case reflect.Slice, reflect.Array:
		markNullable(s.Items, t.Elem())
	case reflect.Map:
		markNullable(s.AdditionalProperties, t.Elem())
		for _, p := range s.PatternProperties {
			markNullable(p, t.Elem())
		}
	}
}

// jsonField is a struct field as encoding/json and invopop name it.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields lists t's fields under their JSON names, with embedded
// structs flattened, following the rules invopop applies when it builds
// the properties.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		jsonTag := strings.Split(f.Tag.Get("json"), ",")
		if jsonTag[0] == "-" || strings.Split(f.Tag.Get("jsonschema"), ",")[0] == "-" {
			continue
		}
		inner := f.Type
		if inner.Kind() == reflect.Pointer {
			inner = inner.Elem()
		}
		embedded := f.Anonymous && jsonTag[0] == "" && inner.Kind() == reflect.Struct
		if embedded || slices.Contains(jsonTag[1:], "inline") {
			out = append(out, jsonFields(inner)...)
			continue
		}
		if !f.Anonymous && !f.IsExported() {
			continue
		}
		name := f.Name
		if jsonTag[0] != "" {
			name = jsonTag[0]
		}
		out = append(out, jsonField{name: name, typ: f.Type})
	}
	return out
}

// acceptsNull reports whether s already allows null, for example through
// invopop's jsonschema:"nullable" tag.
func acceptsNull(s *Schema) bool {
	if s.Type == "null" {
		return true
	}
	for _, alt := range slices.Concat(s.AnyOf, s.OneOf) {
		if alt != nil && alt.Type == "null" {
			return true
		}
	}
	return isTrueSchema(s)
}

// isTrueSchema reports whether s accepts every value, as the schema of an
// interface type does.
func isTrueSchema(s *Schema) bool {
	b, err := json.Marshal(s)
	return err == nil && string(b) == "true"
}

// orNull wraps s as anyOf [s, null], the form pydantic gives Optional
// fields. The annotations move to the wrapper, where tools show them.
func orNull(s *Schema) *Schema {
	w := &Schema{
		Title:       s.Title,
		Description: s.Description,
		Default:     s.Default,
		Examples:    s.Examples,
		Deprecated:  s.Deprecated,
		ReadOnly:    s.ReadOnly,
		WriteOnly:   s.WriteOnly,
	}
	inner := *s
	inner.Title, inner.Description, inner.Default, inner.Examples = "", "", nil, nil
	inner.Deprecated, inner.ReadOnly, inner.WriteOnly = false, false, false
	w.AnyOf = []*Schema{&inner, {Type: "null"}}
	return w
}

// rewriteRefs points invopop's definition references at the document's
// components.
func rewriteRefs(s *Schema) {
	walkSchema(s, func(sub *Schema) {
		if strings.HasPrefix(sub.Ref, definitionRef) {
			sub.Ref = componentRef + strings.TrimPrefix(sub.Ref, definitionRef)
		}
	})
}

// refNames adds the names of the components that s refers to, directly or
// through other components, to seen.
func (r *registry) refNames(s *Schema, seen map[string]bool) {
	walkSchema(s, func(sub *Schema) {
		name, ok := strings.CutPrefix(sub.Ref, componentRef)
		if !ok || seen[name] {
			return
		}
		seen[name] = true
		if target := r.components[name]; target != nil {
			r.refNames(target, seen)
		}
	})
}

// walkSchema calls fn for s and every schema nested in it.
func walkSchema(s *Schema, fn func(*Schema)) {
	if s == nil {
		return
	}
	fn(s)
	for _, list := range [][]*Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
		for _, sub := range list {
			walkSchema(sub, fn)
		}
	}
	for _, sub := range []*Schema{s.Not, s.If, s.Then, s.Else, s.Items, s.Contains,
		s.AdditionalProperties, s.PropertyNames, s.ContentSchema} {
		walkSchema(sub, fn)
	}
	for _, m := range []map[string]*Schema{s.DependentSchemas, s.PatternProperties, s.Definitions} {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			walkSchema(m[name], fn)
		}
	}
	if s.Properties != nil {
		for sub := range s.Properties.ValuesFromOldest() {
			walkSchema(sub, fn)
		}
	}
}

// builtinComponents returns the schemas of the 422 body that every
// operation documents. ValidationError requires only loc and type, the
// keys the body has. Powertools' copy of pydantic's schema also requires
// msg, which its 422 bodies leave out.
func builtinComponents() map[string]*Schema {
	validationError := &Schema{
		Type:       "object",
		Properties: jsonschema.NewProperties(),
		Required:   []string{"loc", "type"},
	}
	validationError.Properties.Set("loc", &Schema{
		Type:  "array",
		Items: &Schema{AnyOf: []*Schema{{Type: "string"}, {Type: "integer"}}},
	})
	validationError.Properties.Set("type", &Schema{Type: "string"})

	httpValidationError := &Schema{
		Type:       "object",
		Properties: jsonschema.NewProperties(),
		Required:   []string{"statusCode", "detail"},
	}
	httpValidationError.Properties.Set("statusCode", &Schema{Type: "integer"})
	httpValidationError.Properties.Set("detail", &Schema{
		Type:  "array",
		Items: &Schema{Ref: componentRef + "ValidationError"},
	})
	return map[string]*Schema{
		"HTTPValidationError": httpValidationError,
		"ValidationError":     validationError,
	}
}
