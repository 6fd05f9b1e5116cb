// Command auth guards an order API with bearer tokens.
//
// Authentication is a middleware on a sub-router, so it wraps the /api
// routes and leaves /health and 404 answers alone. It stores the caller in
// the request's context, and a route middleware checks the admin role for
// DELETE. A net/http middleware adds security headers to every response
// through router.HTTPMiddleware. Arguments are bound and checked from the
// handlers' types: a query value that is not a number, or a body field of
// the wrong JSON type, gets a 422 that names the field. Under Lambda it
// serves invocations; anywhere else it serves HTTP on 127.0.0.1:8080
// (PORT overrides).
package main

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/lambdaroute/lambdaroute/router"
)

// Principal is an authenticated caller.
type Principal struct {
	Subject string   `json:"subject"`
	Roles   []string `json:"roles"`
}

// HasRole reports whether p has role.
func (p Principal) HasRole(role string) bool {
	return slices.Contains(p.Roles, role)
}

// TokenVerifier maps a bearer token to its principal. A real service
// would verify a JWT or ask an identity provider here.
type TokenVerifier func(ctx context.Context, token string) (Principal, bool)

// staticTokens is a TokenVerifier for local runs and tests.
func staticTokens(tokens map[string]Principal) TokenVerifier {
	return func(_ context.Context, token string) (Principal, bool) {
		p, ok := tokens[token]
		return p, ok
	}
}

type principalKey struct{}

// principalFrom returns the caller that authenticate stored in ctx.
func principalFrom(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey{}).(Principal)
	return p
}

// errorBody has the fields, in the order, of the router's own error bodies.
type errorBody struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
}

// unauthorized builds a 401 with the standard error body and the
// WWW-Authenticate header that HTTP requires on every 401.
func unauthorized(message string) *router.Response {
	resp := router.JSON(http.StatusUnauthorized, errorBody{StatusCode: http.StatusUnauthorized, Message: message})
	resp.Header.Set("WWW-Authenticate", `Bearer realm="orders"`)
	return resp
}

// authenticate checks the Authorization header. It short-circuits with a
// 401 without calling next, or stores the caller and goes on.
func authenticate(verify TokenVerifier) router.Middleware {
	return func(req *router.Request, next router.Next) (*router.Response, error) {
		scheme, token, ok := strings.Cut(req.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return unauthorized("missing bearer token"), nil
		}
		p, ok := verify(req.Context(), token)
		if !ok {
			return unauthorized("invalid bearer token"), nil
		}
		req.WithContext(context.WithValue(req.Context(), principalKey{}, p))
		return next(req)
	}
}

// requireRole is a route middleware; an error it returns goes through the
// exception handlers like a handler's error.
func requireRole(role string) router.Middleware {
	return func(req *router.Request, next router.Next) (*router.Response, error) {
		if !principalFrom(req.Context()).HasRole(role) {
			return nil, router.Forbidden("this operation needs the " + role + " role")
		}
		return next(req)
	}
}

// securityHeaders is an ordinary net/http middleware.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// Order is one stored order.
type Order struct {
	ID       int    `json:"id"`
	Owner    string `json:"owner"`
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
}

// OrderInput is the body of POST /api/orders.
type OrderInput struct {
	Item     string `json:"item" jsonschema:"required,minLength=1"`
	Quantity int    `json:"quantity" jsonschema:"required,minimum=1"`
}

// ListParams is the query string of GET /api/orders.
type ListParams struct {
	Limit int `query:"limit" jsonschema:"default=10,minimum=1,maximum=100"`
}

type orders struct {
	mu     sync.Mutex
	nextID int
	byID   map[int]Order
}

func newOrders() *orders { return &orders{nextID: 1, byID: map[int]Order{}} }

func (o *orders) list(ctx context.Context, p ListParams) []Order {
	o.mu.Lock()
	defer o.mu.Unlock()
	owner := principalFrom(ctx).Subject
	out := []Order{}
	for id := 1; id < o.nextID && len(out) < p.Limit; id++ {
		if ord, ok := o.byID[id]; ok && ord.Owner == owner {
			out = append(out, ord)
		}
	}
	return out
}

func (o *orders) create(ctx context.Context, in OrderInput) (Order, error) {
	if in.Item == "" || in.Quantity < 1 {
		return Order{}, router.BadRequest("item must be set and quantity must be at least 1")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	ord := Order{ID: o.nextID, Owner: principalFrom(ctx).Subject, Item: in.Item, Quantity: in.Quantity}
	o.byID[ord.ID] = ord
	o.nextID++
	return ord, nil
}

func (o *orders) remove(id int) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.byID[id]; !ok {
		return router.NotFoundError("")
	}
	delete(o.byID, id)
	return nil
}

func me(ctx context.Context) Principal { return principalFrom(ctx) }

func newApp(verify TokenVerifier, store *orders) *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver(router.WithValidation())
	app.Use(router.HTTPMiddleware(securityHeaders))
	app.Get("/health", func() string { return "ok" })

	api := router.NewRouter()
	api.Use(authenticate(verify))
	api.Get("/me", me, router.Summary("The authenticated caller"))
	api.Get("/orders", store.list, router.Summary("The caller's orders"))
	api.Post("/orders", store.create, router.Summary("Place an order"), router.Status(http.StatusCreated))
	api.Delete("/orders/<id>", store.remove, router.Summary("Delete any order"),
		router.WithMiddlewares(requireRole("admin")))
	app.Include(api, "/api")
	return app
}

func main() {
	// Fixed tokens keep the local server usable without an identity
	// provider; replace staticTokens with real verification on Lambda.
	newApp(staticTokens(map[string]Principal{
		"alice-token": {Subject: "alice", Roles: []string{"admin"}},
		"bob-token":   {Subject: "bob"},
	}), newOrders()).Start()
}
