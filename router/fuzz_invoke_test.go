package router_test

// This file holds one fuzz target per event source. Each feeds raw
// invocation payloads to Invoke, as the Lambda runtime would, and checks
// the response. Run one with, for example:
//
//	go test ./router -run '^$' -fuzz '^FuzzInvokeREST$' -fuzztime 3m -parallel 1
//
// A plain go test replays the seeds and the corpus under testdata/fuzz.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// sharedSeedGlobs name the sample events and bug-report events shared by
// the project, relative to this package's directory. A checkout without
// them still fuzzes, from the hand-written seeds only.
var sharedSeedGlobs = []string{
	"../../shared/events/*/*.json",
	"../../shared/cases/*.json",
}

// handSeeds are payloads that no sample event covers: JSON that is not an
// object, objects with null or missing fields, and bodies that cannot be
// decoded.
var handSeeds = []string{
	``,
	`null`,
	`{}`,
	`[]`,
	`42`,
	`"GET /"`,
	`true`,
	`{"headers":null,"multiValueHeaders":null,"requestContext":null}`,
	`{"httpMethod":"POST","path":"/hello/world","body":"not base64!","isBase64Encoded":true}`,
	`{"rawPath":"/my/path","requestContext":{"http":{"method":"POST"}},"body":"{\"a\":[[[[","headers":{"content-type":"application/json"}}`,
	`{"method":"GET","raw_path":"/files/a/../b?x=1&x=2","headers":{"origin":"https://example.com"}}`,
	`{"method":"GET","path":"/users/%2F..%2F","headers":{"accept-encoding":["gzip;q=0.5","br"]}}`,
	`{"httpMethod":"BREW","path":"//////","headers":{"Origin":"https://example.com"}}`,
}

// provokedPanic is the value the /panic route panics with. The app's
// exception handler marks its 500 with provokedBody, so that any other 500
// is a finding.
const (
	provokedPanic = "fuzz: provoked panic"
	provokedBody  = "provoked"
)

// fuzzQuery is bound from the query string, headers and cookies.
type fuzzQuery struct {
	Limit   int       `query:"limit"`
	Tags    []string  `query:"tag"`
	Since   time.Time `query:"since"`
	Verbose *bool     `query:"verbose"`
	Agent   string    `header:"User-Agent"`
	Session string    `cookie:"session"`
}

// newFuzzApp builds a resolver whose routes cover the paths of the shared
// sample events and each handler shape: sync, Future, channel, catch-all,
// JSON body, binary and compressed results, and a panic.
func newFuzzApp[E, R any](newResolver func(...router.Option) *router.Resolver[E, R]) *router.Resolver[E, R] {
	app := newResolver(
		router.WithLogger(slog.New(slog.DiscardHandler)),
		router.WithDebug(false),
		router.WithCORS(router.CORSConfig{AllowOrigin: "https://example.com", AllowCredentials: true}),
	)
	app.Use(router.HTTPMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Fuzz", "1")
			next.ServeHTTP(w, r)
		})
	}))
	app.HandleError(func(req *router.Request, err error) (*router.Response, error) {
		var pe *asyncbridge.PanicError
		if errors.As(err, &pe) && pe.Value == provokedPanic {
			return router.Text(http.StatusInternalServerError, provokedBody), nil
		}
		return nil, err
	})

	app.Get("/", func() map[string]string { return map[string]string{"status": "ok"} })
	for _, p := range []string{"/testpath", "/newpath", "/lambda", "/todos", "/hello"} {
		app.Get(p, func(req *router.Request) string { return req.Path })
	}
	app.Route([]string{"GET", "POST"}, "/my/path", func(q fuzzQuery) fuzzQuery { return q }, router.Compress())
	app.Post("/hello/world", func(body map[string]any) map[string]any { return body })
	app.Get("/users/<id>", func(ctx context.Context, id string) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { return id, nil })
	})
	app.Get("/chan/<n>", func(n int) <-chan int {
		ch := make(chan int, 1)
		ch <- n
		return ch
	})
	app.Get("/files/<rest...>", func(rest string) string { return rest })
	app.Get("/bytes", func() []byte { return []byte{0xff, 0x00, 0xfe} }, router.Compress())
	app.Get("/panic", func() string { panic(provokedPanic) })
	return app
}

// invokeEnvelope is the part of every source's response payload that the
// fuzz targets check.
type invokeEnvelope struct {
	StatusCode      int     `json:"statusCode"`
	Body            *string `json:"body"`
	IsBase64Encoded bool    `json:"isBase64Encoded"`
}

