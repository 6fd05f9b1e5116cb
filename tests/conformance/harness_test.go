package conformance_test

// This file holds what every case table uses: the event sources, and the
// edits that turn a sample event into a case's request. It also runs each
// case through the three entry points and compares the response with the
// case's expectation.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

// sharedDir is the project's shared folder, relative to this package.
const sharedDir = "../../../shared"

// kind is an event source's spelling of the fields that edits change.
type kind int

const (
	kindREST kind = iota
	kindHTTP
	kindALB
	kindURL
	kindLattice
	kindLatticeV2
)

// source is one Lambda event source: its resolver and the sample event
// that cases start from unless they name another.
type source struct {
	name   string
	kind   kind
	sample string // file under sharedDir
	newApp func(opts ...router.Option) app
}

// app is a resolver of any event source, seen through what the cases need.
type app interface {
	// routes returns the resolver's router, for registration.
	routes() *router.Router

	// run resolves payload through Resolve, ResolveAsync(...).Await and
	// Invoke, fails the test unless all three give the same response, and
	// returns the JSON that Invoke wrote. after runs once after each entry
	// point, with its name. With stack set, the bodies are compared up to
	// their first blank line, where a debug body's stack trace starts,
	// because goroutine ids and addresses differ from run to run.
	run(t *testing.T, payload []byte, stack bool, after func(entry string)) []byte

	// invoke calls Invoke alone, for payloads that are no valid event.
	invoke(payload []byte) ([]byte, error)
}

var (
	rest        = newSource("REST", kindREST, "apiGatewayProxyEvent.json", router.NewAPIGatewayRestResolver)
	httpAPI     = newSource("HTTP", kindHTTP, "apiGatewayProxyV2Event_GET.json", router.NewAPIGatewayHTTPResolver)
	albSingle   = newSource("ALB", kindALB, "albEvent.json", router.NewALBResolver)
	albMulti    = newSource("ALBMulti", kindALB, "albMultiValueHeadersEvent.json", router.NewALBResolver)
	functionURL = newSource("URL", kindURL, "lambdaFunctionUrlEvent.json", router.NewLambdaFunctionURLResolver)
	lattice     = newSource("Lattice", kindLattice, "vpcLatticeEvent.json", router.NewVPCLatticeResolver)
	latticeV2   = newSource("LatticeV2", kindLatticeV2, "vpcLatticeV2Event.json", router.NewVPCLatticeV2Resolver)
)

// allSources lists every event source once, ALB in both header modes.
var allSources = []*source{rest, httpAPI, albSingle, albMulti, functionURL, lattice, latticeV2}

// newSource describes a source whose sample is a Powertools sample event.
func newSource[E, R any](name string, k kind, sample string,
	newResolver func(...router.Option) *router.Resolver[E, R]) *source {
	return &source{
		name:   name,
		kind:   k,
		sample: "events/powertools/" + sample,
		newApp: func(opts ...router.Option) app { return resolverApp[E, R]{newResolver(opts...)} },
	}
}

// resolverApp adapts a typed resolver to app.
type resolverApp[E, R any] struct {
	r *router.Resolver[E, R]
}

func (a resolverApp[E, R]) routes() *router.Router { return a.r.Router }

func (a resolverApp[E, R]) invoke(payload []byte) ([]byte, error) {
	return a.r.Invoke(context.Background(), payload)
}

func (a resolverApp[E, R]) run(t *testing.T, payload []byte, stack bool, after func(entry string)) []byte {
	t.Helper()
	ctx := context.Background()
	var event E
	if err := json.Unmarshal(payload, &event); err != nil {
		t.Fatalf("the case's event does not parse as %T: %v", event, err)
	}

	fromResolve, err := a.r.Resolve(ctx, event)
	if err != nil {
		t.Fatalf("Resolve returned error %v; every failure must become a response", err)
	}
	after("Resolve")

	fromAsync, err := a.r.ResolveAsync(ctx, event).Await(ctx)
	if err != nil {
		t.Fatalf("ResolveAsync(...).Await returned error %v; every failure must become a response", err)
	}
	after("ResolveAsync")

	raw, err := a.r.Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("Invoke returned error %v; every failure must become a response", err)
	}
	after("Invoke")
	var fromInvoke R
	if err := json.Unmarshal(raw, &fromInvoke); err != nil {
		t.Fatalf("Invoke wrote JSON that does not parse as %T: %v\n%s", fromInvoke, err, raw)
	}

	if stack {
		for _, r := range []*R{&fromResolve, &fromAsync, &fromInvoke} {
			body := reflect.ValueOf(r).Elem().FieldByName("Body")
			head, _, _ := strings.Cut(body.String(), "\n\n")
			body.SetString(head)
		}
	}
	want := mustJSON(t, fromResolve)
	if got := mustJSON(t, fromAsync); !bytes.Equal(got, want) {
		t.Errorf("ResolveAsync and Resolve differ:\nResolveAsync %s\nResolve      %s", got, want)
	}
	if got := mustJSON(t, fromInvoke); !bytes.Equal(got, want) {
		t.Errorf("Invoke and Resolve differ:\nInvoke  %s\nResolve %s", got, want)
	}
	return raw
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T as JSON: %v", v, err)
	}
	return b
}

