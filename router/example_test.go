package router_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/aws/aws-lambda-go/events"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

func httpEvent(method, path string) events.APIGatewayV2HTTPRequest {
	var e events.APIGatewayV2HTTPRequest
	e.RawPath = path
	e.RequestContext.HTTP.Method = method
	return e
}

func ExampleNewAPIGatewayHTTPResolver() {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/hello/<name>", func(name string) map[string]string {
		return map[string]string{"greeting": "hello " + name}
	})

	resp, _ := app.Resolve(context.Background(), httpEvent("GET", "/hello/gopher"))
	fmt.Println(resp.StatusCode, resp.Headers["Content-Type"], resp.Body)
	// Output: 200 application/json {"greeting":"hello gopher"}
}

func ExampleResolver_ResolveAsync() {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/square/<n>", func(ctx context.Context, n int) asyncbridge.Future[int] {
		return asyncbridge.Go(ctx, func(context.Context) (int, error) { return n * n, nil })
	})

	ctx := context.Background()
	future := app.ResolveAsync(ctx, httpEvent("GET", "/square/12"))
	resp, _ := future.Await(ctx)
	fmt.Println(resp.StatusCode, resp.Body)
	// Output: 200 144
}

func ExampleRouter_Use() {
	app := router.NewAPIGatewayHTTPResolver()
	app.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
		resp, err := next(req)
		if err == nil {
			resp.Header.Set("X-Request-Id", "req-1")
		}
		return resp, err
	})
	app.Get("/ping", func() string { return "pong" })

	ok, _ := app.Resolve(context.Background(), httpEvent("GET", "/ping"))
	missing, _ := app.Resolve(context.Background(), httpEvent("GET", "/nope"))
	fmt.Println(ok.StatusCode, ok.Headers["X-Request-Id"], ok.Body)
	fmt.Println(missing.StatusCode, missing.Headers["X-Request-Id"], missing.Body)
	// Output:
	// 200 req-1 pong
	// 404 req-1 {"statusCode":404,"message":"Not found"}
}

type outOfStock struct{ sku string }

func (e *outOfStock) Error() string { return "out of stock: " + e.sku }

func ExampleRouter_HandleError() {
	app := router.NewAPIGatewayHTTPResolver()
	app.HandleError(func(req *router.Request, err *outOfStock) (*router.Response, error) {
		return router.JSON(http.StatusConflict, map[string]string{"sku": err.sku}), nil
	})
	app.Post("/orders/<sku>", func(sku string) (map[string]string, error) {
		return nil, fmt.Errorf("placing order: %w", &outOfStock{sku: sku})
	})

	resp, _ := app.Resolve(context.Background(), httpEvent("POST", "/orders/A-1"))
	fmt.Println(resp.StatusCode, resp.Body)
	// Output: 409 {"sku":"A-1"}
}

func ExampleBadRequest() {
	app := router.NewAPIGatewayHTTPResolver()
	app.Get("/items/<id>", func(id int) (string, error) {
		if id <= 0 {
			return "", router.BadRequest("id must be positive")
		}
		return "ok", nil
	})

	resp, _ := app.Resolve(context.Background(), httpEvent("GET", "/items/0"))
	fmt.Println(resp.StatusCode, resp.Body)
	// Output: 400 {"statusCode":400,"message":"id must be positive"}
}

func ExampleHTTPMiddleware() {
	requireKey := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Api-Key") != "secret" {
				http.Error(w, "missing key", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	app := router.NewAPIGatewayHTTPResolver()
	app.Use(router.HTTPMiddleware(requireKey))
	app.Get("/private", func() string { return "welcome" })

	denied, _ := app.Resolve(context.Background(), httpEvent("GET", "/private"))
	withKey := httpEvent("GET", "/private")
	withKey.Headers = map[string]string{"x-api-key": "secret"}
	allowed, _ := app.Resolve(context.Background(), withKey)
	fmt.Printf("%d %q\n", denied.StatusCode, denied.Body)
	fmt.Printf("%d %q\n", allowed.StatusCode, allowed.Body)
	// Output:
	// 401 "missing key\n"
	// 200 "welcome"
}

func ExampleResolver_ServeHTTP() {
	app := router.NewAPIGatewayRestResolver()
	app.Get("/users/<id>", func(id string, q struct {
		Fields []string `query:"field"`
	}) map[string]any {
		return map[string]any{"id": id, "fields": q.Fields}
	})

	srv := httptest.NewServer(app)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/users/foo%40bar?field=a&field=b")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	// Output: 200 {"fields":["a","b"],"id":"foo@bar"}
}

func ExampleRouter_Include() {
	users := router.NewRouter()
	users.Get("/", func() []string { return []string{"ann", "bob"} })
	users.Get("/<id>", func(id string) map[string]string { return map[string]string{"user": id} })

	app := router.NewAPIGatewayHTTPResolver()
	app.Include(users, "/users")

	list, _ := app.Resolve(context.Background(), httpEvent("GET", "/users"))
	one, _ := app.Resolve(context.Background(), httpEvent("GET", "/users/42"))
	fmt.Println(list.Body)
	fmt.Println(one.Body)
	// Output:
	// ["ann","bob"]
	// {"user":"42"}
}

func ExampleWithMethodNotAllowed() {
	app := router.NewAPIGatewayHTTPResolver(router.WithMethodNotAllowed())
	app.Get("/items", func() []int { return nil })
	app.Delete("/items", func() error { return nil })

	resp, _ := app.Resolve(context.Background(), httpEvent("PUT", "/items"))
	fmt.Println(resp.StatusCode, resp.Headers["Allow"])
	// Output: 405 DELETE, GET
}

func ExampleGatewayTimeout() {
	app := router.NewAPIGatewayHTTPResolver(router.WithDeadlineMargin(0))
	app.Get("/slow", func(ctx context.Context) asyncbridge.Future[string] {
		return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
			<-ctx.Done() // a back end that answers only when told to stop
			return "", ctx.Err()
		})
	})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp, _ := app.Resolve(ctx, httpEvent("GET", "/slow"))
	fmt.Println(resp.StatusCode, resp.Body)
	// Output: 504 {"statusCode":504,"message":"Gateway Timeout"}
}
