package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/lambdaroute/lambdaroute/router"
)

// typedContender handles typed events, as a handler passed to
// lambda.Start does.
type typedContender[E, R any] struct {
	name      string
	asyncOnly bool // measured only on the async case
	fn        func(context.Context, E) (R, error)
}

// rawContender handles raw invocation payloads, as a lambda.Handler does.
type rawContender struct {
	name string
	fn   func(context.Context, []byte) ([]byte, error)
}

// suite is every contender for one event source.
type suite[E, R any] struct {
	src   source[E, R]
	typed []typedContender[E, R]
	raw   []rawContender
}

// resolver is what the three lambdaroute resolvers have in common.
type resolver[E, R any] interface {
	Resolve(context.Context, E) (R, error)
	Invoke(context.Context, []byte) ([]byte, error)
}

// newSuite lists the contenders for one source. app and validated are the
// same routes without and with router.WithValidation. resolveAsync calls
// app.ResolveAsync and awaits the Future. floor is the hand-written code,
// and proxy puts a net/http handler behind aws-lambda-go-api-proxy.
func newSuite[E, R any](
	src source[E, R],
	app, validated resolver[E, R],
	resolveAsync func(context.Context, E) (R, error),
	floor func(context.Context, E, asyncMode) R,
	proxy func(http.Handler) func(context.Context, E) (R, error),
) suite[E, R] {
	s := suite[E, R]{src: src}
	s.typed = []typedContender[E, R]{
		{name: "floor", fn: func(ctx context.Context, e E) (R, error) { return floor(ctx, e, asyncPlain), nil }},
		{name: "floor_ctx", asyncOnly: true, fn: func(ctx context.Context, e E) (R, error) {
			return floor(ctx, e, asyncWithContext), nil
		}},
		{name: "resolve", fn: app.Resolve},
		{name: "resolve_async", fn: resolveAsync},
		{name: "validation", fn: validated.Resolve},
	}
	for _, p := range peers {
		s.typed = append(s.typed, typedContender[E, R]{name: p.name, fn: proxy(p.handler)})
	}
	s.raw = []rawContender{
		{name: "floor_invoke", fn: func(ctx context.Context, payload []byte) ([]byte, error) {
			return floorInvoke(ctx, payload, floor)
		}},
		{name: "invoke", fn: app.Invoke},
		{name: "lambda_handler", fn: lambda.NewHandler(app.Resolve).Invoke},
	}
	return s
}

func v1Suite() suite[events.APIGatewayProxyRequest, events.APIGatewayProxyResponse] {
	app, validated := newRestApp(), newRestApp(router.WithValidation())
	return newSuite(v1Source, app, validated,
		func(ctx context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
			return app.ResolveAsync(ctx, e).Await(ctx)
		}, floorV1, proxyV1)
}

func v2Suite() suite[events.APIGatewayV2HTTPRequest, events.APIGatewayV2HTTPResponse] {
	app, validated := newHTTPApp(), newHTTPApp(router.WithValidation())
	return newSuite(v2Source, app, validated,
		func(ctx context.Context, e events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
			return app.ResolveAsync(ctx, e).Await(ctx)
		}, floorV2, proxyV2)
}

func albSuite() suite[events.ALBTargetGroupRequest, events.ALBTargetGroupResponse] {
	app, validated := newALBApp(), newALBApp(router.WithValidation())
	return newSuite(albSource, app, validated,
		func(ctx context.Context, e events.ALBTargetGroupRequest) (events.ALBTargetGroupResponse, error) {
			return app.ResolveAsync(ctx, e).Await(ctx)
		}, floorALB, proxyALB)
}

// BenchmarkServe measures every contender on every case and source, named
// Serve/<source>/<case>/<contender>, so that ratios come from one run.
func BenchmarkServe(b *testing.B) {
	b.Run(v1Source.name, v1Suite().bench)
	b.Run(v2Source.name, v2Suite().bench)
	b.Run(albSource.name, albSuite().bench)
}