// readShared returns a file under sharedDir.
func readShared(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedDir, name))
	if err != nil {
		t.Fatalf("reading the case's event: %v; the shared folder must sit next to the repository", err)
	}
	return b
}

// edit changes a decoded event, in the spelling of the event's source.
type edit func(k kind, ev map[string]any)

// withPath sets the request path.
func withPath(p string) edit {
	return func(k kind, ev map[string]any) {
		switch k {
		case kindREST, kindALB, kindLatticeV2:
			ev["path"] = p
		case kindHTTP, kindURL:
			ev["rawPath"] = p
			child(ev, "requestContext", "http")["path"] = p
		case kindLattice:
			ev["raw_path"] = p
		}
	}
}

// withMethod sets the request method.
func withMethod(m string) edit {
	return func(k kind, ev map[string]any) {
		switch k {
		case kindREST:
			ev["httpMethod"] = m
			child(ev, "requestContext")["httpMethod"] = m
		case kindALB:
			ev["httpMethod"] = m
		case kindHTTP, kindURL:
			child(ev, "requestContext", "http")["method"] = m
		case kindLattice, kindLatticeV2:
			ev["method"] = m
		}
	}
}

// withHeader replaces the request header name, in any letter case, in
// every header map the event has (both for REST). Payload 2.0 events get
// the lower-case name, as API Gateway sends it.
func withHeader(name, value string) edit {
	return func(k kind, ev map[string]any) {
		withoutHeader(name)(k, ev)
		switch k {
		case kindHTTP, kindURL:
			child(ev, "headers")[strings.ToLower(name)] = value
		case kindREST:
			child(ev, "headers")[name] = value
			child(ev, "multiValueHeaders")[name] = []any{value}
		case kindALB:
			if mv, ok := ev["multiValueHeaders"].(map[string]any); ok && len(mv) > 0 {
				mv[name] = []any{value}
				return
			}
			child(ev, "headers")[name] = value
		case kindLattice, kindLatticeV2:
			child(ev, "headers")[strings.ToLower(name)] = value
		}
	}
}

// withoutHeader removes the request header name, in any letter case, from
// every header map of the event.
func withoutHeader(name string) edit {
	return func(_ kind, ev map[string]any) {
		for _, key := range []string{"headers", "multiValueHeaders"} {
			m, _ := ev[key].(map[string]any)
			for k := range m {
				if strings.EqualFold(k, name) {
					delete(m, k)
				}
			}
		}
	}
}

// withBody sets the request body, which is base64 when encoded is set.
func withBody(body string, encoded bool) edit {
	return func(k kind, ev map[string]any) {
		if k == kindLattice {
			ev["body"], ev["is_base64_encoded"] = body, encoded
			return
		}
		ev["body"], ev["isBase64Encoded"] = body, encoded
	}
}

// withField sets a top-level field of the event, such as a map to null.
func withField(key string, v any) edit {
	return func(_ kind, ev map[string]any) { ev[key] = v }
}

// child returns the object at keys below ev, creating missing levels and
// replacing null ones.
func child(ev map[string]any, keys ...string) map[string]any {
	m := ev
	for _, key := range keys {
		next, ok := m[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[key] = next
		}
		m = next
	}
	return m
}

// recorder collects what handlers and middlewares did during one entry
// point's run, so that a case can check their order and that a handler was
// skipped. It is safe for use from async handlers.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(event string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event)
}

// take returns the events so far and starts a new list.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	events := r.events
	r.events = nil
	return events
}

// header is a response header map. Single-value sources are compared in
// the same form, each value a list of one.
type header = map[string][]string

// tcase is one conformance case: a resolver setup, a request and the
// response that every entry point must give for it.
type tcase struct {
	name string

	// sources lists the event sources the case runs on; nil means REST.
	sources []*source

	// event replaces the source's sample: a file under sharedDir, or inline
	// JSON when it starts with "{".
	event string
	edits []edit

	opts  []router.Option
	setup func(r *router.Router, rec *recorder)

	// trace, when not nil, is what the recorder must hold after each entry
	// point, in order.
	trace []string

	want want
}

