package openapi

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

type (
	plainOwner struct {
		Name string `json:"name" jsonschema:"required"`
	}
	plainTodo struct {
		Title   string      `json:"title" jsonschema:"required,description=What to do"`
		Done    bool        `json:"done"`
		Count   int         `json:"count,omitempty"`
		Ratio   float64     `json:"ratio"`
		Due     time.Time   `json:"due"`
		Owner   *plainOwner `json:"owner"`
		Parent  plainOwner  `json:"parent"`
		Skipped func()      `json:"-"`
		hidden  int
	}
	constrainedTodo struct {
		Title string `json:"title" jsonschema:"minLength=1"`
	}
	omittedRequired struct {
		Title string `json:"title,omitempty" jsonschema:"required"`
	}
	listTodo struct {
		Tags []string `json:"tags"`
	}
	mapTodo struct {
		Labels map[string]string `json:"labels,omitempty"`
	}
	embeddedTodo struct {
		plainOwner
		Done bool `json:"done"`
	}
	stringNumber struct {
		N int `json:"n,string"`
	}
	customField struct {
		Raw json.RawMessage `json:"raw"`
		Val encodedValue    `json:"val"`
	}
	encodedValue  struct{ N int }
	recursiveTodo struct {
		Next *recursiveTodo `json:"next"`
	}
	enumInNested struct {
		Owner *constrainedTodo `json:"owner"`
	}
)

func (encodedValue) MarshalJSON() ([]byte, error) { return []byte(`[]`), nil }

func TestAlwaysValid(t *testing.T) {
	tests := []struct {
		typ  reflect.Type
		want bool
	}{
		{reflect.TypeFor[plainTodo](), true},
		{reflect.TypeFor[plainOwner](), true},
		{reflect.TypeFor[*plainTodo](), false},
		{reflect.TypeFor[[]plainTodo](), false},
		{reflect.TypeFor[map[string]int](), false},
		{reflect.TypeFor[string](), false},
		{reflect.TypeFor[constrainedTodo](), false},
		{reflect.TypeFor[omittedRequired](), false},
		{reflect.TypeFor[listTodo](), false},
		{reflect.TypeFor[mapTodo](), false},
		{reflect.TypeFor[embeddedTodo](), false},
		{reflect.TypeFor[stringNumber](), false},
		{reflect.TypeFor[customField](), false},
		{reflect.TypeFor[recursiveTodo](), false},
		{reflect.TypeFor[enumInNested](), false},
		{reflect.TypeFor[time.Time](), false},
	}
	for _, tt := range tests {
		t.Run(tt.typ.String(), func(t *testing.T) {
			r := newRegistry()
			s, err := r.schema(tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.alwaysValid(tt.typ, s); got != tt.want {
				t.Errorf("alwaysValid = %v, want %v (schema %s)", got, tt.want, marshalSchema(t, r.resolve(s)))
			}
		})
	}
}

func TestAlwaysValidValuesPass(t *testing.T) {
	// Values of a type judged always valid must pass its schema when the
	// check is forced.
	values := []plainTodo{
		{},
		{Title: "x", Done: true, Count: -3, Ratio: 2.5, Due: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Owner: &plainOwner{Name: "ann"}, Parent: plainOwner{Name: "bob"}},
	}
	components := map[string]*Schema{}
	r := newRegistry()
	s, err := r.schema(reflect.TypeFor[plainTodo]())
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range r.components {
		components[name] = c
	}
	for _, v := range values {
		body, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := detailsFor(t, marshalSchema(t, s), marshalSchema(t, components), string(body)); got != "[]" {
			t.Errorf("%s fails its schema: %s", body, got)
		}
	}
}

func TestAlwaysValidSkipsResponseCheck(t *testing.T) {
	plain, _ := newValidator(t, "GET", "/plain", nil, func() plainTodo { return plainTodo{} })
	if plain.ValidatesResponse() {
		t.Error("a response that cannot be invalid is validated")
	}
	constrained, _ := newValidator(t, "GET", "/constrained", nil, func() constrainedTodo { return constrainedTodo{} })
	if !constrained.ValidatesResponse() {
		t.Error("a response with a minLength field is not validated")
	}
}
