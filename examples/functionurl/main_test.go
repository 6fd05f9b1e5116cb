package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func resolveFile(t *testing.T, name string) events.LambdaFunctionURLResponse {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var event events.LambdaFunctionURLRequest
	if err := json.Unmarshal(payload, &event); err != nil {
		t.Fatal(err)
	}
	resp, err := newApp().Resolve(context.Background(), event)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return resp
}

func TestReportGzipBase64(t *testing.T) {
	resp := resolveFile(t, "report-gzip.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", resp.StatusCode, resp.Body)
	}
	if !resp.IsBase64Encoded {
		t.Fatal("a gzipped body must be base64-encoded")
	}
	if resp.Headers["Content-Encoding"] != "gzip" {
		t.Errorf("Content-Encoding = %q, want gzip", resp.Headers["Content-Encoding"])
	}
	if resp.Headers["Vary"] != "Accept-Encoding" {
		t.Errorf("Vary = %q, want Accept-Encoding", resp.Headers["Vary"])
	}
	zipped, err := base64.StdEncoding.DecodeString(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var sales []Sale
	if err := json.Unmarshal(plain, &sales); err != nil {
		t.Fatalf("decoding %s: %v", plain, err)
	}
	if len(sales) != 12 || sales[0].Region != "north east" {
		t.Errorf("sales = %+v, want 12 months for region \"north east\"", sales)
	}
	if len(zipped) >= len(plain) {
		t.Errorf("gzip made the body larger: %d bytes from %d", len(zipped), len(plain))
	}
}

func TestReportNoGzipWhenRefused(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/reports/west", nil)
	req.Header.Set("Accept-Encoding", "gzip;q=0, identity")
	rec := httptest.NewRecorder()
	newApp().ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding = %q, want none for gzip;q=0", rec.Header().Get("Content-Encoding"))
	}
	if !strings.HasPrefix(rec.Body.String(), `[{"region":"west","month":"jan"`) {
		t.Errorf("body = %.60s..., want plain JSON", rec.Body.String())
	}
}

func TestChartIsBase64PNG(t *testing.T) {
	resp := resolveFile(t, "chart.json")
	if !resp.IsBase64Encoded {
		t.Fatal("a PNG body must be base64-encoded")
	}
	if resp.Headers["Content-Type"] != "image/png" {
		t.Errorf("Content-Type = %q, want image/png", resp.Headers["Content-Type"])
	}
	raw, err := base64.StdEncoding.DecodeString(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("body is not a PNG: %v", err)
	}
	if img.Bounds().Dx() != 48 {
		t.Errorf("chart width = %d, want 48 (12 bars of 4 pixels)", img.Bounds().Dx())
	}
}

func TestCSVIsText(t *testing.T) {
	rec := httptest.NewRecorder()
	newApp().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/reports/west/csv", nil))
	lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
	if len(lines) != 13 || lines[0] != "region,month,total" || lines[1] != "west,jan,1000.00" {
		t.Errorf("CSV = %q, want a header and 12 rows", lines)
	}
	if got := rec.Header().Get("Content-Disposition"); got != "attachment; filename=west.csv" {
		t.Errorf("Content-Disposition = %q", got)
	}
}
