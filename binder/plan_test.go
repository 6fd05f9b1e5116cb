package binder_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/binder"
)

type fakeRequest struct{ id string }

var opts = binder.Options{RequestType: reflect.TypeFor[*fakeRequest]()}

type todo struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

type listQuery struct {
	Limit  int      `query:"limit" jsonschema:"default=10"`
	Tags   []string `query:"tag"`
	Token  string   `header:"x-api-key"`
	Theme  *string  `cookie:"theme"`
	UserID int      `path:"user_id"`
}

func TestNewKinds(t *testing.T) {
	tests := []struct {
		name   string
		fn     any
		params []string
		kinds  []binder.ArgKind
		shape  binder.ResultShape
		async  bool
		result reflect.Type
	}{
		{"no args", func() string { return "" }, nil, nil, binder.ResultValue, false, reflect.TypeFor[string]()},
		{"context and request", func(context.Context, *fakeRequest) error { return nil }, nil,
			[]binder.ArgKind{binder.ArgContext, binder.ArgRequest}, binder.ResultError, false, nil},
		{"path scalars in order", func(a string, b int) (todo, error) { return todo{}, nil }, []string{"a", "b"},
			[]binder.ArgKind{binder.ArgPath, binder.ArgPath}, binder.ResultValueError, false, reflect.TypeFor[todo]()},
		{"params struct", func(listQuery) {}, []string{"user_id"},
			[]binder.ArgKind{binder.ArgParams}, binder.ResultNone, false, nil},
		{"body pointer", func(*todo) *todo { return nil }, nil,
			[]binder.ArgKind{binder.ArgBody}, binder.ResultValue, false, reflect.TypeFor[*todo]()},
		{"future", func(ctx context.Context) asyncbridge.Future[todo] { return asyncbridge.Resolved(todo{}) }, nil,
			[]binder.ArgKind{binder.ArgContext}, binder.ResultFuture, true, reflect.TypeFor[todo]()},
		{"future and error", func() (asyncbridge.Future[int], error) { return asyncbridge.Resolved(1), nil }, nil,
			nil, binder.ResultFutureError, true, reflect.TypeFor[int]()},
		{"receive channel", func() <-chan todo { return nil }, nil, nil, binder.ResultChan, true, reflect.TypeFor[todo]()},
		{"channel", func() chan []int { return nil }, nil, nil, binder.ResultChan, true, reflect.TypeFor[[]int]()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := binder.New(tt.fn, tt.params, opts)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			var kinds []binder.ArgKind
			for _, a := range p.Args {
				kinds = append(kinds, a.Kind)
			}
			if !reflect.DeepEqual(kinds, tt.kinds) {
				t.Errorf("kinds = %v, want %v", kinds, tt.kinds)
			}
			if p.Shape != tt.shape {
				t.Errorf("shape = %v, want %v", p.Shape, tt.shape)
			}
			if p.Async != tt.async {
				t.Errorf("async = %v, want %v", p.Async, tt.async)
			}
			if p.Result != tt.result {
				t.Errorf("result = %v, want %v", p.Result, tt.result)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name   string
		fn     any
		params []string
		want   []string // substrings of the error
	}{
		{"not a func", 42, nil, []string{"handler (int)", "not a function"}},
		{"scalar without path param", func(id string) string { return id }, nil,
			[]string{"argument 1 (string)", "no path parameter is left", "query:"}},
		{"second scalar", func(a, b string) string { return a }, []string{"a"},
			[]string{"argument 2 (string)", "the route has 1"}},
		{"two bodies", func(todo, map[string]any) {}, nil, []string{"argument 2", "second body"}},
		{"unbindable", func(chan int) {}, nil, []string{"argument 1 (chan int)", "cannot bind"}},
		{"bad second result", func() (int, string) { return 0, "" }, nil, []string{"second result is string", "(T, error)"}},
		{"three results", func() (int, int, error) { return 0, 0, nil }, nil, []string{"3 results"}},
		{"send-only channel", func() chan<- int { return nil }, nil, []string{"send-only"}},
		{"path tag without param", func(struct {
			ID int `path:"id"`
		}) {
		}, nil, []string{"path:\"id\"", "no <id> parameter", "add <id> to the route"}},
		{"bad default", func(struct {
			N int `query:"n" jsonschema:"default=x"`
		}) {
		}, nil, []string{"default \"x\"", "write a default that parses as int"}},
		{"variadic", func(...string) {}, nil, []string{"variadic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := binder.New(tt.fn, tt.params, opts)
			if err == nil {
				t.Fatal("New returned no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
