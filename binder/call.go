package binder

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"reflect"
	"strings"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

// Input is the request data that a Plan binds from.
type Input struct {
	PathValues []string // decoded, in pattern order
	Query      url.Values
	Header     http.Header
	Cookies    []*http.Cookie
	Body       []byte
}

// ErrChannelClosed is returned when a handler's result channel is closed
// before it delivers a value.
var ErrChannelClosed = errors.New("binder: the handler's result channel was closed without a value")

// Call binds the arguments from in, calls the handler, and, for an async
// handler, waits for its Future or channel under ctx. It returns the
// settled value, or a *RequestError when binding failed, or the handler's
// error. When ctx ends first, the error wraps ctx.Err().
func (p *Plan) Call(ctx context.Context, in *Input, req any) (any, error) {
	args, err := p.bind(ctx, in, req)
	if err != nil {
		return nil, err
	}
	out := p.fn.Call(args)
	return p.settle(ctx, out)
}

func (p *Plan) bind(ctx context.Context, in *Input, req any) ([]reflect.Value, error) {
	if len(p.Args) == 0 {
		return nil, nil
	}
	f := newCallFrame(len(p.Args))
	args := f.args
	var detail []ValidationDetail
	status := 0
	for i := range p.Args {
		a := &p.Args[i]
		switch a.Kind {
		case ArgContext:
			f.ctx = ctx
			args[i] = reflect.ValueOf(&f.ctx).Elem()
		case ArgRequest:
			args[i] = reflect.ValueOf(req)
		case ArgPath:
			v := f.slot(a)
			text := ""
			if a.PathIndex < len(in.PathValues) {
				text = in.PathValues[a.PathIndex]
			}
			if code := a.set(text, v); code != "" {
				detail = append(detail, ValidationDetail{Loc: []any{"path", a.PathName}, Type: code})
			}
			args[i] = v
		case ArgParams:
			v, d := bindParams(a, in)
			detail = append(detail, d...)
			args[i] = v
		case ArgBody:
			v, d, st := bindBody(a, in)
			detail = append(detail, d...)
			if st != 0 {
				status = st
			}
			args[i] = v
		}
	}
	if detail != nil {
		if status == 0 {
			status = http.StatusUnprocessableEntity
		}
		return nil, &RequestError{Status: status, Detail: detail}
	}
	return args, nil
}

func bindParams(a *Arg, in *Input) (reflect.Value, []ValidationDetail) {
	t := a.Type
	isPtr := t.Kind() == reflect.Pointer
	if isPtr {
		t = t.Elem()
	}
	ptr := reflect.New(t)
	s := ptr.Elem()
	var detail []ValidationDetail
	for i := range a.Fields {
		f := &a.Fields[i]
		values := lookup(f, in)
		if len(values) == 0 {
			if f.Default != "" {
				values = []string{f.Default}
			} else {
				if f.Required {
					detail = append(detail, ValidationDetail{Loc: []any{f.Source, f.Name}, Type: "missing"})
				}
				continue
			}
		}
		if code := f.decode(values, s.FieldByIndex(f.Index)); code != "" {
			detail = append(detail, ValidationDetail{Loc: []any{f.Source, f.Name}, Type: code})
		}
	}
	if isPtr {
		return ptr, detail
	}
	return s, detail
}

func lookup(f *Field, in *Input) []string {
	switch f.Source {
	case "query":
		return in.Query[f.Name]
	case "header":
		// Header names match case-insensitively; textproto canonicalizes
		// the tag's spelling the way the adapters canonicalize the keys.
		return in.Header[textproto.CanonicalMIMEHeaderKey(f.Name)]
	case "cookie":
		var values []string
		for _, c := range in.Cookies {
			if c.Name == f.Name {
				values = append(values, c.Value)
			}
		}
		return values
	case "path":
		if f.pathIndex < len(in.PathValues) {
			return in.PathValues[f.pathIndex : f.pathIndex+1]
		}
	}
	return nil
}

