// Package tracing_test sends the traces of a lambdaroute app to a real
// Jaeger over OTLP/HTTP and reads them back through Jaeger's query API. It
// checks that the span tree survives export: one trace per request, the
// route's server span at the root, and a child span per asyncbridge.Go.
//
// The test starts Jaeger itself from .bin/jaeger at the repository root,
// on 127.0.0.1 and free ports, with in-memory storage. Build that binary
// as a tool of a scratch module (go install refuses Jaeger, whose go.mod
// has replace directives):
//
//	mkdir -p .tools && cd .tools && go mod init tools.local
//	go get -tool github.com/jaegertracing/jaeger/cmd/jaeger@v1.75.0
//	go build -o ../.bin/jaeger github.com/jaegertracing/jaeger/cmd/jaeger
//
// Without the binary the test is skipped, except under CI=true, where it
// fails.
package tracing_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
	"github.com/lambdaroute/lambdaroute/tracing"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// jaegerBinary is where the build steps in the package comment put Jaeger,
// relative to this package's directory.
const jaegerBinary = "../../.bin/jaeger"

// jaegerStartTimeout bounds Jaeger's start-up. Local runs took under 0.3 s,
// and the wide margin is a guess for a loaded CI machine.
const jaegerStartTimeout = 60 * time.Second

// traceArrivalTimeout bounds the wait for the exported trace to show up in
// the query API, after the batch processor of Jaeger's pipeline (100 ms
// timeout in the config below) has passed it on.
const traceArrivalTimeout = 30 * time.Second

