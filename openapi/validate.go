package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/textproto"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lambdaroute/lambdaroute/binder"
)

// Validator checks one route's requests and responses against the schemas
// of its operation, compiled once when it was built. Failures come back as
// 422 items with pydantic's codes. A Validator is safe for concurrent use.
type Validator struct {
	params []paramCheck

	hasBody      bool
	bodyRequired bool
	body         *jsonschema.Schema
	bodyOrder    fieldOrder

	response      *jsonschema.Schema
	responseOrder fieldOrder

	// resource is the schema document the validator was compiled from.
	// Error locations point into it.
	resource any

	// keys holds every property name of the route's schemas, for
	// decodeJSON.
	keys map[string]string
}

// paramCheck validates one path, query, header or cookie parameter.
type paramCheck struct {
	source   string
	name     string
	key      string // the name to look the value up by: canonical for headers
	index    int    // position among the path's parameters, for path parameters
	required bool

	// array is set for repeatable parameters, which take every value sent.
	// kind is the type of the value, or of each item of an array.
	array bool
	kind  textKind

	// schema checks the converted value. It is nil when the schema
	// requires nothing beyond the conversion to kind.
	schema *jsonschema.Schema
}

// resourceDoc is the schema document a validator is compiled from: the
// route's schemas next to the components they refer to, so that their
// "#/components/schemas/..." references resolve as in the OpenAPI document.
type resourceDoc struct {
	Components struct {
		Schemas map[string]*Schema `json:"schemas"`
	} `json:"components"`
	Params   []*Schema `json:"params"`
	Body     *Schema   `json:"body,omitempty"`
	Response *Schema   `json:"response,omitempty"`
}

// compileValidator compiles the validators of one route. n numbers the
// route's resource within the compiler.
func compileValidator(c *jsonschema.Compiler, reg *registry, rt *Route, rs *routeSchemas, n int) (*Validator, error) {
	doc := resourceDoc{Body: rs.body}
	validateResponse := rs.resultMedia == mediaJSON && !isTrueSchema(rs.result) &&
		!reg.alwaysValid(rt.Plan.Result, rs.result)
	if validateResponse {
		doc.Response = rs.result
	}
	used := map[string]bool{}
	reg.refNames(doc.Body, used)
	reg.refNames(doc.Response, used)
	for _, p := range rs.params {
		doc.Params = append(doc.Params, p.schema)
		reg.refNames(p.schema, used)
	}
	components := map[string]*Schema{}
	for name := range used {
		components[name] = reg.components[name]
	}
	doc.Components.Schemas = components

	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encoding the schemas: %w", err)
	}
	resource, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("decoding the schemas: %w", err)
	}
	base := fmt.Sprintf("lambdaroute:routes/%d", n)
	if err := c.AddResource(base, resource); err != nil {
		return nil, fmt.Errorf("adding the schemas to the compiler: %w", err)
	}

	v := &Validator{resource: resource, keys: propertyNames(doc)}
	for i, p := range rs.params {
		pc, err := compileParam(c, reg, base, i, p)
		if err != nil {
			return nil, err
		}
		v.params = append(v.params, pc)
	}
	if rs.body != nil {
		v.hasBody, v.bodyRequired = true, rs.bodyRequired
		if v.body, err = c.Compile(compileTarget(base, "/body", rs.body)); err != nil {
			return nil, fmt.Errorf("compiling the request body schema: %w", err)
		}
		v.bodyOrder = fieldOrder{root: rs.body, components: components}
	}
	if validateResponse {
		if v.response, err = c.Compile(compileTarget(base, "/response", rs.result)); err != nil {
			return nil, fmt.Errorf("compiling the response schema: %w", err)
		}
		v.responseOrder = fieldOrder{root: rs.result, components: components}
	}
	return v, nil
}

// compileTarget returns the location to compile the schema s found at
// pointer in the resource. A schema that is only a $ref is compiled at the
// component it names, which saves the validator one level of indirection
// on every request.
func compileTarget(base, pointer string, s *Schema) string {
	if ref, ok := bareRef(s); ok {
		return base + ref
	}
	return base + "#" + pointer
}

// bareRef returns the $ref of a schema that has no other keyword.
func bareRef(s *Schema) (string, bool) {
	if s == nil || s.Ref == "" {
		return "", false
	}
	var keys map[string]json.RawMessage
	if b, err := json.Marshal(s); err != nil || json.Unmarshal(b, &keys) != nil || len(keys) != 1 {
		return "", false
	}
	return s.Ref, true
}

// propertyNames collects the property names of every schema in doc.
func propertyNames(doc resourceDoc) map[string]string {
	names := map[string]string{}
	collect := func(s *Schema) {
		if s.Properties != nil {
			for name := range s.Properties.KeysFromOldest() {
				names[name] = name
			}
		}
	}
	for _, s := range doc.Components.Schemas {
		walkSchema(s, collect)
	}
	walkSchema(doc.Body, collect)
	walkSchema(doc.Response, collect)
	return names
}

// compileParam builds the check of the i-th parameter.
func compileParam(c *jsonschema.Compiler, reg *registry, base string, i int, p paramSchema) (paramCheck, error) {
	pc := paramCheck{source: p.source, name: p.name, key: p.name, index: p.pathIndex, required: p.required}
	if p.source == "header" {
		pc.key = textproto.CanonicalMIMEHeaderKey(p.name)
	}
	s := reg.resolve(p.schema)
	pc.kind = kindOf(s.Type)
	if s.Type == "array" {
		pc.array = true
		pc.kind = kindOf(reg.resolve(s.Items).Type)
	}
	if isTypeOnly(reg, p.schema) {
		return pc, nil
	}
	var err error
	if pc.schema, err = c.Compile(fmt.Sprintf("%s#/params/%d", base, i)); err != nil {
		return pc, fmt.Errorf("compiling the schema of %s parameter %q: %w", p.source, p.name, err)
	}
	return pc, nil
}

