package metrics_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/metrics"
	"github.com/lambdaroute/lambdaroute/router"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func httpEvent(method, path string) events.APIGatewayV2HTTPRequest {
	var e events.APIGatewayV2HTTPRequest
	e.RawPath = path
	e.RequestContext.HTTP.Method = method
	return e
}

// cloudWatchUnits are the units that the EMF specification allows in a
// MetricDefinition, the standard CloudWatch units.
var cloudWatchUnits = map[string]bool{
	"Seconds": true, "Microseconds": true, "Milliseconds": true, "Bytes": true, "Kilobytes": true,
	"Megabytes": true, "Gigabytes": true, "Terabytes": true, "Bits": true, "Kilobits": true,
	"Megabits": true, "Gigabits": true, "Terabits": true, "Percent": true, "Count": true,
	"Bytes/Second": true, "Kilobytes/Second": true, "Megabytes/Second": true, "Gigabytes/Second": true,
	"Terabytes/Second": true, "Bits/Second": true, "Kilobits/Second": true, "Megabits/Second": true,
	"Gigabits/Second": true, "Terabits/Second": true, "Count/Second": true, "None": true,
}

// checkEMF checks one line against the EMF specification's required
// structure and returns the root object. Numbers stay json.Number, so that
// the test can tell an integer Timestamp from a float one.
func checkEMF(t *testing.T, line []byte, notBefore, notAfter time.Time) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("line %q is not a JSON object: %v", line, err)
	}
	if dec.More() {
		t.Fatalf("line %q has data after the JSON object", line)
	}
	meta, ok := root["_aws"].(map[string]any)
	if !ok {
		t.Fatalf("_aws = %v, want an object", root["_aws"])
	}

	ts, ok := meta["Timestamp"].(json.Number)
	if !ok {
		t.Fatalf("_aws.Timestamp = %v (%T), want a number", meta["Timestamp"], meta["Timestamp"])
	}
	ms, err := ts.Int64()
	if err != nil {
		t.Fatalf("_aws.Timestamp = %s, want an integer count of milliseconds: %v", ts, err)
	}
	if ms < notBefore.UnixMilli() || ms > notAfter.UnixMilli() {
		t.Errorf("_aws.Timestamp = %d, want between %d and %d", ms, notBefore.UnixMilli(), notAfter.UnixMilli())
	}

	directives, ok := meta["CloudWatchMetrics"].([]any)
	if !ok || len(directives) == 0 {
		t.Fatalf("_aws.CloudWatchMetrics = %v, want a non-empty array", meta["CloudWatchMetrics"])
	}
	for i, d := range directives {
		directive, ok := d.(map[string]any)
		if !ok {
			t.Fatalf("CloudWatchMetrics[%d] = %v, want an object", i, d)
		}
		if ns, ok := directive["Namespace"].(string); !ok || ns == "" {
			t.Errorf("CloudWatchMetrics[%d].Namespace = %v, want a non-empty string", i, directive["Namespace"])
		}
		sets, ok := directive["Dimensions"].([]any)
		if !ok {
			t.Fatalf("CloudWatchMetrics[%d].Dimensions = %v, want an array", i, directive["Dimensions"])
		}
		for j, s := range sets {
			set, ok := s.([]any)
			if !ok {
				t.Fatalf("Dimensions[%d] = %v, want an array of strings", j, s)
			}
			if len(set) > 30 {
				t.Errorf("Dimensions[%d] has %d keys, want at most 30", j, len(set))
			}
			for _, k := range set {
				key, ok := k.(string)
				if !ok {
					t.Fatalf("dimension key %v is not a string", k)
				}
				value, ok := root[key].(string)
				if !ok {
					t.Errorf("dimension %q = %v at the top level, want a string member", key, root[key])
				}
				if value == "" {
					t.Errorf("dimension %q is empty, which CloudWatch rejects", key)
				}
			}
		}
		defs, ok := directive["Metrics"].([]any)
		if !ok || len(defs) == 0 || len(defs) > 100 {
			t.Fatalf("CloudWatchMetrics[%d].Metrics = %v, want 1 to 100 definitions", i, directive["Metrics"])
		}
		for _, m := range defs {
			def, ok := m.(map[string]any)
			if !ok {
				t.Fatalf("metric definition %v is not an object", m)
			}
			name, ok := def["Name"].(string)
			if !ok || name == "" {
				t.Fatalf("metric definition Name = %v, want a non-empty string", def["Name"])
			}
			if unit, ok := def["Unit"].(string); !ok || !cloudWatchUnits[unit] {
				t.Errorf("metric %q Unit = %v, want a CloudWatch unit", name, def["Unit"])
			}
			if _, ok := root[name].(json.Number); !ok {
				t.Errorf("metric %q = %v at the top level, want a number member", name, root[name])
			}
		}
	}
	return root
}

