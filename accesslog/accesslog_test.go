package accesslog_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/accesslog"
	"github.com/lambdaroute/lambdaroute/asyncbridge"
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

// decodeLines parses each line of out as one JSON object.
func decodeLines(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	var lines []map[string]any
	scanner := bufio.NewScanner(bytes.NewReader(out))
	for scanner.Scan() {
		var line map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			t.Fatalf("log line %q is not JSON: %v", scanner.Text(), err)
		}
		lines = append(lines, line)
	}
	return lines
}

func TestOneLinePerRequest(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&out, nil))
	app := router.NewAPIGatewayHTTPResolver(router.WithLogger(logger), router.WithObserver(accesslog.New(logger)))
	app.Get("/users/<id>", func(id string) string { return id })
	app.Get("/dashboard/<id>", func(ctx context.Context, id string) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(context.Context) (string, error) { return id, nil })
	})
	app.Get("/crash", func() string { panic("handler failed") })

	lambdaCtx := lambdacontext.NewContext(t.Context(), &lambdacontext.LambdaContext{AwsRequestID: "req-123"})
	requests := []struct {
		ctx    context.Context
		method string
		path   string
	}{
		{lambdaCtx, "GET", "/users/1"},
		{t.Context(), "GET", "/dashboard/2"},
		{t.Context(), "GET", "/nowhere"},
		{t.Context(), "GET", "/crash"},
	}
	for _, r := range requests {
		if _, err := app.Resolve(r.ctx, httpEvent(r.method, r.path)); err != nil {
			t.Fatalf("Resolve(%s %s) error = %v", r.method, r.path, err)
		}
	}

	var access []map[string]any
	for _, line := range decodeLines(t, out.Bytes()) {
		if line["msg"] == accesslog.Message {
			access = append(access, line)
		}
	}
	if len(access) != len(requests) {
		t.Fatalf("got %d access lines, want %d:\n%s", len(access), len(requests), out.String())
	}
	want := []struct {
		route  string
		path   string
		status float64
		level  string
	}{
		{"/users/<id>", "/users/1", 200, "INFO"},
		{"/dashboard/<id>", "/dashboard/2", 200, "INFO"},
		{"", "/nowhere", 404, "INFO"},
		{"/crash", "/crash", 500, "ERROR"},
	}
	for i, w := range want {
		line := access[i]
		if line[accesslog.KeyMethod] != "GET" {
			t.Errorf("line %d method = %v, want GET", i, line[accesslog.KeyMethod])
		}
		if line[accesslog.KeyRoute] != w.route {
			t.Errorf("line %d route = %v, want %q", i, line[accesslog.KeyRoute], w.route)
		}
		if line[accesslog.KeyPath] != w.path {
			t.Errorf("line %d path = %v, want %q", i, line[accesslog.KeyPath], w.path)
		}
		if line[accesslog.KeyStatus] != w.status {
			t.Errorf("line %d status = %v, want %v", i, line[accesslog.KeyStatus], w.status)
		}
		if line["level"] != w.level {
			t.Errorf("line %d level = %v, want %s", i, line["level"], w.level)
		}
		if latency, ok := line[accesslog.KeyLatencyMS].(float64); !ok || latency < 0 {
			t.Errorf("line %d latency_ms = %v, want a number >= 0", i, line[accesslog.KeyLatencyMS])
		}
		if _, ok := line[accesslog.KeyColdStart].(bool); !ok {
			t.Errorf("line %d cold_start = %v, want a bool", i, line[accesslog.KeyColdStart])
		}
	}
	if got := access[0][accesslog.KeyRequestID]; got != "req-123" {
		t.Errorf("request_id = %v, want req-123 from the Lambda context", got)
	}
	if _, ok := access[1][accesslog.KeyRequestID]; ok {
		t.Error("request_id is set outside Lambda")
	}
	if access[1][accesslog.KeyColdStart] != false {
		t.Errorf("second request cold_start = %v, want false", access[1][accesslog.KeyColdStart])
	}
}

func TestLevelFiltersLines(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelError}))
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(accesslog.New(logger)))
	app.Get("/ok", func() string { return "ok" })

	if _, err := app.Resolve(t.Context(), httpEvent("GET", "/ok")); err != nil {
		t.Fatalf("Resolve() error = %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("logger at ERROR wrote %q for a 200, want nothing", out.String())
	}
}

func TestNewLoggerFromEnv(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		wantJSON    bool
		wantDebug   bool
		wantInfo    bool
		wantWarning bool
	}{
		{name: "defaults", wantInfo: true},
		{name: "JSON", env: map[string]string{"AWS_LAMBDA_LOG_FORMAT": "JSON"}, wantJSON: true, wantInfo: true},
		{name: "Lambda level", env: map[string]string{"AWS_LAMBDA_LOG_LEVEL": "DEBUG"}, wantDebug: true, wantInfo: true},
		{name: "Powertools level", env: map[string]string{"POWERTOOLS_LOG_LEVEL": "warning"}},
		{name: "Lambda level wins", env: map[string]string{"AWS_LAMBDA_LOG_LEVEL": "ERROR", "POWERTOOLS_LOG_LEVEL": "DEBUG"}},
		{name: "invalid level", env: map[string]string{"AWS_LAMBDA_LOG_LEVEL": "LOUD"}, wantInfo: true, wantWarning: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, name := range []string{"AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL", "POWERTOOLS_LOG_LEVEL"} {
				t.Setenv(name, tt.env[name])
			}
			var out bytes.Buffer
			logger := accesslog.NewLogger(&out)
			if tt.wantWarning {
				if !strings.Contains(out.String(), "is not a log level") {
					t.Errorf("output = %q, want a warning about the level", out.String())
				}
				out.Reset()
			}
			logger.Debug("debug line")
			logger.Info("info line")
			text := out.String()
			if got := strings.Contains(text, "debug line"); got != tt.wantDebug {
				t.Errorf("debug line written = %v, want %v", got, tt.wantDebug)
			}
			if got := strings.Contains(text, "info line"); got != tt.wantInfo {
				t.Errorf("info line written = %v, want %v", got, tt.wantInfo)
			}
			if tt.wantJSON {
				for _, line := range decodeLines(t, out.Bytes()) {
					if _, ok := line["timestamp"]; !ok {
						t.Errorf("JSON line %v has no timestamp key", line)
					}
					if line["message"] != "info line" {
						t.Errorf("JSON line message = %v, want %q", line["message"], "info line")
					}
				}
			}
		})
	}
}

func TestNewLoggerNamesTraceLevel(t *testing.T) {
	t.Setenv("AWS_LAMBDA_LOG_FORMAT", "JSON")
	t.Setenv("AWS_LAMBDA_LOG_LEVEL", "TRACE")
	var out bytes.Buffer
	accesslog.NewLogger(&out).Log(t.Context(), accesslog.LevelTrace, "trace line")
	lines := decodeLines(t, out.Bytes())
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1: %s", len(lines), out.String())
	}
	if lines[0]["level"] != "TRACE" {
		t.Errorf("level = %v, want TRACE", lines[0]["level"])
	}
}

func BenchmarkResolveWithAccessLog(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(discard{}, nil))
	app := router.NewAPIGatewayHTTPResolver(router.WithObserver(accesslog.New(logger)))
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