// want is the expected response, as Lambda receives it from Invoke.
type want struct {
	status int

	// body is the body after base64 and gzip decoding. JSON bodies are
	// compared as decoded values, others byte for byte.
	body string

	// header is the complete header map, Set-Cookie lines included where
	// the source puts them there; nil means no headers at all.
	header header

	// cookies is the payload 2.0 and VPC Lattice cookies list; nil means [].
	cookies []string

	// base64 is the isBase64Encoded flag.
	base64 bool

	// check, when set, runs extra checks; with anyBody the body is left to it.
	check   func(t *testing.T, r *result)
	anyBody bool

	// stack marks a debug body with a stack trace (see app.run).
	stack bool
}

// result is a response as Invoke wrote it.
type result struct {
	status      int
	description string
	body        []byte // after base64 and gzip decoding
	rawBody     string // as written
	nullBody    bool
	base64      bool
	header      header
	cookies     []string
	keys        []string // top-level keys, sorted
}

// run executes the case on each of its sources.
func (c tcase) run(t *testing.T) {
	sources := c.sources
	if sources == nil {
		sources = []*source{rest}
	}
	for _, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			rec := &recorder{}
			a := src.newApp(c.opts...)
			if c.setup != nil {
				c.setup(a.routes(), rec)
			}
			raw := a.run(t, c.payload(t, src), c.want.stack, func(entry string) {
				events := rec.take()
				if c.trace != nil && !slices.Equal(events, c.trace) {
					t.Errorf("%s: handler and middleware trace = %q, want %q", entry, events, c.trace)
				}
			})
			r := parseResult(t, raw)
			checkShape(t, src, r)
			c.want.compare(t, r)
		})
	}
}

// payload builds the case's event for src.
func (c tcase) payload(t *testing.T, src *source) []byte {
	t.Helper()
	var raw []byte
	switch {
	case strings.HasPrefix(c.event, "{"):
		raw = []byte(c.event)
	case c.event != "":
		raw = readShared(t, c.event)
	default:
		raw = readShared(t, src.sample)
	}
	if len(c.edits) == 0 {
		return raw
	}
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatalf("the case's event is not a JSON object: %v", err)
	}
	for _, e := range c.edits {
		e(src.kind, ev)
	}
	return mustJSON(t, ev)
}

// parseResult reads Invoke's JSON into a result.
func parseResult(t *testing.T, raw []byte) *result {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatalf("Invoke wrote invalid JSON: %v\n%s", err, raw)
	}
	r := &result{header: header{}}
	for k := range top {
		r.keys = append(r.keys, k)
	}
	slices.Sort(r.keys)
	decode := func(key string, v any) {
		if m, ok := top[key]; ok {
			if err := json.Unmarshal(m, v); err != nil {
				t.Fatalf("Invoke's %q is %s: %v", key, m, err)
			}
		}
	}
	decode("statusCode", &r.status)
	decode("statusDescription", &r.description)
	decode("isBase64Encoded", &r.base64)
	decode("cookies", &r.cookies)
	var single map[string]string
	decode("headers", &single)
	for k, v := range single {
		r.header[k] = []string{v}
	}
	var multi map[string][]string
	decode("multiValueHeaders", &multi)
	for k, v := range multi {
		r.header[k] = v
	}

	var body *string
	decode("body", &body)
	r.nullBody = body == nil
	if body != nil {
		r.rawBody = *body
		r.body = []byte(*body)
	}
	if r.base64 {
		b, err := base64.StdEncoding.DecodeString(string(r.body))
		if err != nil {
			t.Fatalf("isBase64Encoded is true but the body is not base64: %v", err)
		}
		r.body = b
	}
	if first(r.header, "Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatalf("Content-Encoding is gzip but the body is not: %v", err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gunzipping the body: %v", err)
		}
		r.body = b
	}
	return r
}

