package binder

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

// ArgKind is the source of an argument's value.
type ArgKind int

const (
	ArgContext ArgKind = iota // the invocation's context.Context
	ArgRequest                // the caller's request object, passed to Call
	ArgPath                   // one path parameter, in pattern order
	ArgParams                 // a struct with path, query, header or cookie tags
	ArgBody                   // the JSON body
)

// ResultShape is the form of a handler's results, which also determines whether it is async.
type ResultShape int

const (
	ResultNone        ResultShape = iota // no results
	ResultValue                          // T
	ResultValueError                     // (T, error)
	ResultError                          // error
	ResultFuture                         // asyncbridge.Future[T]
	ResultFutureError                    // (asyncbridge.Future[T], error)
	ResultChan                           // <-chan T or chan T
)

// Arg is the binding plan of one handler argument.
type Arg struct {
	Kind ArgKind
	Type reflect.Type

	// PathName and PathIndex locate an ArgPath argument's parameter.
	PathName  string
	PathIndex int

	// Fields lists the tagged fields of an ArgParams struct.
	Fields []Field

	set       scalarSetter
	slot      slotKind // storage of an ArgPath argument's value during a call
	bodyIsPtr bool
}

// Field is one tagged field of a parameter struct.
type Field struct {
	Source   string // "path", "query", "header" or "cookie"
	Name     string // the name the client sends
	Index    []int
	Type     reflect.Type
	Default  string // from jsonschema:"default=..."; "" when none
	Required bool   // from jsonschema:"required"

	decode    fieldDecoder
	pathIndex int
}

// Plan is a handler inspected once, at registration: how to bind each
// argument and how to read its results.
type Plan struct {
	Args  []Arg
	Shape ResultShape

	// Result is the type of the value the handler produces once settled:
	// T for T, (T, error), Future[T] and chan T; nil for error-only and
	// no-result handlers.
	Result reflect.Type

	// Async is true when the handler returns a Future or a channel.
	Async bool

	fn reflect.Value
}

// Options configures New.
type Options struct {
	// RequestType is the type of the request object that Call's req
	// argument carries, such as *router.Request.
	RequestType reflect.Type
}

// ArgError reports an argument or result that the binder cannot handle.
type ArgError struct {
	Index   int // argument position from 0, or -1 for results
	Type    reflect.Type
	Problem string
	Fix     string
}

// handlerIndex marks an ArgError about the handler value itself.
const handlerIndex = -2

func (e *ArgError) Error() string {
	what := "results"
	if e.Index == handlerIndex {
		what = fmt.Sprintf("handler (%v)", e.Type)
	} else if e.Index >= 0 {
		what = fmt.Sprintf("argument %d (%v)", e.Index+1, e.Type)
	} else if e.Type != nil {
		what = fmt.Sprintf("results (%v)", e.Type)
	}
	return fmt.Sprintf("%s: %s; %s", what, e.Problem, e.Fix)
}

var (
	contextType   = reflect.TypeFor[context.Context]()
	errorType     = reflect.TypeFor[error]()
	awaitableType = reflect.TypeFor[asyncbridge.Awaitable]()
)

// New inspects fn and returns its plan. pathParams are the route's
// parameter names in pattern order; scalar arguments take them in that order.
func New(fn any, pathParams []string, opts Options) (*Plan, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return nil, &ArgError{Index: handlerIndex, Type: reflect.TypeOf(fn),
			Problem: "the handler is not a function",
			Fix:     "pass a func such as func(ctx context.Context, id string) (T, error)"}
	}
	t := v.Type()
	if t.IsVariadic() {
		return nil, &ArgError{Index: t.NumIn() - 1, Type: t.In(t.NumIn() - 1),
			Problem: "variadic handlers cannot be bound",
			Fix:     "replace the variadic argument with a slice in a tagged struct"}
	}
	p := &Plan{fn: v}
	if err := p.planArgs(t, pathParams, opts); err != nil {
		return nil, err
	}
	if err := p.planResults(t); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Plan) planArgs(t reflect.Type, pathParams []string, opts Options) error {
	nextPath := 0
	hasBody := false
	for i := 0; i < t.NumIn(); i++ {
		at := t.In(i)
		a := Arg{Type: at}
		switch {
		case at == contextType:
			a.Kind = ArgContext
		case opts.RequestType != nil && at == opts.RequestType:
			a.Kind = ArgRequest
		case isScalar(at):
			if nextPath >= len(pathParams) {
				return &ArgError{Index: i, Type: at,
					Problem: fmt.Sprintf("no path parameter is left for it (the route has %d)", len(pathParams)),
					Fix:     "add a <name> segment to the route, or move the value into a struct field tagged query:\"name\", header:\"name\" or cookie:\"name\""}
			}
			a.Kind = ArgPath
			a.PathIndex = nextPath
			a.PathName = pathParams[nextPath]
			a.set = newScalarSetter(at)
			a.slot = slotKindOf(at)
			nextPath++
		case isParamStruct(at):
			fields, err := planFields(at, pathParams)
			if err != nil {
				return &ArgError{Index: i, Type: at, Problem: err.problem, Fix: err.fix}
			}
			a.Kind = ArgParams
			a.Fields = fields
		case isBodyType(at):
			if hasBody {
				return &ArgError{Index: i, Type: at,
					Problem: "a second body argument; a request has one JSON body",
					Fix:     "combine both into one struct, or tag parameter fields with query, header or cookie"}
			}
			hasBody = true
			a.Kind = ArgBody
			a.bodyIsPtr = at.Kind() == reflect.Pointer
		default:
			return &ArgError{Index: i, Type: at,
				Problem: "the router cannot bind this type",
				Fix:     "use context.Context, the request type, a scalar for a path parameter, a tagged struct, or a struct, map or slice for the JSON body"}
		}
		p.Args = append(p.Args, a)
	}
	return nil
}

