// Command fanout serves price quotes that combine three back ends called
// at the same time.
//
// GET /quotes/<sku> is async: it returns an asyncbridge.Future, starts the
// pricing, stock and shipping calls with asyncbridge.Go, and waits for all
// three with asyncbridge.Gather, so the request takes as long as the
// slowest call rather than the sum of all three. A back end that fails
// ends the wait at once and cancels the others. A back end that is too
// slow for the Lambda deadline gets a 504. GET /stock/<sku> shows the
// channel form of an async handler. Under Lambda it serves invocations;
// anywhere else it serves HTTP on 127.0.0.1:8080 (PORT overrides).
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// Quote is the response of GET /quotes/<sku>.
type Quote struct {
	SKU          string  `json:"sku"`
	Price        float64 `json:"price"`
	InStock      int     `json:"inStock"`
	DeliveryDays int     `json:"deliveryDays"`
}

// Backends are the three downstream services. Each call must return when
// its context ends, which is how a failed or timed-out fan-out stops them.
type Backends struct {
	Price    func(ctx context.Context, sku string) (float64, error)
	Stock    func(ctx context.Context, sku string) (int, error)
	Shipping func(ctx context.Context, sku string) (int, error)
}

// BackendError reports a downstream failure; the exception handler turns
// it into 502 Bad Gateway.
type BackendError struct {
	Service string
	Err     error
}

func (e *BackendError) Error() string { return e.Service + ": " + e.Err.Error() }
func (e *BackendError) Unwrap() error { return e.Err }

// call wraps one back end so that its failure names the service. A
// context error passes through unwrapped, so that the router can tell a
// deadline from a failure and answer 504.
func call[T any](service string, fn func(context.Context, string) (T, error), sku string) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		v, err := fn(ctx, sku)
		if err != nil && ctx.Err() == nil {
			return v, &BackendError{Service: service, Err: err}
		}
		return v, err
	}
}

// quote fans out to the three back ends. The handler returns at once; the
// router waits for the Future, with the invocation's deadline.
func (b Backends) quote(ctx context.Context, sku string) asyncbridge.Future[Quote] {
	return asyncbridge.Go(ctx, func(ctx context.Context) (Quote, error) {
		// Gather returns on the first failure; cancelling ctx then stops
		// the calls that are still running.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()

		price := asyncbridge.Go(ctx, call("pricing", b.Price, sku))
		stock := asyncbridge.Go(ctx, call("stock", b.Stock, sku))
		days := asyncbridge.Go(ctx, call("shipping", b.Shipping, sku))
		if err := asyncbridge.Gather(ctx, price, stock, days); err != nil {
			return Quote{}, err
		}
		return Quote{SKU: sku, Price: price.Value(), InStock: stock.Value(), DeliveryDays: days.Value()}, nil
	})
}

// stockLevel is async through a channel: the router receives the first
// value, or answers 504 if the deadline comes first.
func (b Backends) stockLevel(ctx context.Context, sku string) <-chan map[string]int {
	out := make(chan map[string]int, 1)
	go func() {
		n, err := b.Stock(ctx, sku)
		if err != nil {
			close(out) // the router reports a closed channel as a 500
			return
		}
		out <- map[string]int{sku: n}
	}()
	return out
}

// sleep waits for d, or returns ctx.Err() when ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// simulatedBackends stand in for real services, each taking latency.
func simulatedBackends(latency time.Duration) Backends {
	return Backends{
		Price: func(ctx context.Context, sku string) (float64, error) {
			return 19.99, sleep(ctx, latency)
		},
		Stock: func(ctx context.Context, sku string) (int, error) {
			if sku == "SKU-GONE" {
				return 0, errors.New("item discontinued")
			}
			return 7, sleep(ctx, latency)
		},
		Shipping: func(ctx context.Context, sku string) (int, error) {
			return 2, sleep(ctx, latency)
		},
	}
}

func newApp(b Backends) *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver(
		// Answer 504 this long before the Lambda deadline, so that the
		// answer still reaches API Gateway.
		router.WithDeadlineMargin(200 * time.Millisecond),
	)
	app.HandleError(func(req *router.Request, err *BackendError) (*router.Response, error) {
		return router.JSON(http.StatusBadGateway, map[string]string{
			"message": fmt.Sprintf("the %s service failed", err.Service),
		}), nil
	})
	app.Get("/quotes/<sku>", b.quote, router.Summary("Price, stock and delivery time of one item"))
	app.Get("/stock/<sku>", b.stockLevel, router.Summary("Stock level of one item"))
	return app
}

func main() {
	newApp(simulatedBackends(30 * time.Millisecond)).Start()
}
