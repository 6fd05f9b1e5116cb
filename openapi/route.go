package openapi

import (
	"fmt"
	"io"
	"net/textproto"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/lambdaroute/lambdaroute/binder"
)

// Route describes one registered route: the router's input from which a
// Spec builds the route's operation and validators.
type Route struct {
	Method     string   // upper-case HTTP method
	Path       string   // the route in OpenAPI form, "/todos/{todo_id}"
	PathParams []string // the path's parameter names, in path order
	Plan       *binder.Plan

	// Handler is the handler func, whose name starts the default
	// operationId.
	Handler any

	// RawResponse is set when the handler builds its own response (a
	// router.Response), so the result has no schema and is not validated.
	RawResponse bool

	Status      int // status of a successful response, or 0 for the router's default
	Summary     string
	Description string
	OperationID string
	Tags        []string
	Deprecated  bool
	Hidden      bool // left out of the document
}

// Media types of the results that the router sends as they are rather
// than as JSON.
const (
	mediaJSON   = "application/json"
	mediaText   = "text/plain"
	mediaBinary = "application/octet-stream"
)

var (
	stringType = reflect.TypeFor[string]()
	bytesType  = reflect.TypeFor[[]byte]()
	readerType = reflect.TypeFor[io.Reader]()
)

// routeSchemas are the schemas reflected from one route's handler, built
// once and shared by its operation and its validators.
type routeSchemas struct {
	params []paramSchema

	body         *Schema // nil when the handler takes no body
	bodyRequired bool

	result      *Schema // nil when the result has no schema
	resultMedia string  // "" when the response has no content
}

// paramSchema is one parameter of a route.
type paramSchema struct {
	source      string // "path", "query", "header" or "cookie"
	name        string
	required    bool
	description string
	schema      *Schema

	// pathIndex is the parameter's position among the path's parameters.
	pathIndex int
}

// reflectRoute builds the schemas of rt's parameters, body and result.
func (r *registry) reflectRoute(rt *Route) (*routeSchemas, error) {
	rs := &routeSchemas{}
	if err := r.reflectPathParams(rt, rs); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, a := range rt.Plan.Args {
		switch a.Kind {
		case binder.ArgParams:
			for _, f := range a.Fields {
				key := f.Source + "\x00" + f.Name
				if f.Source == "header" {
					key = f.Source + "\x00" + textproto.CanonicalMIMEHeaderKey(f.Name)
				}
				if f.Source == "path" || seen[key] {
					continue
				}
				seen[key] = true
				p, err := r.fieldParam(a.Type, f)
				if err != nil {
					return nil, err
				}
				rs.params = append(rs.params, p)
			}
		case binder.ArgBody:
			s, err := r.schema(a.Type)
			if err != nil {
				return nil, fmt.Errorf("request body %v: %w", a.Type, err)
			}
			rs.body = s
			rs.bodyRequired = a.Type.Kind() != reflect.Pointer
		}
	}
	// Parameters are checked and listed by source, in the order
	// Powertools reports them, and in declaration order within a source.
	slices.SortStableFunc(rs.params, func(a, b paramSchema) int {
		return sourceRank(a.source) - sourceRank(b.source)
	})
	if err := r.reflectResult(rt, rs); err != nil {
		return nil, err
	}
	return rs, nil
}

func sourceRank(source string) int {
	switch source {
	case "path":
		return 0
	case "query":
		return 1
	case "header":
		return 2
	}
	return 3
}

// reflectPathParams adds one required parameter for each parameter of the
// path, typed from the argument or field that binds it, or as a string
// when the handler reads it some other way (Request.PathParam).
func (r *registry) reflectPathParams(rt *Route, rs *routeSchemas) error {
	for i, name := range rt.PathParams {
		p := paramSchema{source: "path", name: name, required: true, pathIndex: i}
		var err error
		switch a, f := findPathBinding(rt.Plan, name); {
		case f != nil:
			var fp paramSchema
			fp, err = r.fieldParam(a.Type, *f)
			p.schema, p.description = fp.schema, fp.description
		case a != nil:
			p.schema, err = r.schema(a.Type)
		default:
			p.schema = &Schema{Type: "string"}
		}
		if err != nil {
			return fmt.Errorf("path parameter %q: %w", name, err)
		}
		rs.params = append(rs.params, p)
	}
	return nil
}

// findPathBinding returns the scalar argument, or the parameter struct and
// its field, that binds the path parameter name. The first one wins.
func findPathBinding(plan *binder.Plan, name string) (*binder.Arg, *binder.Field) {
	for i := range plan.Args {
		a := &plan.Args[i]
		switch a.Kind {
		case binder.ArgPath:
			if a.PathName == name {
				return a, nil
			}
		case binder.ArgParams:
			for j := range a.Fields {
				if f := &a.Fields[j]; f.Source == "path" && f.Name == name {
					return a, f
				}
			}
		}
	}
	return nil, nil
}

