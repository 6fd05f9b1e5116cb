package binder

import (
	"fmt"
	"reflect"

	"github.com/go-viper/mapstructure/v2"
)

// fieldDecoder stores the text values a client sent for one parameter into
// dst and returns "" or a pydantic error code. values is never empty.
type fieldDecoder func(values []string, dst reflect.Value) string

// newFieldDecoder picks a decoder for a parameter field. Scalars, pointers
// to scalars and slices of scalars, the types nearly every parameter has,
// are parsed directly because that costs no allocation beyond the value
// itself; any other type goes through mapstructure with weak typing.
func newFieldDecoder(t reflect.Type) (fieldDecoder, error) {
	if set := newScalarSetter(t); set != nil {
		return func(values []string, dst reflect.Value) string {
			return set(values[0], dst)
		}, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if set := newScalarSetter(t.Elem()); set != nil {
			return func(values []string, dst reflect.Value) string {
				v := reflect.New(t.Elem())
				if code := set(values[0], v.Elem()); code != "" {
					return code
				}
				dst.Set(v)
				return ""
			}, nil
		}
	case reflect.Slice:
		if set := newScalarSetter(t.Elem()); set != nil {
			return func(values []string, dst reflect.Value) string {
				s := reflect.MakeSlice(t, len(values), len(values))
				for i, text := range values {
					if code := set(text, s.Index(i)); code != "" {
						return code
					}
				}
				dst.Set(s)
				return ""
			}, nil
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Interface:
		return nil, fmt.Errorf("type %v cannot hold a request parameter", t)
	}
	return decodeWithMapstructure, nil
}

func decodeWithMapstructure(values []string, dst reflect.Value) string {
	var input any = values
	if dst.Kind() != reflect.Slice && dst.Kind() != reflect.Array {
		input = values[0]
	}
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:           dst.Addr().Interface(),
		WeaklyTypedInput: true,
		DecodeHook: mapstructure.ComposeDecodeHookFunc(
			mapstructure.TextUnmarshallerHookFunc(),
			mapstructure.StringToTimeDurationHookFunc(),
			mapstructure.StringToSliceHookFunc(","),
		),
	})
	if err != nil {
		return "value_error"
	}
	if err := dec.Decode(input); err != nil {
		return "value_error"
	}
	return ""
}