// jaegerConfig runs Jaeger v2 (v1.75.0) with only what the test needs: the
// OTLP/HTTP receiver, in-memory storage and the query API, every endpoint
// on 127.0.0.1, and no self-telemetry. Jaeger's built-in configuration
// would listen on all interfaces for the query API.
const jaegerConfig = `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    # Off, because Jaeger would otherwise trace its own queries and try to
    # export them to 127.0.0.1:4317, where nothing listens.
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:%d
    grpc:
      endpoint: 127.0.0.1:%d
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%d
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// jaeger is a Jaeger process that the test started.
type jaeger struct {
	otlpEndpoint string // host:port of the OTLP/HTTP receiver
	queryURL     string // base URL of the query API
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port on 127.0.0.1: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startJaeger starts .bin/jaeger and waits until its query API responds.
// The process is stopped when the test ends.
func startJaeger(t *testing.T) *jaeger {
	t.Helper()
	binary, err := filepath.Abs(jaegerBinary)
	if err != nil {
		t.Fatalf("resolving %s: %v", jaegerBinary, err)
	}
	if _, err := os.Stat(binary); err != nil {
		msg := fmt.Sprintf("Jaeger binary %s not found (%v); build it as the package comment shows", binary, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}

	queryPort, grpcPort, otlpPort := freePort(t), freePort(t), freePort(t)
	dir := t.TempDir()
	configPath := filepath.Join(dir, "jaeger.yaml")
	if err := os.WriteFile(configPath, fmt.Appendf(nil, jaegerConfig, queryPort, grpcPort, otlpPort), 0o600); err != nil {
		t.Fatalf("writing the Jaeger config: %v", err)
	}
	logPath := filepath.Join(dir, "jaeger.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("creating the Jaeger log file: %v", err)
	}
	cmd := exec.Command(binary, "--config", "file:"+configPath)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", binary, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		stopping := time.Now()
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
			t.Logf("Jaeger stopped %v after SIGINT", time.Since(stopping).Round(time.Millisecond))
		case <-time.After(10 * time.Second):
			t.Log("Jaeger did not stop within 10s of SIGINT; killing it")
			_ = cmd.Process.Kill()
			<-exited
		}
		logFile.Close()
		if t.Failed() {
			if log, err := os.ReadFile(logPath); err == nil {
				t.Logf("Jaeger log:\n%s", log)
			}
		}
	})

	j := &jaeger{
		otlpEndpoint: fmt.Sprintf("127.0.0.1:%d", otlpPort),
		queryURL:     fmt.Sprintf("http://127.0.0.1:%d", queryPort),
	}
	started := time.Now()
	deadline := started.Add(jaegerStartTimeout)
	for {
		select {
		case err := <-exited:
			log, _ := os.ReadFile(logPath)
			t.Fatalf("Jaeger exited during start-up (%v); its log:\n%s", err, log)
		default:
		}
		resp, err := http.Get(j.queryURL + "/api/services")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && acceptsConnections(j.otlpEndpoint) {
				t.Logf("Jaeger answered after %v", time.Since(started).Round(time.Millisecond))
				return j
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Jaeger's query API at %s did not respond within %v (last error: %v)", j.queryURL, jaegerStartTimeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func acceptsConnections(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// The subset of the query API's JSON (GET /api/traces) that the test reads.
type (
	queryResponse struct {
		Data   []queryTrace `json:"data"`
		Errors []struct {
			Msg string `json:"msg"`
		} `json:"errors"`
	}
	queryTrace struct {
		TraceID string      `json:"traceID"`
		Spans   []querySpan `json:"spans"`
	}
	querySpan struct {
		SpanID        string `json:"spanID"`
		OperationName string `json:"operationName"`
		References    []struct {
			RefType string `json:"refType"`
			SpanID  string `json:"spanID"`
		} `json:"references"`
		Tags []struct {
			Key   string `json:"key"`
			Value any    `json:"value"`
		} `json:"tags"`
	}
)

func (s querySpan) parentID() string {
	for _, ref := range s.References {
		if ref.RefType == "CHILD_OF" {
			return ref.SpanID
		}
	}
	return ""
}

func (s querySpan) tag(key string) string {
	for _, tag := range s.Tags {
		if tag.Key == key {
			return fmt.Sprint(tag.Value)
		}
	}
	return ""
}

// fetchTraces returns the traces of service that Jaeger has stored.
func (j *jaeger) fetchTraces(service string) ([]queryTrace, error) {
	resp, err := http.Get(j.queryURL + "/api/traces?service=" + url.QueryEscape(service))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/traces: status %d: %s", resp.StatusCode, body)
	}
	var parsed queryResponse
	if err := json.Unmarshal(body, &parsed); err != nil {
		return nil, fmt.Errorf("GET /api/traces: invalid JSON: %w: %s", err, body)
	}
	if len(parsed.Errors) > 0 {
		return nil, fmt.Errorf("GET /api/traces: %s", parsed.Errors[0].Msg)
	}
	return parsed.Data, nil
}

type dashboard struct {
	UserID  string `json:"userId"`
	Orders  string `json:"orders"`
	Profile string `json:"profile"`
}

// backendDelay is how long each simulated back-end call takes, as in the
// quickstart.
const backendDelay = 20 * time.Millisecond

func backend(resource, userID string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		select {
		case <-time.After(backendDelay):
			return resource + " of " + userID, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// dashboardHandler is the quickstart's async dashboard: one Go for the
// handler, which fans out to two back ends with two more and gathers them.
func dashboardHandler(ctx context.Context, userID string) asyncbridge.Future[dashboard] {
	return asyncbridge.Go(ctx, func(ctx context.Context) (dashboard, error) {
		orders := asyncbridge.Go(ctx, backend("orders", userID))
		profile := asyncbridge.Go(ctx, backend("profile", userID))
		if err := asyncbridge.Gather(ctx, orders, profile); err != nil {
			return dashboard{}, err
		}
		return dashboard{UserID: userID, Orders: orders.Value(), Profile: profile.Value()}, nil
	})
}

func TestDashboardTraceInJaeger(t *testing.T) {
	j := startJaeger(t)
	service := fmt.Sprintf("lambdaroute-e2e-%d", time.Now().UnixNano())

	ctx := t.Context()
	exporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpoint(j.otlpEndpoint), otlptracehttp.WithInsecure())
	if err != nil {
		t.Fatalf("creating the OTLP/HTTP exporter: %v", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(resource.NewSchemaless(semconv.ServiceName(service))),
	)
	shutDown := false
	t.Cleanup(func() {
		if !shutDown {
			_ = tp.Shutdown(context.Background())
		}
	})

	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(tracing.New(tp)))
	app.Get("/dashboard/<user_id>", dashboardHandler)
	server := httptest.NewServer(app)
	defer server.Close()

	resp, err := http.Get(server.URL + "/dashboard/42")
	if err != nil {
		t.Fatalf("GET /dashboard/42: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"orders":"orders of 42"`)) {
		t.Fatalf("GET /dashboard/42 = %d %s, want 200 with the dashboard", resp.StatusCode, body)
	}
	server.Close()
	http.DefaultClient.CloseIdleConnections()

	// Shutdown flushes the batch processor, so the spans are on their way
	// to Jaeger when it returns.
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatalf("TracerProvider.Shutdown() error = %v", err)
	}
	shutDown = true

	var traces []queryTrace
	exported := time.Now()
	deadline := exported.Add(traceArrivalTimeout)
	for {
		traces, err = j.fetchTraces(service)
		if err == nil && len(traces) == 1 && len(traces[0].Spans) == 4 {
			t.Logf("the trace was queryable %v after the export", time.Since(exported).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Jaeger has %d traces for %s after %v (last error: %v), want 1 trace of 4 spans: %+v",
				len(traces), service, traceArrivalTimeout, err, traces)
		}
		time.Sleep(200 * time.Millisecond)
	}
	http.DefaultClient.CloseIdleConnections()

	checkTree(t, traces[0].Spans)
}