func (s suite[E, R]) bench(b *testing.B) {
	for _, c := range benchCases {
		payload := s.src.payload(c)
		event := mustUnmarshal[E](payload)
		b.Run(c.name, func(b *testing.B) {
			for _, t := range s.typed {
				if t.asyncOnly && c.name != "async" {
					continue
				}
				b.Run(t.name, func(b *testing.B) {
					s.checkTyped(b, c, t, event)
					ctx := invocationContext
					b.ReportAllocs()
					start := processCPU()
					for b.Loop() {
						t.fn(ctx, event)
					}
					reportCPU(b, start)
				})
			}
			for _, r := range s.raw {
				b.Run(r.name, func(b *testing.B) {
					checkRaw(b, c, r, payload)
					ctx := invocationContext
					b.ReportAllocs()
					start := processCPU()
					for b.Loop() {
						r.fn(ctx, payload)
					}
					reportCPU(b, start)
				})
			}
		})
	}
}

// TestAnswers checks that every contender returns the expected status and
// body for every case, so that the benchmarks compare the same work.
func TestAnswers(t *testing.T) {
	t.Run(v1Source.name, v1Suite().test)
	t.Run(v2Source.name, v2Suite().test)
	t.Run(albSource.name, albSuite().test)
}

func (s suite[E, R]) test(t *testing.T) {
	for _, c := range benchCases {
		payload := s.src.payload(c)
		event := mustUnmarshal[E](payload)
		for _, tc := range s.typed {
			t.Run(c.name+"/"+tc.name, func(t *testing.T) { s.checkTyped(t, c, tc, event) })
		}
		for _, r := range s.raw {
			t.Run(c.name+"/"+r.name, func(t *testing.T) { checkRaw(t, c, r, payload) })
		}
	}
}

func (s suite[E, R]) checkTyped(tb testing.TB, c benchCase, t typedContender[E, R], event E) {
	tb.Helper()
	resp, err := t.fn(invocationContext, event)
	if err != nil {
		tb.Fatalf("%s on %s %s: %v", t.name, c.method, c.path, err)
	}
	status, body := s.src.answer(resp)
	checkAnswer(tb, c, t.name, status, body)
}

// checkRaw decodes a raw contender's output JSON and checks its statusCode
// and body.
func checkRaw(tb testing.TB, c benchCase, r rawContender, payload []byte) {
	tb.Helper()
	out, err := r.fn(invocationContext, payload)
	if err != nil {
		tb.Fatalf("%s on %s %s: %v", r.name, c.method, c.path, err)
	}
	var resp struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		tb.Fatalf("%s on %s %s: output is not a response object: %v\n%s", r.name, c.method, c.path, err, out)
	}
	checkAnswer(tb, c, r.name, resp.StatusCode, resp.Body)
}

func checkAnswer(tb testing.TB, c benchCase, contender string, status int, body string) {
	tb.Helper()
	if status != c.wantStatus {
		tb.Fatalf("%s on %s %s: got status %d, want %d (body %s)", contender, c.method, c.path, status, c.wantStatus, body)
	}
	if !jsonEqual([]byte(body), []byte(c.wantBody)) {
		tb.Fatalf("%s on %s %s: got body %s, want %s", contender, c.method, c.path, body, c.wantBody)
	}
}

// jsonEqual compares two JSON texts as values, because peers differ in
// whitespace and key order.
func jsonEqual(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(va, vb)
}

// processCPU returns the CPU time the process has used so far, user and
// system, on all threads, garbage collection included.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the cpu-ns/op metric: the process's CPU time per
// iteration since start. Unlike ns/op it does not grow while other
// processes hold the machine's cores, which on a shared machine makes it
// the steadier of the two for comparing contenders.
func reportCPU(b *testing.B, start time.Duration) {
	if start == 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}