func bindBody(a *Arg, in *Input) (reflect.Value, []ValidationDetail, int) {
	if ct := in.Header.Get("Content-Type"); ct != "" && !IsJSONContentType(ct) {
		return reflect.Zero(a.Type), []ValidationDetail{{Loc: []any{"header", "content-type"}, Type: "unsupported_media_type"}},
			http.StatusUnsupportedMediaType
	}
	body := in.Body
	if isBlank(body) || string(trimSpace(body)) == "null" {
		if a.bodyIsPtr {
			return reflect.Zero(a.Type), nil, 0
		}
		return reflect.Zero(a.Type), []ValidationDetail{{Loc: []any{"body"}, Type: "missing"}}, 0
	}
	ptr := reflect.New(a.Type)
	if err := json.Unmarshal(body, ptr.Interface()); err != nil {
		return reflect.Zero(a.Type), []ValidationDetail{jsonErrorDetail(err, a.Type)}, 0
	}
	return ptr.Elem(), nil, 0
}

// IsJSONContentType reports whether a Content-Type value names JSON,
// ignoring case and parameters such as charset.
func IsJSONContentType(ct string) bool {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.ToLower(strings.TrimSpace(ct))
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}

func isBlank(b []byte) bool { return len(trimSpace(b)) == 0 }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isJSONSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// jsonErrorDetail turns an encoding/json error into the item pydantic
// reports for the same body.
func jsonErrorDetail(err error, t reflect.Type) ValidationDetail {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return ValidationDetail{Loc: []any{"body", int(syntax.Offset)}, Type: "json_invalid"}
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		loc := []any{"body"}
		if typeErr.Field != "" {
			for _, part := range strings.Split(typeErr.Field, ".") {
				loc = append(loc, part)
			}
		} else if indirect(t).Kind() == reflect.Struct {
			return ValidationDetail{Loc: loc, Type: "model_attributes_type"}
		}
		return ValidationDetail{Loc: loc, Type: typeCode(typeErr.Type)}
	}
	return ValidationDetail{Loc: []any{"body"}, Type: "value_error"}
}

func indirect(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// typeCode returns pydantic's "<type>_type" code for a Go type that a JSON
// value of another type was decoded into.
func typeCode(t reflect.Type) string {
	switch indirect(t).Kind() {
	case reflect.String:
		return "string_type"
	case reflect.Bool:
		return "bool_type"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int_type"
	case reflect.Float32, reflect.Float64:
		return "float_type"
	case reflect.Slice, reflect.Array:
		return "list_type"
	case reflect.Map:
		return "dict_type"
	case reflect.Struct:
		return "model_type"
	}
	return "value_error"
}

// settle turns the handler's results into a value and an error, waiting
// for async results.
func (p *Plan) settle(ctx context.Context, out []reflect.Value) (any, error) {
	switch p.Shape {
	case ResultNone:
		return nil, nil
	case ResultValue:
		return out[0].Interface(), nil
	case ResultValueError:
		if err := asError(out[1]); err != nil {
			return nil, err
		}
		return out[0].Interface(), nil
	case ResultError:
		return nil, asError(out[0])
	case ResultFuture:
		return await(ctx, out[0])
	case ResultFutureError:
		if err := asError(out[1]); err != nil {
			return nil, err
		}
		return await(ctx, out[0])
	case ResultChan:
		return receive(ctx, out[0])
	}
	return nil, fmt.Errorf("binder: unknown result shape %d", p.Shape)
}

func await(ctx context.Context, future reflect.Value) (any, error) {
	v, err := future.Interface().(asyncbridge.Awaitable).AwaitAny(ctx)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func asError(v reflect.Value) error {
	if v.IsNil() {
		return nil
	}
	return v.Interface().(error)
}

// receive waits for the first value on a result channel, or for ctx.
func receive(ctx context.Context, ch reflect.Value) (any, error) {
	if ch.IsNil() {
		return nil, ErrChannelClosed
	}
	cases := [2]reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: ch},
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())},
	}
	chosen, v, ok := reflect.Select(cases[:])
	if chosen == 1 {
		return nil, fmt.Errorf("waiting for the handler's result channel: %w", ctx.Err())
	}
	if !ok {
		return nil, ErrChannelClosed
	}
	return v.Interface(), nil
}
