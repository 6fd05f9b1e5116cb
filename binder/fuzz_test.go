package binder_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/binder"
)

// fuzzParams has a field for each way the binder decodes text: scalars,
// pointers and slices of scalars, a TextUnmarshaler, a default, a required
// value, and an array that goes through mapstructure.
type fuzzParams struct {
	Limit   int       `query:"limit"`
	Ratio   float64   `query:"ratio"`
	Tags    []int     `query:"tag"`
	On      *bool     `query:"on"`
	Since   time.Time `query:"since"`
	Size    uint8     `query:"size" jsonschema:"default=5"`
	Need    string    `query:"need" jsonschema:"required"`
	Window  [2]int    `query:"window"`
	Agent   string    `header:"X-Agent"`
	Trace   []string  `header:"X-Trace"`
	Session string    `cookie:"session"`
}

type fuzzBody struct {
	Name   string    `json:"name"`
	Count  int       `json:"count"`
	Items  []float64 `json:"items"`
	Nested *fuzzBody `json:"nested"`
}

// fuzzPlan is one handler under test and the path parameters of its route.
type fuzzPlan struct {
	name   string
	params []string
	fn     any
}

var fuzzPlans = []fuzzPlan{
	{"params and body", []string{"id"}, func(ctx context.Context, id int64, q fuzzParams, body *fuzzBody) (fuzzBody, error) {
		return fuzzBody{Name: q.Need, Count: int(id)}, nil
	}},
	{"map body", nil, func(m map[string]any) map[string]any { return m }},
	{"list body", nil, func(items []int) int { return len(items) }},
	{"struct body", nil, func(b fuzzBody) string { return b.Name }},
	{"future", nil, func(ctx context.Context, q *fuzzParams) asyncbridge.Future[int] {
		return asyncbridge.Go(ctx, func(context.Context) (int, error) { return q.Limit, nil })
	}},
	{"channel", []string{"name"}, func(name string) <-chan string {
		ch := make(chan string, 1)
		ch <- name
		return ch
	}},
}

// validSources are the first element of every loc that a request error may
// report.
var validSources = []any{"path", "query", "header", "cookie", "body"}

// FuzzPlanCall binds random query strings, header lines, cookies, content
// types, bodies and path values with each plan in fuzzPlans. Call must not
// panic, must fail only with a *binder.RequestError of status 415 or 422
// whose items are well formed, must agree with strconv and encoding/json on
// the values checked in checkReference, and must leave no goroutine behind.
func FuzzPlanCall(f *testing.F) {
	f.Add("limit=10&need=x&tag=1&tag=2", "X-Agent: curl\nX-Trace: a", "session=abc", "application/json",
		[]byte(`{"name":"n","count":3,"items":[1.5]}`), "42")
	f.Add("limit=abc&ratio=1e400&on=maybe&since=yesterday&size=300&window=1", "", "", "text/plain", []byte(`{`), "x")
	f.Add("need=%zz&window=1&window=2&window=3", "X-Trace: \x00", "session", "application/merge-patch+json; charset=utf-8",
		[]byte(`{"nested":{"nested":{"count":"7"}}}`), "-9223372036854775809")
	f.Add("", "", "", "", []byte("null"), "")
	f.Add("need", "", "", "", []byte(strings.Repeat("[", 10001)), "0")
	f.Add("need=1", "", "", "", []byte(`[1,"2",3]`), "1")
	for _, s := range sharedSeeds() {
		f.Add(s.query, s.headers, s.cookies, s.contentType, s.body, "7")
	}

	plans := make([]*binder.Plan, len(fuzzPlans))
	for i, fp := range fuzzPlans {
		p, err := binder.New(fp.fn, fp.params, binder.Options{})
		if err != nil {
			f.Fatalf("plan %q: %v", fp.name, err)
		}
		plans[i] = p
	}

	f.Fuzz(func(t *testing.T, rawQuery, headerLines, cookieLine, contentType string, body []byte, pathValue string) {
		in := fuzzInput(rawQuery, headerLines, cookieLine, contentType, body, pathValue)
		before := runtime.NumGoroutine()
		for i, p := range plans {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := p.Call(ctx, in, nil)
			cancel()
			checkRequestError(t, fuzzPlans[i].name, err)
			if i == 0 {
				checkReference(t, in, err)
			}
		}
		waitGoroutines(t, before)
	})
}

