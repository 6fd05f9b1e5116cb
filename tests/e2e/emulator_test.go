package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/lambdaroute/lambdaroute/router"
)

// invokeTimeout bounds one invocation through the emulator. It is far
// above any function timeout these tests set, so that a hung emulator
// fails the test instead of stalling it.
const invokeTimeout = 60 * time.Second

// emulatorSlot runs one emulator at a time, so that emulators do not
// compete for the machine's cores while a test measures a deadline.
var emulatorSlot sync.Mutex

// emulator is the Lambda runtime interface emulator running one function.
type emulator struct {
	proc      *process
	invokeURL string
	client    *http.Client
}

// skipShort skips a test that runs the emulator under go test -short.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the Lambda runtime interface emulator; go test without -short runs it")
	}
}

// startEmulator runs bootstrap under the emulator with env added to the
// environment, on free ports of 127.0.0.1, and waits until it accepts
// invocations. The emulator and the function stop when the test ends.
func startEmulator(t *testing.T, bootstrap string, env ...string) *emulator {
	t.Helper()
	emulatorSlot.Lock()
	t.Cleanup(emulatorSlot.Unlock)

	// Both addresses are given, so that neither the emulator's default
	// :8080 nor its runtime API's default 127.0.0.1:9001 is taken.
	invokePort := freePort(t)
	apiPort := freePort(t)
	for apiPort == invokePort {
		apiPort = freePort(t)
	}
	invokeAddr := fmt.Sprintf("127.0.0.1:%d", invokePort)
	args := []string{
		"--runtime-interface-emulator-address", invokeAddr,
		"--runtime-api-address", fmt.Sprintf("127.0.0.1:%d", apiPort),
		bootstrap,
	}
	// Only the bootstrap path is checked for leftovers: it is unique to
	// this test run, while the emulator binary may be running for others.
	p := startProcess(t, "aws-lambda-rie", emulatorPath(), args, childEnv(env...), []string{bootstrap})
	waitListening(t, p, invokeAddr)

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: invokeTimeout}
	t.Cleanup(client.CloseIdleConnections)
	return &emulator{
		proc:      p,
		invokeURL: "http://" + invokeAddr + "/2015-03-31/functions/function/invocations",
		client:    client,
	}
}

// invoke sends one invocation and returns the function's response payload.
// The emulator responds 200 to every invocation that the function
// completed, whatever the HTTP status inside the payload.
func (e *emulator) invoke(t *testing.T, payload []byte) []byte {
	t.Helper()
	resp, err := e.client.Post(e.invokeURL, "application/json", bytes.NewReader(payload))
	if err != nil {
		t.Fatalf("invoking the function through the emulator failed: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the emulator's response failed: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("emulator responded with HTTP %d, want 200; its body: %s", resp.StatusCode, body)
	}
	return body
}

func TestEmulatorQuickstart(t *testing.T) {
	skipShort(t)
	bootstrap := buildLinuxBinary(t, "./examples/quickstart")
	for _, src := range allSources {
		t.Run(string(src), func(t *testing.T) {
			em := startEmulator(t, bootstrap, "LAMBDAROUTE_SOURCE="+string(src))
			inProcess := newAnyResolver(src, quickstartRoutes(), router.WithValidation())
			for _, sample := range sampleEvents[src] {
				for _, c := range quickstartCases(src) {
					t.Run(sampleName(sample)+"/"+c.name, func(t *testing.T) {
						event := eventFor(t, src, sample, c.req)
						got := em.invoke(t, event)
						checkEnvelope(t, src, src == sourceALB && albMultiValue(t, event), got, c)

						// lambda.Start(app) hands Invoke's bytes to the
						// runtime API unchanged, so they must equal what
						// Invoke gives in-process for handlers of the same
						// shapes.
						want, err := inProcess.invoke(context.Background(), event)
						if err != nil {
							t.Fatalf("in-process Invoke returned an error: %v", err)
						}
						if !bytes.Equal(got, want) {
							t.Errorf("emulator payload differs from in-process Invoke\nemulator:   %s\nin-process: %s", got, want)
						}
					})
				}
			}
			t.Run("payload not JSON", func(t *testing.T) {
				checkEnvelope(t, src, false, em.invoke(t, []byte("not json")), invalidPayloadCase(src))
			})
		})
	}
}

// slowStats is the body of slowapp's GET /stats.
type slowStats struct {
	Started   int64 `json:"slowStarted"`
	Cancelled int64 `json:"slowCancelled"`
}

func TestEmulatorDeadline(t *testing.T) {
	skipShort(t)
	const functionTimeout = 2 * time.Second
	bootstrap := buildLinuxBinary(t, "./tests/e2e/testdata/slowapp")

	// The emulator reads AWS_LAMBDA_FUNCTION_TIMEOUT in whole seconds and
	// passes the invocation's deadline to the runtime.
	em := startEmulator(t, bootstrap, fmt.Sprintf("AWS_LAMBDA_FUNCTION_TIMEOUT=%d", int(functionTimeout/time.Second)))
	sample := sampleEvents[sourceHTTP][0]
	get := func(path string) []byte {
		return em.invoke(t, eventFor(t, sourceHTTP, sample, request{method: "GET", path: path}))
	}

	// The first invocation also starts the runtime, which must not count
	// against the slow routes' deadline.
	checkEnvelope(t, sourceHTTP, false, get("/health"), routeCase{status: http.StatusOK, body: healthBody})

	timeout := routeCase{status: http.StatusGatewayTimeout, body: gatewayTimeoutBody}
	for _, path := range []string{"/slow", "/stuck"} {
		start := time.Now()
		got := get(path)
		elapsed := time.Since(start)
		checkEnvelope(t, sourceHTTP, false, got, timeout)

		// The router responds 100 ms (its default margin) before the
		// deadline, so a response much earlier means it did not wait.
		if elapsed < functionTimeout-500*time.Millisecond {
			t.Errorf("GET %s returned after %v; want close to the %v function timeout", path, elapsed, functionTimeout)
		}
		t.Logf("GET %s returned 504 after %v", path, elapsed)
	}

	// The runtime survived both timeouts, and the slow handler saw its
	// context end.
	checkEnvelope(t, sourceHTTP, false, get("/health"), routeCase{status: http.StatusOK, body: healthBody})
	checkEnvelope(t, sourceHTTP, false, get("/stats"),
		routeCase{status: http.StatusOK, body: `{"slowStarted":1,"slowCancelled":1}`})
}

// decodeStats reads slowapp's /stats body.
func decodeStats(t *testing.T, body []byte) slowStats {
	t.Helper()
	var s slowStats
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatalf("GET /stats body is not the stats object: %v\n%s", err, body)
	}
	return s
}