func splitLines(t *testing.T, out []byte) [][]byte {
	t.Helper()
	var lines [][]byte
	scanner := bufio.NewScanner(bytes.NewReader(out))
	for scanner.Scan() {
		lines = append(lines, append([]byte(nil), scanner.Bytes()...))
	}
	return lines
}

func newApp(t *testing.T, opts ...metrics.Option) (*router.APIGatewayHTTPResolver, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	obs, err := metrics.New(append([]metrics.Option{metrics.WithWriter(&out)}, opts...)...)
	if err != nil {
		t.Fatalf("metrics.New() error = %v", err)
	}
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs), router.WithLogger(slog.New(slog.DiscardHandler)))
	app.Get("/users/<id>", func(id string) string { return id })
	app.Get("/dashboard/<id>", func(ctx context.Context, id string) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { return id, nil })
	})
	app.Get("/crash", func() string { panic("handler failed") })
	return app, &out
}

func TestLinesFollowEMFSpec(t *testing.T) {
	app, out := newApp(t, metrics.WithNamespace("Shop"), metrics.WithService("checkout"))
	requests := []struct {
		method, path      string
		route, wantMethod string
		wantErrors        int64
	}{
		{"GET", "/users/1", "/users/<id>", "GET", 0},
		{"GET", "/dashboard/2", "/dashboard/<id>", "GET", 0},
		{"GET", "/somewhere/else", metrics.UnmatchedRoute, "GET", 0},
		{"GET", "/crash", "/crash", "GET", 1},
		{"BREW", "/users/1", metrics.UnmatchedRoute, metrics.OtherMethod, 0},
	}
	notBefore := time.Now()
	for _, r := range requests {
		if _, err := app.Resolve(t.Context(), httpEvent(r.method, r.path)); err != nil {
			t.Fatalf("Resolve(%s %s) error = %v", r.method, r.path, err)
		}
	}
	notAfter := time.Now()

	lines := splitLines(t, out.Bytes())
	if len(lines) != len(requests) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(requests), out.String())
	}
	for i, r := range requests {
		root := checkEMF(t, lines[i], notBefore, notAfter)
		directive := root["_aws"].(map[string]any)["CloudWatchMetrics"].([]any)[0].(map[string]any)
		if directive["Namespace"] != "Shop" {
			t.Errorf("line %d Namespace = %v, want Shop", i, directive["Namespace"])
		}
		if got := fmt.Sprint(directive["Dimensions"]); got != "[[service route method]]" {
			t.Errorf("line %d Dimensions = %s, want [[service route method]]", i, got)
		}
		if root[metrics.DimensionService] != "checkout" {
			t.Errorf("line %d service = %v, want checkout", i, root[metrics.DimensionService])
		}
		if root[metrics.DimensionRoute] != r.route {
			t.Errorf("line %d route = %v, want %q", i, root[metrics.DimensionRoute], r.route)
		}
		if root[metrics.DimensionMethod] != r.wantMethod {
			t.Errorf("line %d method = %v, want %q", i, root[metrics.DimensionMethod], r.wantMethod)
		}
		if n, _ := root[metrics.MetricRequests].(json.Number).Int64(); n != 1 {
			t.Errorf("line %d Requests = %v, want 1", i, root[metrics.MetricRequests])
		}
		if n, _ := root[metrics.MetricErrors].(json.Number).Int64(); n != r.wantErrors {
			t.Errorf("line %d Errors = %v, want %d", i, root[metrics.MetricErrors], r.wantErrors)
		}
		if latency, err := root[metrics.MetricLatency].(json.Number).Float64(); err != nil || latency < 0 {
			t.Errorf("line %d Latency = %v, want a number >= 0", i, root[metrics.MetricLatency])
		}
	}
	if !bytes.Contains(lines[0], []byte(`"route":"/users/<id>"`)) {
		t.Errorf("line %s escapes the route template, want it readable", lines[0])
	}
}