// first returns the first value of a header, matching its name in any
// letter case.
func first(h header, name string) string {
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// checkShape checks the envelope rules of each source, which hold for
// every case: which keys exist, and how an empty body is written.
func checkShape(t *testing.T, src *source, r *result) {
	t.Helper()
	var wantKeys []string
	switch src.kind {
	case kindREST:
		wantKeys = []string{"body", "isBase64Encoded", "multiValueHeaders", "statusCode"}
	case kindHTTP, kindURL, kindLattice, kindLatticeV2:
		wantKeys = []string{"body", "cookies", "headers", "isBase64Encoded", "statusCode"}
	case kindALB:
		// Deliberate difference: ALB responses carry statusDescription,
		// which ALB documents as part of the response; Powertools omits it.
		headerKey := "headers"
		if src == albMulti {
			headerKey = "multiValueHeaders"
		}
		wantKeys = []string{"body", headerKey, "isBase64Encoded", "statusCode", "statusDescription"}
		if want := fmt.Sprintf("%d %s", r.status, http.StatusText(r.status)); r.description != want {
			t.Errorf("statusDescription = %q, want %q", r.description, want)
		}
	}
	slices.Sort(wantKeys)
	if !slices.Equal(r.keys, wantKeys) {
		t.Errorf("response keys = %q, want %q", r.keys, wantKeys)
	}

	// Powertools writes null for a Response without a body and "" for the
	// preflight's empty body. Invoke cannot tell the two apart and writes
	// null for both, except on ALB, which never gets null.
	if len(r.body) == 0 && !r.base64 {
		wantNull := src.kind != kindALB
		if r.nullBody != wantNull {
			t.Errorf("empty body written as null = %v, want %v", r.nullBody, wantNull)
		}
	}
}

// compare checks r against w.
func (w want) compare(t *testing.T, r *result) {
	t.Helper()
	if r.status != w.status {
		t.Errorf("status = %d, want %d (body %q)", r.status, w.status, r.body)
	}
	if r.base64 != w.base64 {
		t.Errorf("isBase64Encoded = %v, want %v", r.base64, w.base64)
	}
	wantHeader := w.header
	if wantHeader == nil {
		wantHeader = header{}
	}
	if !reflect.DeepEqual(r.header, wantHeader) {
		t.Errorf("headers = %v, want %v", r.header, wantHeader)
	}
	if r.cookies != nil || w.cookies != nil {
		wantCookies := w.cookies
		if wantCookies == nil {
			wantCookies = []string{}
		}
		if !slices.Equal(r.cookies, wantCookies) {
			t.Errorf("cookies = %q, want %q", r.cookies, wantCookies)
		}
	}
	if !w.anyBody {
		compareBody(t, first(r.header, "Content-Type"), r.body, w.body)
	}
	if w.check != nil {
		w.check(t, r)
	}
}

// compareBody compares JSON bodies as decoded values, so that key order and
// escaping do not matter, and every other body byte for byte.
func compareBody(t *testing.T, contentType string, got []byte, want string) {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(contentType); mt == "application/json" {
		var g, w any
		if json.Unmarshal(got, &g) == nil && json.Unmarshal([]byte(want), &w) == nil {
			if !reflect.DeepEqual(g, w) {
				t.Errorf("JSON body = %s, want %s", got, want)
			}
			return
		}
	}
	if string(got) != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

// with returns a copy of h with more headers, given as name, value pairs.
func with(h header, pairs ...string) header {
	out := header{}
	for k, v := range h {
		out[k] = slices.Clone(v)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[pairs[i]] = append(out[pairs[i]], pairs[i+1])
	}
	return out
}

// Header maps and bodies that many cases expect.
var (
	jsonHeader = header{"Content-Type": {"application/json"}}
	// Deliberate difference: a string result and router.Text are
	// text/plain; charset=utf-8, where Powertools sends application/json.
	textHeader   = header{"Content-Type": {"text/plain; charset=utf-8"}}
	notFoundBody = `{"statusCode":404,"message":"Not found"}`
	// Deliberate difference: an error that no handler takes becomes a 500
	// with this body, where Powertools lets the exception fail the
	// invocation.
	internalErrorBody = `{"statusCode":500,"message":"Internal Server Error"}`
)

// cookie returns a cookie with Powertools' defaults, which include Secure.
func cookie(name, value string) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Secure: true}
}

// runCases runs a table of cases as subtests named by case.
func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases are named %q; give each its own name", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, c.run)
	}
}

// bodyIs checks the body byte for byte, for JSON bodies whose exact text
// matters.
func bodyIs(want string) func(*testing.T, *result) {
	return func(t *testing.T, r *result) {
		t.Helper()
		if string(r.body) != want {
			t.Errorf("body text = %q, want %q", r.body, want)
		}
	}
}

// rawBodyIs checks the body as written, before base64 decoding.
func rawBodyIs(want string) func(*testing.T, *result) {
	return func(t *testing.T, r *result) {
		t.Helper()
		if r.rawBody != want {
			t.Errorf("body as sent = %q, want %q", r.rawBody, want)
		}
	}
}

// gzipHeader returns h with the headers that a gzipped response gets.
// Deliberate difference: Vary: Accept-Encoding is added, which Powertools
// leaves out, so that caches keep the two forms apart.
func gzipHeader(h header) header {
	return with(h, "Content-Encoding", "gzip", "Vary", "Accept-Encoding")
}
