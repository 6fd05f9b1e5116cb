package benchmarks

import (
	"flag"
	"os"
	"runtime"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

var memcheck = flag.Bool("memcheck", false, "run TestMemoryResolve: a million requests through Resolve")

const (
	// memcheckRequests is how many requests TestMemoryResolve sends.
	memcheckRequests = 1_000_000

	// memcheckBound is how much the live heap may grow over the run. A
	// leak of one small allocation per request would grow it by tens of
	// megabytes, while pools and lazily built state stay well under this.
	memcheckBound = 1 << 20
)

// TestMemoryResolve sends a million requests of every case through one
// Resolve app and checks that the live heap after a GC has not grown by
// more than memcheckBound. It runs only with -memcheck or with
// LAMBDAROUTE_MEMCHECK=1, because it takes several seconds:
//
//	go test -run Memory -memcheck
func TestMemoryResolve(t *testing.T) {
	if !*memcheck && os.Getenv("LAMBDAROUTE_MEMCHECK") != "1" {
		t.Skip("memory check skipped; run with -memcheck or LAMBDAROUTE_MEMCHECK=1")
	}
	app := newHTTPApp()
	evs := make([]events.APIGatewayV2HTTPRequest, len(benchCases))
	for i, c := range benchCases {
		evs[i] = mustUnmarshal[events.APIGatewayV2HTTPRequest](v2Payload(c))
	}

	// A warm-up pass fills pools and builds the middleware chains, so
	// that only growth from then on counts.
	for i := range 10_000 {
		app.Resolve(invocationContext, evs[i%len(evs)])
	}
	before := liveHeap()
	for i := range memcheckRequests {
		resp, _ := app.Resolve(invocationContext, evs[i%len(evs)])
		if want := benchCases[i%len(evs)].wantStatus; resp.StatusCode != want {
			t.Fatalf("request %d (%s): got status %d, want %d", i, benchCases[i%len(evs)].name, resp.StatusCode, want)
		}
	}
	after := liveHeap()
	growth := int64(after) - int64(before)
	t.Logf("live heap: %d bytes before, %d after %d requests (%+d)", before, after, memcheckRequests, growth)
	if growth > memcheckBound {
		t.Errorf("live heap grew by %d bytes over %d requests; the bound is %d, so something is kept per request",
			growth, memcheckRequests, memcheckBound)
	}
}

// liveHeap returns the bytes of live heap objects after a full GC. Two
// collections run so that objects freed by finalizers are gone too.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