// isTypeOnly reports whether s requires nothing beyond its type (and, for
// an array, its items' type), which the text conversion already checks.
func isTypeOnly(reg *registry, s *Schema) bool {
	s = reg.resolve(s)
	var keys map[string]json.RawMessage
	if b, err := json.Marshal(s); err != nil || json.Unmarshal(b, &keys) != nil {
		return false
	}
	for key := range keys {
		switch key {
		case "type", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment":
		case "items":
			if s.Type != "array" || !isTypeOnly(reg, s.Items) {
				return false
			}
		default:
			return false
		}
	}
	return s.Type != ""
}

// ValidatesRequest reports whether the route has parameters or a body to
// check, so that a router can skip the request step when it has none.
func (v *Validator) ValidatesRequest() bool { return len(v.params) > 0 || v.hasBody }

// ValidatesResponse reports whether the route's results are checked: the
// handler returns a JSON value that its schema could reject. Results of
// simple struct types that always encode valid JSON for their schema are
// not checked (see registry.alwaysValid).
func (v *Validator) ValidatesResponse() bool { return v.response != nil }

// ValidateRequest checks the parameters and the body of in and returns nil,
// or every problem found, in the order path, query, header, cookie, body.
// Its Status is 422, or 415 when the body's Content-Type is not JSON, as
// the binder does.
func (v *Validator) ValidateRequest(in *binder.Input) *binder.RequestError {
	var detail []binder.ValidationDetail
	for i := range v.params {
		detail = v.params[i].check(in, v.resource, detail)
	}
	status := http.StatusUnprocessableEntity
	if v.hasBody {
		var bodyStatus int
		detail, bodyStatus = v.checkBody(in, detail)
		if bodyStatus != 0 {
			status = bodyStatus
		}
	}
	if detail == nil {
		return nil
	}
	return &binder.RequestError{Status: status, Detail: detail}
}

// check appends the problems of one parameter to out.
func (p *paramCheck) check(in *binder.Input, resource any, out []binder.ValidationDetail) []binder.ValidationDetail {
	values := p.lookup(in)
	if len(values) == 0 {
		if p.required {
			out = append(out, binder.ValidationDetail{Loc: []any{p.source, p.name}, Type: "missing"})
		}
		return out
	}
	var value any
	if p.array {
		items := make([]any, len(values))
		failed := false
		for i, text := range values {
			item, code := coerce(text, p.kind)
			if code != "" {
				out = append(out, binder.ValidationDetail{Loc: []any{p.source, p.name, i}, Type: code})
				failed = true
			}
			items[i] = item
		}
		if failed {
			return out
		}
		value = items
	} else {
		item, code := coerce(values[0], p.kind)
		if code != "" {
			return append(out, binder.ValidationDetail{Loc: []any{p.source, p.name}, Type: code})
		}
		value = item
	}
	if p.schema == nil {
		return out
	}
	if err := p.schema.Validate(value); err != nil {
		out = append(out, details(err, value, []any{p.source, p.name}, resource)...)
	}
	return out
}

// lookup returns the text values the client sent for the parameter.
func (p *paramCheck) lookup(in *binder.Input) []string {
	switch p.source {
	case "query":
		return in.Query[p.key]
	case "header":
		return in.Header[p.key]
	case "path":
		if p.index < len(in.PathValues) {
			return in.PathValues[p.index : p.index+1]
		}
	case "cookie":
		var values []string
		for _, c := range in.Cookies {
			if c.Name == p.key {
				values = append(values, c.Value)
			}
		}
		return values
	}
	return nil
}

// checkBody appends the problems of the body to out and returns 415 when
// the content type is not JSON.
func (v *Validator) checkBody(in *binder.Input, out []binder.ValidationDetail) ([]binder.ValidationDetail, int) {
	if ct := in.Header.Get("Content-Type"); ct != "" && !binder.IsJSONContentType(ct) {
		return append(out, binder.ValidationDetail{Loc: []any{"header", "content-type"}, Type: "unsupported_media_type"}),
			http.StatusUnsupportedMediaType
	}
	if isNullBody(in.Body) {
		if v.bodyRequired {
			out = append(out, binder.ValidationDetail{Loc: []any{"body"}, Type: "missing"})
		}
		return out, 0
	}
	value, offset, ok := decodeJSON(in.Body, v.keys)
	if !ok {
		return append(out, binder.ValidationDetail{Loc: []any{"body", offset}, Type: "json_invalid"}), 0
	}
	if err := v.body.Validate(value); err != nil {
		d := details(err, value, []any{"body"}, v.resource)
		v.bodyOrder.sort(d, 1)
		out = append(out, d...)
	}
	return out, 0
}

// ValidateResponse checks a JSON response body against the route's result
// schema and returns nil, or the problems with locs starting at
// "response". A body that is not JSON at all is reported as json_invalid.
func (v *Validator) ValidateResponse(body []byte) []binder.ValidationDetail {
	if v.response == nil {
		return nil
	}
	if isBlank(body) {
		return []binder.ValidationDetail{{Loc: []any{"response"}, Type: "missing"}}
	}
	value, offset, ok := decodeJSON(body, v.keys)
	if !ok {
		return []binder.ValidationDetail{{Loc: []any{"response", offset}, Type: "json_invalid"}}
	}
	err := v.response.Validate(value)
	if err == nil {
		return nil
	}
	d := details(err, value, []any{"response"}, v.resource)
	v.responseOrder.sort(d, 1)
	return d
}
