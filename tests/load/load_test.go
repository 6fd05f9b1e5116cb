// Package load_test sends a large mixed load through lambdaroute's
// http.Handler on a local server and checks that every request gets its
// expected status, and that goroutines and heap return to their baseline
// afterwards. It skips under go test -short. Flags set its size:
//
//	go test ./tests/load -v -load.requests 100000 -load.clients 200
package load_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

var (
	requests = flag.Int("load.requests", 100_000, "number of requests to send")
	clients  = flag.Int("load.clients", 200, "number of concurrent clients")
	maxTime  = flag.Duration("load.timeout", 3*time.Minute, "time after which the load test stops and fails")

	// heapSlack is how much more live heap than before the run is
	// accepted after it. A leak of 50 bytes per request would already
	// exceed it at the default request count.
	heapSlack = flag.Int("load.heapslack", 4<<20, "bytes of live heap growth accepted after the run")
)

// TestMain fails the run when a test leaves a goroutine behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// kind is one sort of request in the mix, with its share of every 100
// requests and the only status it may get.
type kind struct {
	name   string
	share  int
	method string
	path   string
	body   string
	status int
}

// mix is the request mix. Only the panic and timeout kinds provoke a 5xx.
var mix = []kind{
	{"sync", 35, "GET", "/sync/7", "", 200},
	{"async", 30, "GET", "/async/7", "", 200},
	{"not found", 10, "GET", "/no/such/route", "", 404},
	{"query validation", 5, "GET", "/search?limit=abc", "", 422},
	{"body validation", 5, "POST", "/items", `{"count":"seven"}`, 422},
	{"post", 5, "POST", "/items", `{"name":"a","count":1}`, 200},
	{"panic", 5, "GET", "/panic", "", 500},
	{"timeout", 5, "GET", "/slow", "", 504},
}

// slowTimeout is the context timeout that the server gives /slow
// requests; the handler waits on its context and gets cut off.
const slowTimeout = 20 * time.Millisecond

type item struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func newApp() http.Handler {
	app := router.NewAPIGatewayHTTPResolver(router.WithLogger(slog.New(slog.DiscardHandler)),
		router.WithDeadlineMargin(5*time.Millisecond))
	app.Get("/sync/<id>", func(id int) map[string]int { return map[string]int{"id": id} })
	app.Get("/async/<id>", func(ctx context.Context, id int) asyncbridge.Future[map[string]int] {
		return asyncbridge.Go(ctx, func(context.Context) (map[string]int, error) {
			return map[string]int{"id": id}, nil
		})
	})
	app.Get("/search", func(q struct {
		Limit int `query:"limit"`
	}) int {
		return q.Limit
	})
	app.Post("/items", func(it item) item { return it })
	app.Get("/panic", func() string { panic("load: provoked panic") })
	app.Get("/slow", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
			<-ctx.Done()
			return "", ctx.Err()
		})
	})

	// The local server has no invocation deadline, so /slow gets one here,
	// as a Lambda invocation would.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			ctx, cancel := context.WithTimeout(r.Context(), slowTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		app.ServeHTTP(w, r)
	})
}

// kindTable returns 100 indexes into mix, each kind as often as its share,
// so that every 100 consecutive requests carry the whole mix.
func kindTable() []int {
	table := make([]int, 0, 100)
	for k, kd := range mix {
		for range kd.share {
			table = append(table, k)
		}
	}
	if len(table) != 100 {
		panic(fmt.Sprintf("load: request mix shares add up to %d, want 100", len(table)))
	}
	return table
}

// tally counts responses per kind.
type tally struct {
	answered   [8]atomic.Int64
	wrong      [8]atomic.Int64
	fiveXX     atomic.Int64
	failed     atomic.Int64
	sampleOnce sync.Once
	sample     atomic.Value
}

func TestMixedLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped under -short")
	}
	var counts tally
	if len(mix) != len(counts.answered) {
		t.Fatalf("tally has %d slots for %d kinds", len(counts.answered), len(mix))
	}
	handler := newApp()
	table := kindTable()

	goroutinesBefore, heapBefore := baseline()
	srv := httptest.NewServer(handler)
	transport := &http.Transport{MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *maxTime)
	defer cancel()

	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range *clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= *requests {
					return
				}
				send(ctx, client, srv.URL, i, table[i%100], &counts)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	srv.Close()
	transport.CloseIdleConnections()
	goroutinesAfter := waitForGoroutines(goroutinesBefore, 5*time.Second)
	heapAfter := liveHeap()

	var answered, provoked int64
	for k, kd := range mix {
		n := counts.answered[k].Load()
		answered += n
		if kd.status >= 500 {
			provoked += n
		}
		if w := counts.wrong[k].Load(); w > 0 {
			t.Errorf("%s: %d of %d answers had a status other than %d; first: %v", kd.name, w, n, kd.status, counts.sample.Load())
		}
	}
	t.Logf("%d requests from %d clients in %v (%.0f requests/s); %d provoked 5xx, %d other 5xx",
		answered, *clients, elapsed.Round(time.Millisecond), float64(answered)/elapsed.Seconds(), provoked, counts.fiveXX.Load())
	t.Logf("goroutines: %d before, %d after; live heap: %d KiB before, %d KiB after",
		goroutinesBefore, goroutinesAfter, heapBefore>>10, heapAfter>>10)

	if ctx.Err() != nil {
		t.Errorf("stopped after %v (-load.timeout) with %d of %d requests answered", *maxTime, answered, *requests)
	}
	if lost := int64(*requests) - answered; lost != 0 {
		t.Errorf("%d requests got no answer (%d transport errors)", lost, counts.failed.Load())
	}
	if n := counts.fiveXX.Load(); n != 0 {
		t.Errorf("%d unprovoked 5xx answers", n)
	}
	if goroutinesAfter > goroutinesBefore {
		t.Errorf("goroutines: %d before the run, %d after", goroutinesBefore, goroutinesAfter)
	}
	if heapAfter > heapBefore+uint64(*heapSlack) {
		t.Errorf("live heap grew from %d KiB to %d KiB, more than -load.heapslack %d KiB",
			heapBefore>>10, heapAfter>>10, *heapSlack>>10)
	}
}

// send sends request i, of kind mix[k], and counts its response.
func send(ctx context.Context, client *http.Client, base string, i, k int, counts *tally) {
	kd := mix[k]
	var body io.Reader
	if kd.body != "" {
		body = strings.NewReader(kd.body)
	}
	req, err := http.NewRequestWithContext(ctx, kd.method, base+kd.path, body)
	if err != nil {
		counts.failed.Add(1)
		return
	}
	if kd.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		counts.failed.Add(1)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	counts.answered[k].Add(1)
	if resp.StatusCode != kd.status {
		counts.wrong[k].Add(1)
		counts.sampleOnce.Do(func() { counts.sample.Store(fmt.Sprintf("request %d %s: status %d", i, kd.name, resp.StatusCode)) })
	}
	if resp.StatusCode >= 500 && kd.status < 500 {
		counts.fiveXX.Add(1)
	}
}

// baseline returns the goroutine count and live heap before the run.
func baseline() (int, uint64) {
	return runtime.NumGoroutine(), liveHeap()
}

// liveHeap returns the bytes of live heap objects after two collections,
// the second of which frees what the first one's finalizers released.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// waitForGoroutines waits until at most want goroutines run, or until
// timeout, and returns the count it saw last. Connection goroutines of the
// closed server and transport take a moment to exit.
func waitForGoroutines(want int, timeout time.Duration) int {
	deadline := time.Now().Add(timeout)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}