// checkTree checks the dashboard's span tree as Jaeger stored it.
func checkTree(t *testing.T, spans []querySpan) {
	t.Helper()
	const (
		rootName  = "GET /dashboard/<user_id>"
		asyncName = "GET /dashboard/<user_id> async"
	)
	children := map[string][]querySpan{}
	var roots []querySpan
	for _, s := range spans {
		if p := s.parentID(); p != "" {
			children[p] = append(children[p], s)
		} else {
			roots = append(roots, s)
		}
	}
	if len(roots) != 1 {
		t.Fatalf("trace has %d root spans, want 1: %+v", len(roots), spans)
	}
	root := roots[0]
	if root.OperationName != rootName {
		t.Errorf("root span = %q, want %q", root.OperationName, rootName)
	}
	wantTags := map[string]string{
		"span.kind":                 "server",
		"http.request.method":       "GET",
		"http.route":                "/dashboard/<user_id>",
		"http.response.status_code": "200",
		"url.path":                  "/dashboard/42",
	}
	for key, want := range wantTags {
		if got := root.tag(key); got != want {
			t.Errorf("root tag %s = %q, want %q", key, got, want)
		}
	}

	handlerSpans := children[root.SpanID]
	if len(handlerSpans) != 1 {
		t.Fatalf("root has %d children, want 1 (the handler's Go)", len(handlerSpans))
	}
	handler := handlerSpans[0]
	if handler.OperationName != asyncName {
		t.Errorf("handler span = %q, want %q", handler.OperationName, asyncName)
	}
	fanOut := children[handler.SpanID]
	if len(fanOut) != 2 {
		t.Fatalf("handler span has %d children, want 2 (the fan-out)", len(fanOut))
	}
	for _, s := range fanOut {
		if s.OperationName != asyncName {
			t.Errorf("fan-out span = %q, want %q", s.OperationName, asyncName)
		}
		if len(children[s.SpanID]) != 0 {
			t.Errorf("fan-out span %s has children, want none", s.SpanID)
		}
		if got := s.tag("otel.status_code"); strings.EqualFold(got, "error") {
			t.Errorf("fan-out span %s has status %s, want no error", s.SpanID, got)
		}
	}
}