// isParamStruct reports whether t is a struct (or pointer to one) with at
// least one field tagged path, query, header or cookie.
func isParamStruct(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		if _, _, ok := paramTag(t.Field(i)); ok {
			return true
		}
	}
	return false
}

func isBodyType(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Slice:
		return true
	case reflect.Pointer:
		switch t.Elem().Kind() {
		case reflect.Struct, reflect.Map, reflect.Slice:
			return true
		}
	}
	return false
}

var paramSources = [...]string{"path", "query", "header", "cookie"}

func paramTag(f reflect.StructField) (source, name string, ok bool) {
	for _, src := range paramSources {
		if v, found := f.Tag.Lookup(src); found {
			name, _, _ = strings.Cut(v, ",")
			if name == "" {
				name = f.Name
			}
			return src, name, true
		}
	}
	return "", "", false
}

// fieldError is a tagged field that cannot be bound, with its own fix.
type fieldError struct{ problem, fix string }

func planFields(t reflect.Type, pathParams []string) ([]Field, *fieldError) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var fields []Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		src, name, ok := paramTag(sf)
		if !ok {
			continue
		}
		if !sf.IsExported() {
			return nil, &fieldError{fmt.Sprintf("field %s is tagged %s:%q but not exported", sf.Name, src, name),
				"export the field by capitalizing its name"}
		}
		if src == "path" && !contains(pathParams, name) {
			return nil, &fieldError{fmt.Sprintf("field %s is tagged path:%q but the route has no <%s> parameter", sf.Name, name, name),
				fmt.Sprintf("use one of the route's parameters %q, or add <%s> to the route", pathParams, name)}
		}
		dec, err := newFieldDecoder(sf.Type)
		if err != nil {
			return nil, &fieldError{fmt.Sprintf("field %s (%s:%q): %v", sf.Name, src, name, err),
				"use a scalar, a pointer to one, or a slice of them"}
		}
		f := Field{Source: src, Name: name, Index: sf.Index, Type: sf.Type, decode: dec}
		if src == "path" {
			f.pathIndex = indexOf(pathParams, name)
		}
		f.Default, f.Required = schemaTagFacts(sf.Tag.Get("jsonschema"))
		if f.Default != "" {
			probe := reflect.New(sf.Type).Elem()
			if code := dec([]string{f.Default}, probe); code != "" {
				return nil, &fieldError{fmt.Sprintf("field %s: default %q is not a valid %v", sf.Name, f.Default, sf.Type),
					fmt.Sprintf("write a default that parses as %v in the jsonschema tag", sf.Type)}
			}
		}
		fields = append(fields, f)
	}
	return fields, nil
}

// schemaTagFacts reads default= and required from a jsonschema tag, the
// same tag that the OpenAPI document is generated from.
func schemaTagFacts(tag string) (def string, required bool) {
	for _, part := range strings.Split(tag, ",") {
		switch {
		case part == "required":
			required = true
		case strings.HasPrefix(part, "default="):
			def = strings.TrimPrefix(part, "default=")
		}
	}
	return def, required
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func (p *Plan) planResults(t reflect.Type) error {
	switch t.NumOut() {
	case 0:
		p.Shape = ResultNone
		return nil
	case 1:
		out := t.Out(0)
		switch {
		case out == errorType:
			p.Shape = ResultError
		case out.Implements(awaitableType) && out.Kind() == reflect.Struct:
			p.Shape = ResultFuture
			p.Async = true
			p.Result = futureValueType(out)
		case out.Kind() == reflect.Chan:
			if out.ChanDir() == reflect.SendDir {
				return &ArgError{Index: -1, Type: out,
					Problem: "a send-only channel cannot deliver a result",
					Fix:     "return <-chan T or chan T"}
			}
			p.Shape = ResultChan
			p.Async = true
			p.Result = out.Elem()
		default:
			p.Shape = ResultValue
			p.Result = out
		}
		return nil
	case 2:
		out, last := t.Out(0), t.Out(1)
		if last != errorType {
			return &ArgError{Index: -1, Type: t,
				Problem: fmt.Sprintf("the second result is %v, not error", last),
				Fix:     "return (T, error)"}
		}
		if out.Implements(awaitableType) && out.Kind() == reflect.Struct {
			p.Shape = ResultFutureError
			p.Async = true
			p.Result = futureValueType(out)
			return nil
		}
		p.Shape = ResultValueError
		p.Result = out
		return nil
	}
	return &ArgError{Index: -1, Type: t,
		Problem: fmt.Sprintf("%d results", t.NumOut()),
		Fix:     "return T, (T, error), error, asyncbridge.Future[T] or <-chan T"}
}

// futureValueType reads T out of asyncbridge.Future[T] through its Value
// method, since reflect cannot name a generic type's arguments.
func futureValueType(t reflect.Type) reflect.Type {
	m, ok := t.MethodByName("Value")
	if !ok || m.Type.NumOut() != 1 {
		return nil
	}
	return m.Type.Out(0)
}

// PathParamNames returns the path parameter names that scalar arguments
// consume, in argument order.
func (p *Plan) PathParamNames() []string {
	var names []string
	for _, a := range p.Args {
		if a.Kind == ArgPath {
			names = append(names, a.PathName)
		}
	}
	return names
}

// Body returns the body argument's type, or nil when the handler takes no
// body.
func (p *Plan) Body() reflect.Type {
	for _, a := range p.Args {
		if a.Kind == ArgBody {
			return a.Type
		}
	}
	return nil
}