// checkInvoke runs payload through Invoke and fails t unless the response is
// a JSON envelope with a valid status, the only 500 is the provoked one,
// Resolve and ResolveAsync agree, and no goroutine is left running.
func checkInvoke[E, R any](t *testing.T, app *router.Resolver[E, R], payload []byte) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	out, err := app.Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("Invoke(%q) returned error %v; want a response for every payload", payload, err)
	}
	if !json.Valid(out) {
		t.Fatalf("Invoke(%q) = %q, not valid JSON", payload, out)
	}
	var env invokeEnvelope
	if err := json.Unmarshal(out, &env); err != nil {
		t.Fatalf("Invoke(%q) = %s; decode envelope: %v", payload, out, err)
	}
	if env.StatusCode < 100 || env.StatusCode > 599 {
		t.Fatalf("Invoke(%q) status = %d, want 100-599", payload, env.StatusCode)
	}
	if env.StatusCode == http.StatusInternalServerError && !isProvoked(env) {
		t.Fatalf("Invoke(%q) = %s; a 500 that no route provoked", payload, out)
	}

	// Resolve and ResolveAsync must give the same status for any event
	// that decodes.
	var event E
	if json.Unmarshal(payload, &event) == nil {
		syncOut, _ := app.Resolve(ctx, event)
		asyncOut, err := app.ResolveAsync(ctx, event).Await(ctx)
		if err != nil {
			t.Fatalf("ResolveAsync(%q) failed: %v", payload, err)
		}
		if a, b := statusOf(t, syncOut), statusOf(t, asyncOut); a != b {
			t.Fatalf("payload %q: Resolve status %d, ResolveAsync status %d", payload, a, b)
		}
	}
	waitGoroutines(t, before)
}

func isProvoked(env invokeEnvelope) bool {
	return env.Body != nil && !env.IsBase64Encoded && *env.Body == provokedBody
}

// statusOf reads the statusCode of a typed response through its JSON form,
// which every source's response type has.
func statusOf(t *testing.T, resp any) int {
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatalf("marshal %T: %v", resp, err)
	}
	var env invokeEnvelope
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("decode %T: %v", resp, err)
	}
	return env.StatusCode
}

// waitGoroutines waits up to a second for the goroutine count to fall back
// to before, because a settled Future's goroutine exits just after it
// closes its done channel.
func waitGoroutines(t *testing.T, before int) {
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("goroutines: %d before, %d after\n%s", before, runtime.NumGoroutine(), buf[:n])
		}
		time.Sleep(time.Millisecond)
	}
}

// addInvokeSeeds adds the shared events, the bug-report events and the
// hand-written seeds to f.
func addInvokeSeeds(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s))
	}
	for _, glob := range sharedSeedGlobs {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatalf("read seed %s: %v", file, err)
			}
			f.Add(data)
		}
	}
}

func fuzzInvoke[E, R any](f *testing.F, app *router.Resolver[E, R]) {
	addInvokeSeeds(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		checkInvoke(t, app, payload)
	})
}

func FuzzInvokeREST(f *testing.F) {
	fuzzInvoke(f, newFuzzApp(router.NewAPIGatewayRestResolver))
}

func FuzzInvokeHTTP(f *testing.F) {
	fuzzInvoke(f, newFuzzApp(router.NewAPIGatewayHTTPResolver))
}

func FuzzInvokeALB(f *testing.F) {
	fuzzInvoke(f, newFuzzApp(router.NewALBResolver))
}

func FuzzInvokeFunctionURL(f *testing.F) {
	fuzzInvoke(f, newFuzzApp(router.NewLambdaFunctionURLResolver))
}

func FuzzInvokeLattice(f *testing.F) {
	fuzzInvoke(f, newFuzzApp(router.NewVPCLatticeResolver))
}

func FuzzInvokeLatticeV2(f *testing.F) {
	fuzzInvoke(f, newFuzzApp(router.NewVPCLatticeV2Resolver))
}

// TestFuzzAppProvokedPanic checks that the fuzz app marks its provoked 500,
// so that the invariant against other 500s can fail.
func TestFuzzAppProvokedPanic(t *testing.T) {
	app := newFuzzApp(router.NewAPIGatewayRestResolver)
	for _, tt := range []struct {
		path     string
		provoked bool
	}{{"/panic", true}, {"/hello", false}} {
		payload := fmt.Sprintf(`{"httpMethod":"GET","path":%q}`, tt.path)
		out, err := app.Invoke(context.Background(), []byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		var env invokeEnvelope
		if err := json.Unmarshal(out, &env); err != nil {
			t.Fatal(err)
		}
		if got := isProvoked(env); got != tt.provoked {
			t.Errorf("%s: provoked = %v, want %v (response %s)", tt.path, got, tt.provoked, out)
		}
		if strings.Contains(string(out), "goroutine ") {
			t.Errorf("%s: response carries a stack trace outside debug mode: %s", tt.path, out)
		}
	}
}
