package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
)

// TestMain fails the run when a test leaves a goroutine behind, such as a
// back-end call that a failed fan-out did not cancel.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func getEvent(path string) events.APIGatewayV2HTTPRequest {
	var e events.APIGatewayV2HTTPRequest
	e.Version = "2.0"
	e.RawPath = path
	e.RequestContext.HTTP.Method = "GET"
	e.RequestContext.Stage = "$default"
	return e
}

// barrierBackends return only once all three calls have started, so a
// quote that called them one after another would never finish.
func barrierBackends() Backends {
	var started sync.WaitGroup
	started.Add(3)
	all := make(chan struct{})
	go func() { started.Wait(); close(all) }()
	wait := func(ctx context.Context) error {
		started.Done()
		select {
		case <-all:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return Backends{
		Price:    func(ctx context.Context, _ string) (float64, error) { return 19.99, wait(ctx) },
		Stock:    func(ctx context.Context, _ string) (int, error) { return 7, wait(ctx) },
		Shipping: func(ctx context.Context, _ string) (int, error) { return 2, wait(ctx) },
	}
}

func TestQuoteCallsBackendsConcurrently(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := newApp(barrierBackends()).Resolve(ctx, getEvent("/quotes/SKU-1"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"sku":"SKU-1","price":19.99,"inStock":7,"deliveryDays":2}`
	if resp.StatusCode != 200 || resp.Body != want {
		t.Errorf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
	}
}

func TestQuoteFailureCancelsOthers(t *testing.T) {
	var mu sync.Mutex
	var cancelled []string
	slow := func(name string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			err := sleep(ctx, 10*time.Second)
			if errors.Is(err, context.Canceled) {
				mu.Lock()
				cancelled = append(cancelled, name)
				mu.Unlock()
			}
			return err
		}
	}
	price, shipping := slow("pricing"), slow("shipping")
	b := Backends{
		Price:    func(ctx context.Context, _ string) (float64, error) { return 0, price(ctx) },
		Stock:    func(context.Context, string) (int, error) { return 0, errors.New("item discontinued") },
		Shipping: func(ctx context.Context, _ string) (int, error) { return 0, shipping(ctx) },
	}

	start := time.Now()
	resp, err := newApp(b).Resolve(context.Background(), getEvent("/quotes/SKU-GONE"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 502 || resp.Body != `{"message":"the stock service failed"}` {
		t.Errorf("got %d %s, want 502 from the BackendError handler", resp.StatusCode, resp.Body)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v; Gather should return on the first failure", elapsed)
	}

	// The route's context is cancelled when the route finishes, and the
	// slow calls notice it shortly after.
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(cancelled)
		mu.Unlock()
		if n == 2 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Errorf("cancelled calls = %v, want pricing and shipping", cancelled)
}

func TestQuoteDeadlineAnswers504(t *testing.T) {
	// A Lambda invocation with 400 ms left: the route gives up 200 ms
	// before that (WithDeadlineMargin), while the back ends need 10 s.
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	start := time.Now()
	resp, err := newApp(simulatedBackends(10*time.Second)).Resolve(ctx, getEvent("/quotes/SKU-1"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 504 || resp.Body != `{"statusCode":504,"message":"Gateway Timeout"}` {
		t.Errorf("got %d %s, want 504", resp.StatusCode, resp.Body)
	}
	if elapsed := time.Since(start); elapsed >= 400*time.Millisecond {
		t.Errorf("answered after %v, not before the invocation's deadline", elapsed)
	}
}

func TestStockChannel(t *testing.T) {
	app := newApp(simulatedBackends(time.Millisecond))
	ok, _ := app.Resolve(context.Background(), getEvent("/stock/SKU-1"))
	if ok.StatusCode != 200 || ok.Body != `{"SKU-1":7}` {
		t.Errorf("got %d %s, want 200 {\"SKU-1\":7}", ok.StatusCode, ok.Body)
	}
	closed, _ := app.Resolve(context.Background(), getEvent("/stock/SKU-GONE"))
	if closed.StatusCode != 500 || closed.Body != `{"statusCode":500,"message":"Internal Server Error"}` {
		t.Errorf("got %d %s, want the generic 500 for a closed channel", closed.StatusCode, closed.Body)
	}
}

func TestPanicInBackendIs500(t *testing.T) {
	t.Setenv("POWERTOOLS_DEV", "")
	b := simulatedBackends(time.Millisecond)
	b.Shipping = func(context.Context, string) (int, error) { panic("shipping table is empty") }
	resp, err := newApp(b).Resolve(context.Background(), getEvent("/quotes/SKU-1"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 500 || resp.Body != `{"statusCode":500,"message":"Internal Server Error"}` {
		t.Errorf("got %d %s, want 500 without details outside debug mode", resp.StatusCode, resp.Body)
	}
}

func TestResolveAsyncManyEvents(t *testing.T) {
	app := newApp(simulatedBackends(20 * time.Millisecond))
	ctx := context.Background()
	futures := make([]asyncbridge.Future[events.APIGatewayV2HTTPResponse], 20)
	waiting := make([]asyncbridge.Awaitable, len(futures))
	for i := range futures {
		futures[i] = app.ResolveAsync(ctx, getEvent("/quotes/SKU-1"))
		waiting[i] = futures[i]
	}
	if err := asyncbridge.Gather(ctx, waiting...); err != nil {
		t.Fatal(err)
	}
	for i, f := range futures {
		if resp := f.Value(); resp.StatusCode != 200 {
			t.Errorf("event %d: status %d, body %s", i, resp.StatusCode, resp.Body)
		}
	}
}

// TestQuoteEventThroughInvoke sends a captured HTTP API event through
// Invoke, the entry point that Lambda calls, and checks the JSON that the
// function returns to API Gateway.
func TestQuoteEventThroughInvoke(t *testing.T) {
	payload, err := os.ReadFile("testdata/get-quote.json")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	raw, err := newApp(simulatedBackends(time.Millisecond)).Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	var out struct {
		StatusCode int               `json:"statusCode"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	if out.StatusCode != 200 {
		t.Fatalf("status = %d, want 200; body %s", out.StatusCode, out.Body)
	}
	want := `{"sku":"SKU-42","price":19.99,"inStock":7,"deliveryDays":2}`
	if out.Body != want {
		t.Errorf("body = %s, want %s", out.Body, want)
	}
	if got := out.Headers["Content-Type"]; got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
}
