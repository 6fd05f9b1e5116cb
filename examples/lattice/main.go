// Command lattice serves an internal inventory service to other services
// through Amazon VPC Lattice.
//
// The routes live on a sub-router that both VPC Lattice resolvers mount:
// LAMBDAROUTE_LATTICE_VERSION=1 serves target groups with event structure
// version 1, anything else version 2. A middleware reads the caller's IAM
// principal from the version 2 event's request context, the part of the
// event that has no HTTP equivalent. Under Lambda it serves invocations;
// anywhere else it serves HTTP on 127.0.0.1:8080 (PORT overrides).
package main

import (
	"context"
	"os"

	"github.com/lambdaroute/lambdaroute/router"
)

// Item is one inventory record.
type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
	Caller   string `json:"caller,omitempty"`
}

// Reservation is the body of POST /items/<sku>/reservations.
type Reservation struct {
	Quantity int `json:"quantity"`
}

var stock = map[string]int{"SKU-1": 12, "SKU-2": 0}

type callerKey struct{}

// callerFromContext returns the IAM principal that recordCaller stored, or
// "" when the request did not come from a VPC Lattice version 2 event with
// IAM authentication.
func callerFromContext(ctx context.Context) string {
	s, _ := ctx.Value(callerKey{}).(string)
	return s
}

// recordCaller stores the caller's principal in the request's context,
// where handlers that take a context.Context find it.
func recordCaller(req *router.Request, next router.Next) (*router.Response, error) {
	if e, ok := req.Event.(*router.VPCLatticeV2Request); ok {
		principal := e.RequestContext.Identity.Principal
		req.WithContext(context.WithValue(req.Context(), callerKey{}, principal))
	}
	return next(req)
}

func getItem(ctx context.Context, sku string) (Item, error) {
	qty, ok := stock[sku]
	if !ok {
		return Item{}, router.NotFoundError("unknown SKU " + sku)
	}
	return Item{SKU: sku, Quantity: qty, Caller: callerFromContext(ctx)}, nil
}

// reserve checks a reservation against the stock without changing it, so
// that the example stays free of shared mutable state.
func reserve(sku string, r Reservation) (Item, error) {
	qty, ok := stock[sku]
	if !ok {
		return Item{}, router.NotFoundError("unknown SKU " + sku)
	}
	if r.Quantity <= 0 || r.Quantity > qty {
		return Item{}, router.NewHTTPError(409, "cannot reserve that quantity")
	}
	return Item{SKU: sku, Quantity: qty - r.Quantity}, nil
}

// routes returns the service's routes, ready for either resolver.
func routes() *router.Router {
	r := router.NewRouter()
	r.Use(recordCaller)
	r.Get("/items/<sku>", getItem, router.Summary("Stock level of one item"))
	r.Post("/items/<sku>/reservations", reserve, router.Summary("Check a reservation"))
	return r
}

// server is the part of both resolvers that main needs.
type server interface {
	Include(sub *router.Router, prefix string)
	Start()
}

func newServer(version string) server {
	if version == "1" {
		return router.NewVPCLatticeResolver()
	}
	return router.NewVPCLatticeV2Resolver()
}

func main() {
	app := newServer(os.Getenv("LAMBDAROUTE_LATTICE_VERSION"))
	app.Include(routes(), "")
	app.Start()
}
