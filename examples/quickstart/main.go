// Command quickstart is the smallest complete lambdaroute app: a health
// check, a route with a path parameter and a query struct, a JSON POST, and
// an async dashboard that fans out to two back ends at once.
//
// Under Lambda it serves invocations; anywhere else it serves HTTP on
// 127.0.0.1:8080 (PORT overrides). LAMBDAROUTE_SOURCE picks the event
// source: http (the default), rest, alb, url, lattice or latticev2.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// Todo is the body of POST /todos and its response.
type Todo struct {
	ID    int    `json:"id"`
	Title string `json:"title" jsonschema:"minLength=1"`
	Done  bool   `json:"done"`
}

// UserQuery is the query string of GET /users/<user_id>.
type UserQuery struct {
	Limit   int  `query:"limit" jsonschema:"default=10,minimum=1,maximum=100"`
	Verbose bool `query:"verbose"`
}

// User is the response of GET /users/<user_id>.
type User struct {
	ID      string `json:"id"`
	Limit   int    `json:"limit"`
	Verbose bool   `json:"verbose"`
}

// Order and Profile come from the two simulated back ends.
type Order struct {
	ID    string  `json:"id"`
	Total float64 `json:"total"`
}

type Profile struct {
	Name string `json:"name"`
	Tier string `json:"tier"`
}

// Dashboard combines both back ends' answers.
type Dashboard struct {
	UserID  string  `json:"userId"`
	Orders  []Order `json:"orders"`
	Profile Profile `json:"profile"`
}

// backendDelay simulates the latency of a downstream call.
const backendDelay = 20 * time.Millisecond

func health() map[string]string {
	return map[string]string{"status": "ok"}
}

func getUser(userID string, q UserQuery) User {
	return User{ID: userID, Limit: q.Limit, Verbose: q.Verbose}
}

func createTodo(todo Todo) (Todo, error) {
	if todo.Title == "" {
		return Todo{}, router.BadRequest("title must not be empty")
	}
	todo.ID = 1
	return todo, nil
}

func fetchOrders(userID string) func(context.Context) ([]Order, error) {
	return func(ctx context.Context) ([]Order, error) {
		select {
		case <-time.After(backendDelay):
			return []Order{{ID: userID + "-1", Total: 42.5}}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func fetchProfile(userID string) func(context.Context) (Profile, error) {
	return func(ctx context.Context) (Profile, error) {
		select {
		case <-time.After(backendDelay):
			return Profile{Name: "user " + userID, Tier: "gold"}, nil
		case <-ctx.Done():
			return Profile{}, ctx.Err()
		}
	}
}

// dashboard is async: it returns a Future, and both back ends are called
// at the same time.
func dashboard(ctx context.Context, userID string) asyncbridge.Future[Dashboard] {
	return asyncbridge.Go(ctx, func(ctx context.Context) (Dashboard, error) {
		orders := asyncbridge.Go(ctx, fetchOrders(userID))
		profile := asyncbridge.Go(ctx, fetchProfile(userID))
		if err := asyncbridge.Gather(ctx, orders, profile); err != nil {
			return Dashboard{}, err
		}
		return Dashboard{UserID: userID, Orders: orders.Value(), Profile: profile.Value()}, nil
	})
}

// routes registers the app's routes on a router that every resolver mounts.
func routes() *router.Router {
	r := router.NewRouter()
	r.Get("/health", health, router.Summary("Health check"))
	r.Get("/users/<user_id>", getUser, router.Summary("Get a user"))
	r.Post("/todos", createTodo, router.Summary("Create a todo"), router.Status(201))
	r.Get("/dashboard/<user_id>", dashboard, router.Summary("User dashboard"))
	return r
}

// server is what every resolver offers for running the app.
type server interface {
	Include(sub *router.Router, prefix string)
	EnableSwagger(cfg router.SwaggerConfig)
	Start()
}

func newServer(source string) (server, error) {
	opts := []router.Option{router.WithValidation()}
	switch source {
	case "", "http":
		return router.NewAPIGatewayHTTPResolver(opts...), nil
	case "rest":
		return router.NewAPIGatewayRestResolver(opts...), nil
	case "alb":
		return router.NewALBResolver(opts...), nil
	case "url":
		return router.NewLambdaFunctionURLResolver(opts...), nil
	case "lattice":
		return router.NewVPCLatticeResolver(opts...), nil
	case "latticev2":
		return router.NewVPCLatticeV2Resolver(opts...), nil
	}
	return nil, fmt.Errorf("LAMBDAROUTE_SOURCE=%q is not a known event source; use http, rest, alb, url, lattice or latticev2", source)
}

func main() {
	app, err := newServer(os.Getenv("LAMBDAROUTE_SOURCE"))
	if err != nil {
		log.Fatal(err)
	}
	app.Include(routes(), "")
	app.EnableSwagger(router.SwaggerConfig{Title: "quickstart"})
	app.Start()
}