// fieldParam reflects one tagged field of a parameter struct. The field is
// copied into a one-field struct so that invopop applies the field's
// jsonschema tags (minimum=1, enum=a, ...) exactly as it does for body
// fields.
func (r *registry) fieldParam(structType reflect.Type, f binder.Field) (paramSchema, error) {
	p := paramSchema{source: f.Source, name: f.Name, required: f.Required || f.Source == "path"}
	for structType.Kind() == reflect.Pointer {
		structType = structType.Elem()
	}
	sf := structType.FieldByIndex(f.Index)

	// A parameter is absent or text, never null, so a pointer field is
	// described by the type it points to.
	fieldType := sf.Type
	for fieldType.Kind() == reflect.Pointer {
		fieldType = fieldType.Elem()
	}
	tag := `json:"v"`
	for _, key := range []string{"jsonschema", "jsonschema_description", "jsonschema_extras"} {
		if v, ok := sf.Tag.Lookup(key); ok {
			tag += " " + key + ":" + strconv.Quote(v)
		}
	}
	holder := reflect.StructOf([]reflect.StructField{{Name: "V", Type: fieldType, Tag: reflect.StructTag(tag)}})

	s, err := r.schema(holder)
	if err != nil {
		return p, fmt.Errorf("%s parameter %q (field %s): %w", f.Source, f.Name, sf.Name, err)
	}
	prop, _ := s.Properties.Get("v")
	if prop == nil {
		prop = &Schema{}
	}

	// A parameter's description belongs to the parameter, where Swagger UI
	// shows it.
	p.description, prop.Description = prop.Description, ""
	p.schema = prop
	return p, nil
}

// reflectResult sets the schema and media type of a successful response.
func (r *registry) reflectResult(rt *Route, rs *routeSchemas) error {
	t := rt.Plan.Result
	switch {
	case rt.RawResponse || t == nil:
		return nil
	case t == stringType:
		rs.resultMedia = mediaText
		rs.result = &Schema{Type: "string"}
		return nil
	case t == bytesType || t.Implements(readerType):
		rs.resultMedia = mediaBinary
		return nil
	}
	s, err := r.schema(t)
	if err != nil {
		return fmt.Errorf("result %v: %w", t, err)
	}
	rs.resultMedia = mediaJSON
	rs.result = s
	return nil
}

// successStatus returns the status of rt's successful response, as the
// router sets it: the Status option, else 204 for a handler without a
// result value, else 200.
func successStatus(rt *Route) int {
	switch {
	case rt.Status != 0:
		return rt.Status
	case !rt.RawResponse && rt.Plan.Result == nil:
		return 204
	}
	return 200
}

// operation builds rt's operation from its schemas.
func operation(rt *Route, rs *routeSchemas, operationID string) *Operation {
	op := &Operation{
		Tags:        slices.Clone(rt.Tags),
		Summary:     rt.Summary,
		Description: rt.Description,
		OperationID: operationID,
		Deprecated:  rt.Deprecated,
		Responses:   map[string]*Response{},
	}
	if op.Summary == "" {
		op.Summary = rt.Method + " " + rt.Path
	}
	for _, p := range rs.params {
		if p.source == "header" && isReservedHeader(p.name) {
			continue
		}
		op.Parameters = append(op.Parameters, Parameter{
			Name: p.name, In: p.source, Description: p.description,
			Required: p.required, Schema: p.schema,
		})
	}
	if rs.body != nil {
		op.RequestBody = &RequestBody{
			Content:  map[string]MediaType{mediaJSON: {Schema: rs.body}},
			Required: rs.bodyRequired,
		}
	}
	success := &Response{Description: "Successful Response"}
	if rs.resultMedia != "" {
		success.Content = map[string]MediaType{rs.resultMedia: {Schema: rs.result}}
	}
	op.Responses[strconv.Itoa(successStatus(rt))] = success
	op.Responses["422"] = &Response{
		Description: "Validation Error",
		Content: map[string]MediaType{
			mediaJSON: {Schema: &Schema{Ref: componentRef + "HTTPValidationError"}},
		},
	}
	return op
}

// isReservedHeader reports whether OpenAPI ignores a header parameter of
// this name: the spec describes these headers elsewhere (content types and
// security schemes), so the document leaves them out. They are still
// validated.
func isReservedHeader(name string) bool {
	switch textproto.CanonicalMIMEHeaderKey(name) {
	case "Accept", "Content-Type", "Authorization":
		return true
	}
	return false
}

var nonWord = regexp.MustCompile(`\W`)

// defaultOperationID builds the operationId Powertools gives a route: the
// handler's name and the path with every non-word character replaced by
// "_", then "_" and the method in lower case, as in p_todos_post.
func defaultOperationID(rt *Route) string {
	return nonWord.ReplaceAllString(FuncName(rt.Handler)+rt.Path, "_") + "_" + strings.ToLower(rt.Method)
}

// FuncName returns the name of the function fn without its package path:
// "createTodo" for a top-level function, "Server.Create" for a method
// value, "routes.func1" for a closure. It returns "handler" when fn is not
// a function.
func FuncName(fn any) string {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "handler"
	}
	f := runtime.FuncForPC(v.Pointer())
	if f == nil {
		return "handler"
	}
	name := f.Name()
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, "-fm")
	name = strings.NewReplacer("(*", "", "(", "", ")", "").Replace(name)
	return name
}