// fuzzInput builds a binder.Input the way the router's adapters would:
// canonical header keys, query values decoded once, cookies parsed by
// net/http.
func fuzzInput(rawQuery, headerLines, cookieLine, contentType string, body []byte, pathValue string) *binder.Input {
	query := url.Values{}
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		query[unescape(k)] = append(query[unescape(k)], unescape(v))
	}
	header := http.Header{}
	for line := range strings.SplitSeq(headerLines, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			key := textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
			header[key] = append(header[key], strings.TrimSpace(v))
		}
	}
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	cookies := (&http.Request{Header: http.Header{"Cookie": {cookieLine}}}).Cookies()
	return &binder.Input{
		PathValues: []string{pathValue},
		Query:      query,
		Header:     header,
		Cookies:    cookies,
		Body:       body,
	}
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// checkRequestError fails t unless err is nil or a well-formed
// *binder.RequestError: status 415 or 422, at least one item, each with a
// known source first in loc and a type, and JSON-encodable.
func checkRequestError(t *testing.T, plan string, err error) {
	if err == nil {
		return
	}
	var reqErr *binder.RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("%s: Call failed with %T %v; want nil or *binder.RequestError", plan, err, err)
	}
	if s := reqErr.StatusCode(); s != http.StatusUnprocessableEntity && s != http.StatusUnsupportedMediaType {
		t.Fatalf("%s: status %d, want 415 or 422", plan, s)
	}
	if len(reqErr.Detail) == 0 {
		t.Fatalf("%s: request error without detail items", plan)
	}
	for _, d := range reqErr.Detail {
		if len(d.Loc) == 0 || !slices.Contains(validSources, d.Loc[0]) {
			t.Fatalf("%s: item loc %v does not start with a request source", plan, d.Loc)
		}
		if d.Type == "" {
			t.Fatalf("%s: item at %v has no type", plan, d.Loc)
		}
	}
	if _, err := json.Marshal(reqErr.Detail); err != nil {
		t.Fatalf("%s: detail does not encode as JSON: %v", plan, err)
	}
}

// checkReference compares the errors of the first plan with the results
// of strconv and encoding/json for the same text.
func checkReference(t *testing.T, in *binder.Input, err error) {
	var reqErr *binder.RequestError
	errors.As(err, &reqErr)
	has := func(source, name, code string) bool {
		if reqErr == nil {
			return false
		}
		for _, d := range reqErr.Detail {
			if len(d.Loc) == 2 && d.Loc[0] == source && d.Loc[1] == name && d.Type == code {
				return true
			}
		}
		return false
	}

	ct := in.Header.Get("Content-Type")
	if ct != "" && !binder.IsJSONContentType(ct) {
		if reqErr == nil || reqErr.StatusCode() != http.StatusUnsupportedMediaType {
			t.Fatalf("content type %q: error %v, want status 415", ct, err)
		}
		return
	}

	_, parseErr := strconv.ParseInt(in.PathValues[0], 10, 64)
	if got, want := has("path", "id", "int_parsing"), parseErr != nil; got != want {
		t.Fatalf("path id %q: int_parsing reported %v, strconv error %v", in.PathValues[0], got, parseErr)
	}
	if limit := in.Query["limit"]; len(limit) > 0 {
		_, parseErr := strconv.Atoi(limit[0])
		if got, want := has("query", "limit", "int_parsing"), parseErr != nil; got != want {
			t.Fatalf("query limit %q: int_parsing reported %v, strconv error %v", limit[0], got, parseErr)
		}
	}
	if got, want := has("query", "need", "missing"), len(in.Query["need"]) == 0; got != want {
		t.Fatalf("query need %q: missing reported %v, want %v", in.Query["need"], got, want)
	}
	trimmed := strings.TrimSpace(string(in.Body))
	if trimmed != "" && trimmed != "null" && !json.Valid(in.Body) {
		if reqErr == nil || !slices.ContainsFunc(reqErr.Detail, func(d binder.ValidationDetail) bool {
			return d.Type == "json_invalid"
		}) {
			t.Fatalf("body %q is not JSON; error %v, want a json_invalid item", in.Body, err)
		}
	}
}

// waitGoroutines waits up to a second for the goroutine count to fall back
// to before, because a settled Future's goroutine exits just after it
// closes its done channel.
func waitGoroutines(t *testing.T, before int) {
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines: %d before the calls, %d a second after", before, runtime.NumGoroutine())
		}
		time.Sleep(time.Millisecond)
	}
}

// binderSeed is the request data of one shared event.
type binderSeed struct {
	query, headers, cookies, contentType string
	body                                 []byte
}

// sharedSeeds reads the query, headers, cookies and body of each shared
// sample and bug-report event, relative to this package's directory, or
// returns none when those files are absent.
func sharedSeeds() []binderSeed {
	var seeds []binderSeed
	for _, glob := range []string{"../../shared/events/*/*.json", "../../shared/cases/*.json"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				continue
			}
			var e struct {
				Body        string            `json:"body"`
				RawQuery    string            `json:"rawQueryString"`
				QueryParams map[string]string `json:"queryStringParameters"`
				Headers     map[string]any    `json:"headers"`
				Cookies     []string          `json:"cookies"`
			}
			if json.Unmarshal(data, &e) != nil {
				continue
			}
			s := binderSeed{query: e.RawQuery, cookies: strings.Join(e.Cookies, "; "), body: []byte(e.Body)}
			if s.query == "" {
				q := url.Values{}
				for k, v := range e.QueryParams {
					q.Set(k, v)
				}
				s.query = q.Encode()
			}
			var lines []string
			for k, v := range e.Headers {
				if text, ok := v.(string); ok {
					lines = append(lines, k+": "+text)
					if strings.EqualFold(k, "Content-Type") {
						s.contentType = text
					}
				}
			}
			slices.Sort(lines)
			s.headers = strings.Join(lines, "\n")
			seeds = append(seeds, s)
		}
	}
	return seeds
}
