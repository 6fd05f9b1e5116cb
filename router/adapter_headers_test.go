package router

import (
	"net/http"
	"reflect"
	"testing"
)

func TestFoldResponseHeaders(t *testing.T) {
	h := http.Header{
		"X-Multi":      {"a", "b"},
		"X-One":        {"1"},
		"X-Empty":      {},
		"Set-Cookie":   {"a=1"},
		"set-cookie":   {"b=2"},
		"Content-Type": {"text/plain"},
	}
	t.Run("multi", func(t *testing.T) {
		want := map[string][]string{"X-Multi": {"a", "b"}, "X-One": {"1"}, "Content-Type": {"text/plain"}}
		if got := multiValueHeaders(h); !reflect.DeepEqual(got, want) {
			t.Errorf("multiValueHeaders = %v, want %v", got, want)
		}
	})
	t.Run("joined", func(t *testing.T) {
		want := map[string]string{"X-Multi": "a, b", "X-One": "1", "Content-Type": "text/plain"}
		if got := joinedHeaders(h); !reflect.DeepEqual(got, want) {
			t.Errorf("joinedHeaders = %v, want %v", got, want)
		}
	})
	t.Run("last", func(t *testing.T) {
		want := map[string]string{"X-Multi": "b", "X-One": "1", "Content-Type": "text/plain"}
		if got := lastValueHeaders(h); !reflect.DeepEqual(got, want) {
			t.Errorf("lastValueHeaders = %v, want %v", got, want)
		}
	})
	t.Run("nil header", func(t *testing.T) {
		if got := multiValueHeaders(nil); got == nil || len(got) != 0 {
			t.Errorf("multiValueHeaders(nil) = %#v, want an empty map", got)
		}
		if got := joinedHeaders(nil); got == nil || len(got) != 0 {
			t.Errorf("joinedHeaders(nil) = %#v, want an empty map", got)
		}
		if got := lastValueHeaders(nil); got == nil || len(got) != 0 {
			t.Errorf("lastValueHeaders(nil) = %#v, want an empty map", got)
		}
	})
}

func TestFoldMultiValueHeadersCopies(t *testing.T) {
	h := http.Header{"X-A": {"1"}}
	m := multiValueHeaders(h)
	m["X-A"][0] = "changed"
	if h["X-A"][0] != "1" {
		t.Errorf("response header = %q after changing the folded map, want %q", h["X-A"][0], "1")
	}
}

func TestFoldSetCookieValues(t *testing.T) {
	tests := []struct {
		name string
		resp *Response
		want []string
	}{
		{
			name: "none",
			resp: &Response{},
			want: []string{},
		},
		{
			name: "header values before cookies",
			resp: &Response{
				Header: http.Header{"Set-Cookie": {"h=1"}},
				Cookies: []*http.Cookie{
					{Name: "sid", Value: "abc", Path: "/", Domain: "example.com", MaxAge: 3600,
						HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode},
					nil,
					{Name: "gone", Value: "x", MaxAge: -1},
				},
			},
			want: []string{
				"h=1",
				"sid=abc; Path=/; Domain=example.com; Max-Age=3600; HttpOnly; Secure; SameSite=Lax",
				"gone=x; Max-Age=0",
			},
		},
		{
			name: "invalid cookie name left out",
			resp: &Response{Cookies: []*http.Cookie{{Name: "bad name", Value: "x"}, {Name: "ok", Value: "1"}}},
			want: []string{"ok=1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := setCookieValues(tt.resp)
			if got == nil {
				t.Fatal("setCookieValues = nil, want a non-nil list")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("setCookieValues = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFoldEventHeaders(t *testing.T) {
	t.Run("single with keys differing in case", func(t *testing.T) {
		got := headerFromSingle(map[string]string{"accept": "b", "Accept": "a", "x_y": "1"})
		want := http.Header{"Accept": {"a", "b"}, "X_y": {"1"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("headerFromSingle = %v, want %v", got, want)
		}
	})
	t.Run("multi skips empty lists", func(t *testing.T) {
		got := headerFromMulti(map[string][]string{"x-a": {"1", "2"}, "x-empty": {}, "X-A": {"0"}})
		want := http.Header{"X-A": {"0", "1", "2"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("headerFromMulti = %v, want %v", got, want)
		}
	})
	t.Run("nil maps give empty headers", func(t *testing.T) {
		if h := headerFromSingle(nil); h == nil || len(h) != 0 {
			t.Errorf("headerFromSingle(nil) = %#v, want an empty header", h)
		}
		if h := headerFromMulti(nil); h == nil || len(h) != 0 {
			t.Errorf("headerFromMulti(nil) = %#v, want an empty header", h)
		}
	})
}

func TestFoldCookieParts(t *testing.T) {
	got := cookieParts([]string{"a=1", " b=2 ;a=1"}, []string{"c=3; ; b=2", ""})
	want := []string{"a=1", "b=2", "c=3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cookieParts = %q, want %q", got, want)
	}
}

func TestFoldParseCookieHeaderSkipsInvalid(t *testing.T) {
	got := cookieStrings(parseCookieHeader(`ok=1; bad name=2; "q"=3; quoted="v"`))
	want := []string{"ok=1", "quoted=v"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseCookieHeader = %q, want %q", got, want)
	}
}

func TestFoldPayloadBody(t *testing.T) {
	if got := payloadBody("", false); got != nil {
		t.Errorf("payloadBody(\"\", false) = %q, want nil (JSON null)", *got)
	}
	if got := payloadBody("", true); got == nil || *got != "" {
		t.Errorf("payloadBody(\"\", true) = %v, want an empty string", got)
	}
	if got := payloadBody("x", false); got == nil || *got != "x" {
		t.Errorf("payloadBody(\"x\", false) = %v, want \"x\"", got)
	}
}
