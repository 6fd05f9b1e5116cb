package benchmarks

import (
	"context"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// The types below are shared by every contender, so that each one encodes
// and decodes the same values.

// Health is the answer of GET /health.
type Health struct {
	Status string `json:"status"`
}

// UserQuery is the query string of GET /users/<id>.
type UserQuery struct {
	Limit   int  `query:"limit" jsonschema:"default=10,minimum=1,maximum=100"`
	Verbose bool `query:"verbose"`
}

// User is the answer of GET /users/<id>.
type User struct {
	ID      string `json:"id"`
	Limit   int    `json:"limit"`
	Verbose bool   `json:"verbose"`
}

// Todo is the body of POST /todos and its answer.
type Todo struct {
	ID    int    `json:"id"`
	Title string `json:"title" jsonschema:"minLength=1"`
	Done  bool   `json:"done"`
}

// Item is the answer of the async route GET /items/<id>.
type Item struct {
	ID    string `json:"id"`
	Ready bool   `json:"ready"`
}

func health() Health { return Health{Status: "ok"} }

func getUser(id string, q UserQuery) User {
	return User{ID: id, Limit: q.Limit, Verbose: q.Verbose}
}

func createTodo(t Todo) (Todo, error) {
	t.ID = 1
	return t, nil
}

// getItem is the async route: the Future's goroutine stands for a call to
// a back end.
func getItem(ctx context.Context, id string) asyncbridge.Future[Item] {
	return asyncbridge.Go(ctx, func(context.Context) (Item, error) {
		return Item{ID: id, Ready: true}, nil
	})
}

// registerRoutes adds the suite's four routes to a lambdaroute router.
func registerRoutes(r *router.Router) {
	r.Get("/health", health)
	r.Get("/users/<id>", getUser)
	r.Post("/todos", createTodo, router.Status(201))
	r.Get("/items/<id>", getItem)
}

func newRestApp(opts ...router.Option) *router.APIGatewayRestResolver {
	app := router.NewAPIGatewayRestResolver(opts...)
	registerRoutes(app.Router)
	return app
}

func newHTTPApp(opts ...router.Option) *router.APIGatewayHTTPResolver {
	app := router.NewAPIGatewayHTTPResolver(opts...)
	registerRoutes(app.Router)
	return app
}

func newALBApp(opts ...router.Option) *router.ALBResolver {
	app := router.NewALBResolver(opts...)
	registerRoutes(app.Router)
	return app
}
