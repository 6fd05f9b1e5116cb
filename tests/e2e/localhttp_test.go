package e2e_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// localServer is a lambdaroute binary serving HTTP on 127.0.0.1, as it
// does when AWS_LAMBDA_RUNTIME_API is not set.
type localServer struct {
	proc    *process
	baseURL string
	client  *http.Client
}

// startLocalServer runs bin with PORT set to a free port and waits for its
// "serving locally" log line. The server stops when the test ends.
func startLocalServer(t *testing.T, bin string, src source) *localServer {
	t.Helper()
	port := freePort(t)
	p := startProcess(t, "local-"+string(src), bin, nil,
		childEnv(fmt.Sprintf("PORT=%d", port), "LAMBDAROUTE_SOURCE="+string(src)), []string{bin})
	line := waitOutput(t, p, "lambdaroute: serving locally")
	baseURL := fmt.Sprintf("http://127.0.0.1:%d", port)
	if !strings.Contains(line, "url="+baseURL) {
		t.Errorf("startup log line %q does not name url=%s", line, baseURL)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	return &localServer{proc: p, baseURL: baseURL, client: client}
}

// do sends req and returns the response with its body read.
func (s *localServer) do(t *testing.T, req request) (*http.Response, []byte) {
	t.Helper()
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	hr, err := http.NewRequest(req.method, s.baseURL+req.target(), body)
	if err != nil {
		t.Fatalf("building %s %s failed: %v", req.method, req.target(), err)
	}
	if req.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(hr)
	if err != nil {
		t.Fatalf("%s %s failed: %v", req.method, req.target(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body of %s %s failed: %v", req.method, req.target(), err)
	}
	return resp, b
}

// checkLocal checks a local response's status, headers and JSON body.
func checkLocal(t *testing.T, resp *http.Response, body []byte, want routeCase) {
	t.Helper()
	if resp.StatusCode != want.status {
		t.Errorf("status = %d, want %d; body: %s", resp.StatusCode, want.status, body)
	}
	if got := resp.Header.Values("Content-Type"); len(got) != 1 || got[0] != "application/json" {
		t.Errorf("Content-Type = %q, want exactly [application/json]", got)
	}
	if got := resp.Header.Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("Set-Cookie = %q, want none", got)
	}
	if resp.ContentLength != int64(len(body)) {
		t.Errorf("Content-Length = %d, but the body has %d bytes", resp.ContentLength, len(body))
	}
	assertJSONEqual(t, "body", body, want.body)
}

func TestLocalHTTPQuickstart(t *testing.T) {
	bin := buildLinuxBinary(t, "./examples/quickstart")
	for _, src := range allSources {
		t.Run(string(src), func(t *testing.T) {
			srv := startLocalServer(t, bin, src)
			for _, c := range quickstartCases(src) {
				t.Run(c.name, func(t *testing.T) {
					resp, body := srv.do(t, c.req)
					checkLocal(t, resp, body, c)
				})
			}

			// Start serves until SIGTERM and then shuts down gracefully, so
			// the process exits with status 0.
			if err := srv.proc.stop(t); err != nil {
				t.Errorf("the local server exited with %v after SIGTERM; want a clean exit", err)
			}
		})
	}
}

// isTimeout reports whether err is a client timeout.
func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

func TestLocalHTTPClientGivesUp(t *testing.T) {
	const (
		clients  = 8
		patience = 300 * time.Millisecond
	)
	bin := buildLinuxBinary(t, "./tests/e2e/testdata/slowapp")
	srv := startLocalServer(t, bin, sourceHTTP)
	impatient := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: patience}
	t.Cleanup(impatient.CloseIdleConnections)

	for _, path := range []string{"/slow", "/stuck"} {
		// Several clients at once give up on a route that never responds by
		// itself, so each must get a timeout rather than a response.
		var wg sync.WaitGroup
		errs := make([]error, clients)
		for i := range clients {
			wg.Go(func() {
				resp, err := impatient.Get(srv.baseURL + path)
				if err == nil {
					resp.Body.Close()
					err = fmt.Errorf("got HTTP %d before the client's %v timeout", resp.StatusCode, patience)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if !isTimeout(err) {
				t.Errorf("client %d of GET %s: %v; want a client timeout", i, path, err)
			}
		}

		// The server is not stuck, so it responds at once.
		start := time.Now()
		resp, body := srv.do(t, request{method: "GET", path: "/health"})
		checkLocal(t, resp, body, routeCase{status: http.StatusOK, body: healthBody})
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("GET /health after the abandoned %s requests took %v; want a response within 2s", path, elapsed)
		}
	}

	// Each abandoned /slow handler saw its context end once its client
	// went away, so none of them is still running.
	deadline := time.Now().Add(5 * time.Second)
	var stats slowStats
	for {
		resp, body := srv.do(t, request{method: "GET", path: "/stats"})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /stats: status %d, body %s", resp.StatusCode, body)
		}
		stats = decodeStats(t, body)
		if stats.Cancelled == clients || time.Now().After(deadline) {
			break
		}
		time.Sleep(pollInterval)
	}
	if stats.Started != clients {
		t.Errorf("slow handlers started = %d, want %d", stats.Started, clients)
	}
	if stats.Cancelled != clients {
		t.Errorf("slow handlers that saw their context end = %d, want %d", stats.Cancelled, clients)
	}
}
