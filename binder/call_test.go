package binder_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/binder"
)

func call(t *testing.T, fn any, params []string, in *binder.Input) (any, error) {
	t.Helper()
	p, err := binder.New(fn, params, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if in.Header == nil {
		in.Header = http.Header{}
	}
	return p.Call(context.Background(), in, &fakeRequest{id: "r1"})
}

func details(t *testing.T, err error) string {
	t.Helper()
	var re *binder.RequestError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *binder.RequestError", err)
	}
	b, _ := json.Marshal(re.Detail)
	return string(b)
}

func TestCallBindsSources(t *testing.T) {
	fn := func(ctx context.Context, r *fakeRequest, q listQuery) map[string]any {
		theme := ""
		if q.Theme != nil {
			theme = *q.Theme
		}
		return map[string]any{"req": r.id, "limit": q.Limit, "tags": q.Tags, "token": q.Token, "theme": theme, "user": q.UserID}
	}
	in := &binder.Input{
		PathValues: []string{"7"},
		Query:      url.Values{"tag": {"a", "b"}},
		Header:     http.Header{"X-Api-Key": {"k1"}},
		Cookies:    []*http.Cookie{{Name: "theme", Value: "dark"}},
	}
	got, err := call(t, fn, []string{"user_id"}, in)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	want := map[string]any{"req": "r1", "limit": 10, "tags": []string{"a", "b"}, "token": "k1", "theme": "dark", "user": 7}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCallRequestErrors(t *testing.T) {
	type params struct {
		Limit  int       `query:"limit"`
		Active bool      `query:"active"`
		Ratio  float64   `query:"ratio"`
		Since  time.Time `query:"since"`
		Need   string    `header:"x-need" jsonschema:"required"`
	}
	tests := []struct {
		name  string
		fn    any
		path  []string
		in    binder.Input
		want  string
		state int
	}{
		{"path int", func(id int) int { return id }, []string{"id"},
			binder.Input{PathValues: []string{"abc"}},
			`[{"loc":["path","id"],"type":"int_parsing"}]`, 422},
		{"all params collected", func(p params) int { return 0 }, nil,
			binder.Input{Query: url.Values{"limit": {"x"}, "active": {"maybe"}, "ratio": {"1/2"}, "since": {"yesterday"}}},
			`[{"loc":["query","limit"],"type":"int_parsing"},{"loc":["query","active"],"type":"bool_parsing"},` +
				`{"loc":["query","ratio"],"type":"float_parsing"},{"loc":["query","since"],"type":"value_error"},` +
				`{"loc":["header","x-need"],"type":"missing"}]`, 422},
		{"body invalid json", func(todo) int { return 0 }, nil,
			binder.Input{Body: []byte("{")}, `[{"loc":["body",1],"type":"json_invalid"}]`, 422},
		{"body missing", func(todo) int { return 0 }, nil,
			binder.Input{}, `[{"loc":["body"],"type":"missing"}]`, 422},
		{"body null", func(todo) int { return 0 }, nil,
			binder.Input{Body: []byte(" null ")}, `[{"loc":["body"],"type":"missing"}]`, 422},
		{"body array for struct", func(todo) int { return 0 }, nil,
			binder.Input{Body: []byte("[]")}, `[{"loc":["body"],"type":"model_attributes_type"}]`, 422},
		{"body field type", func(todo) int { return 0 }, nil,
			binder.Input{Body: []byte(`{"title":5}`)}, `[{"loc":["body","title"],"type":"string_type"}]`, 422},
		{"body content type", func(todo) int { return 0 }, nil,
			binder.Input{Body: []byte(`title=x`), Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}},
			`[{"loc":["header","content-type"],"type":"unsupported_media_type"}]`, 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			_, err := call(t, tt.fn, tt.path, &in)
			if got := details(t, err); got != tt.want {
				t.Errorf("detail = %s\nwant     %s", got, tt.want)
			}
			var re *binder.RequestError
			errors.As(err, &re)
			if re.StatusCode() != tt.state {
				t.Errorf("status = %d, want %d", re.StatusCode(), tt.state)
			}
		})
	}
}

func TestCallBodyForms(t *testing.T) {
	tests := []struct {
		name string
		fn   any
		ct   string
		body string
		want any
	}{
		{"json with charset", func(t todo) string { return t.Title }, "Application/JSON;charset=UTF-8", `{"title":"x"}`, "x"},
		{"vendor json", func(t todo) string { return t.Title }, "application/vnd.api+json", `{"title":"v"}`, "v"},
		{"no content type", func(m map[string]int) int { return m["n"] }, "", `{"n":3}`, 3},
		{"slice body", func(s []int) int { return len(s) }, "application/json", `[1,2,3]`, 3},
		{"optional pointer body absent", func(t *todo) bool { return t == nil }, "", ``, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &binder.Input{Body: []byte(tt.body), Header: http.Header{}}
			if tt.ct != "" {
				in.Header.Set("Content-Type", tt.ct)
			}
			got, err := call(t, tt.fn, nil, in)
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCallResults(t *testing.T) {
	boom := errors.New("boom")
	ch := make(chan string, 1)
	ch <- "from channel"
	closed := make(chan int)
	close(closed)
	tests := []struct {
		name    string
		fn      any
		want    any
		wantErr error
	}{
		{"value", func() int { return 1 }, 1, nil},
		{"value error nil", func() (string, error) { return "ok", nil }, "ok", nil},
		{"value error set", func() (string, error) { return "ignored", boom }, nil, boom},
		{"error only", func() error { return boom }, nil, boom},
		{"none", func() {}, nil, nil},
		{"future", func(ctx context.Context) asyncbridge.Future[int] {
			return asyncbridge.Go(ctx, func(context.Context) (int, error) { return 5, nil })
		}, 5, nil},
		{"future failed", func() asyncbridge.Future[int] { return asyncbridge.Failed[int](boom) }, nil, boom},
		{"future with error", func() (asyncbridge.Future[int], error) { return asyncbridge.Future[int]{}, boom }, nil, boom},
		{"channel", func() <-chan string { return ch }, "from channel", nil},
		{"closed channel", func() chan int { return closed }, nil, binder.ErrChannelClosed},
		{"nil channel", func() <-chan int { return nil }, nil, binder.ErrChannelClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := call(t, tt.fn, nil, &binder.Input{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCallAwaitHonoursContext(t *testing.T) {
	never := make(chan int)
	fns := map[string]any{
		"future": func(ctx context.Context) asyncbridge.Future[int] {
			return asyncbridge.Go(ctx, func(ctx context.Context) (int, error) {
				<-ctx.Done()
				return 0, ctx.Err()
			})
		},
		"channel": func() <-chan int { return never },
	}
	for name, fn := range fns {
		t.Run(name, func(t *testing.T) {
			p, err := binder.New(fn, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
			defer cancel()
			_, err = p.Call(ctx, &binder.Input{Header: http.Header{}}, nil)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want context.DeadlineExceeded", err)
			}
		})
	}
}