func TestDefaultsFromEnv(t *testing.T) {
	t.Setenv("POWERTOOLS_METRICS_NAMESPACE", "FromEnv")
	t.Setenv("POWERTOOLS_SERVICE_NAME", "")
	app, out := newApp(t)
	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/users/1")); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	root := checkEMF(t, splitLines(t, out.Bytes())[0], time.Time{}, time.Now())
	directive := root["_aws"].(map[string]any)["CloudWatchMetrics"].([]any)[0].(map[string]any)
	if directive["Namespace"] != "FromEnv" {
		t.Errorf("Namespace = %v, want FromEnv from POWERTOOLS_METRICS_NAMESPACE", directive["Namespace"])
	}
	if _, ok := root[metrics.DimensionService]; ok {
		t.Error("service dimension is present without a service name")
	}
	if got := fmt.Sprint(directive["Dimensions"]); got != "[[route method]]" {
		t.Errorf("Dimensions = %s, want [[route method]]", got)
	}
}

func TestInvalidNamespace(t *testing.T) {
	for _, ns := range []string{"", "a:b", strings.Repeat("n", 256)} {
		_, err := metrics.New(metrics.WithNamespace(ns))
		if err == nil {
			t.Errorf("New(WithNamespace(%.20q)) error = nil, want an error", ns)
		}
	}
}

func TestConcurrentLinesStayWhole(t *testing.T) {
	const requests = 50
	app, out := newApp(t)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			_, _ = app.Resolve(context.Background(), httpEvent("GET", fmt.Sprintf("/users/%d", i)))
		})
	}
	wg.Wait()
	lines := splitLines(t, out.Bytes())
	if len(lines) != requests {
		t.Fatalf("got %d lines, want %d", len(lines), requests)
	}
	for _, line := range lines {
		checkEMF(t, line, time.Time{}, time.Now())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteFailuresAreLoggedSparingly(t *testing.T) {
	var logs bytes.Buffer
	obs, err := metrics.New(metrics.WithWriter(failingWriter{}), metrics.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs))
	app.Get("/ping", func() string { return "pong" })
	for range 5 {
		resp, _ := app.Resolve(t.Context(), httpEvent("GET", "/ping"))
		if resp.StatusCode != 200 {
			t.Fatalf("status = %d, want 200 even when metrics cannot be written", resp.StatusCode)
		}
	}
	// Failures 1, 2 and 4 are logged; 3 and 5 are not.
	if got := strings.Count(logs.String(), "disk full"); got != 3 {
		t.Errorf("logged %d failures, want 3:\n%s", got, logs.String())
	}
}

func BenchmarkResolveWithMetrics(b *testing.B) {
	obs, err := metrics.New(metrics.WithWriter(discard{}))
	if err != nil {
		b.Fatal(err)
	}
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(obs))
	app.Get("/users/<id>", func(id string) string { return id })
	event := httpEvent("GET", "/users/42")
	b.ReportAllocs()
	for b.Loop() {
		if resp, _ := app.Resolve(context.Background(), event); resp.StatusCode != 200 {
			b.Fatalf("status = %d, want 200", resp.StatusCode)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
