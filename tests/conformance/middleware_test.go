package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/lambdaroute/lambdaroute/router"
)

// marker returns a middleware that records name-before and name-after
// around the rest of the chain.
func marker(rec *recorder, name string) router.Middleware {
	return func(req *router.Request, next router.Next) (*router.Response, error) {
		rec.add(name + "-before")
		resp, err := next(req)
		rec.add(name + "-after")
		return resp, err
	}
}

// recordedHandler returns a handler that records "handler" and returns {"ok":true}.
func recordedHandler(rec *recorder) func() map[string]bool {
	return func() map[string]bool {
		rec.add("handler")
		return map[string]bool{"ok": true}
	}
}

// rewriteBody is a middleware that replaces the body of whatever response
// the chain returns.
func rewriteBody(req *router.Request, next router.Next) (*router.Response, error) {
	resp, err := next(req)
	if err != nil {
		return nil, err
	}
	resp.Body = []byte("middleware works")
	return resp, nil
}

// userKey is the context key under which MW-CONTEXT passes a value.
type userKey struct{}

// requireFields plays the part of Powertools' SchemaValidationMiddleware:
// it returns a 400 error unless the JSON body has every field in fields. A
// nil fields list is a broken schema, which is a server error.
func requireFields(fields []string) router.Middleware {
	return func(req *router.Request, next router.Next) (*router.Response, error) {
		if fields == nil {
			return nil, errors.New("schema: no required fields configured")
		}
		var body map[string]any
		if err := json.Unmarshal(req.Body, &body); err != nil {
			return nil, router.BadRequest("Bad Request: body is not a JSON object")
		}
		for _, f := range fields {
			if _, ok := body[f]; !ok {
				return nil, router.BadRequest(fmt.Sprintf("Bad Request: Failed schema validation. Error: data must contain ['%s'] properties", f))
			}
		}
		return next(req)
	}
}

// middlewareCases check the order of middlewares, short circuits and errors.
var middlewareCases = []tcase{
	{
		name:    "MW-ORDER",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, rec *recorder) {
			r.Use(marker(rec, "g1"))
			r.Use(marker(rec, "g2"))
			r.Get("/my/path", recordedHandler(rec), router.WithMiddlewares(marker(rec, "r1")))
		},
		trace: []string{"g1-before", "g2-before", "r1-before", "handler", "r1-after", "g2-after", "g1-after"},
		want:  want{status: 200, body: `{"ok":true}`, header: jsonHeader},
	},
	{
		// A sub-router's middlewares wrap only its own routes, inside the
		// app's whatever the order of Use and Include; Powertools appends
		// them to the app's global list when the router is included.
		name:  "MW-ORDER/router",
		edits: []edit{withPath("/users/list")},
		setup: func(r *router.Router, rec *recorder) {
			users := router.NewRouter()
			users.Use(marker(rec, "sub"))
			users.Get("/list", recordedHandler(rec), router.WithMiddlewares(marker(rec, "r1")))
			r.Include(users, "/users")
			r.Use(marker(rec, "g1"))
		},
		trace: []string{"g1-before", "sub-before", "r1-before", "handler", "r1-after", "sub-after", "g1-after"},
		want:  want{status: 200, body: `{"ok":true}`, header: jsonHeader},
	},
	{
		name: "MW-SHORT",
		setup: func(r *router.Router, rec *recorder) {
			deny := func(*router.Request, router.Next) (*router.Response, error) {
				rec.add("deny")
				return router.Text(401, "denied"), nil
			}
			r.Get("/my/path", recordedHandler(rec), router.WithMiddlewares(deny))
		},
		trace: []string{"deny"},
		want:  want{status: 401, body: "denied", header: textHeader},
	},
	{
		name:    "MW-RAISE",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, rec *recorder) {
			raise := func(*router.Request, router.Next) (*router.Response, error) {
				return nil, router.Unauthorized("no token")
			}
			r.Get("/my/path", recordedHandler(rec), router.WithMiddlewares(raise))
		},
		trace: []string{},
		want:  want{status: 401, body: `{"statusCode":401,"message":"no token"}`, header: jsonHeader},
	},
	{
		name:    "MW-404",
		sources: allSources,
		edits:   []edit{withPath("/nope")},
		setup: func(r *router.Router, rec *recorder) {
			r.Use(rewriteBody)
			r.Get("/my/path", recordedHandler(rec))
		},
		trace: []string{},
		want:  want{status: 404, body: "middleware works", header: jsonHeader},
	},
	{
		name:    "MW-PREFLIGHT",
		sources: allSources,
		edits:   []edit{withPath("/my/path"), withMethod("OPTIONS"), withHeader("Origin", sampleOrigin)},
		opts:    []router.Option{router.WithCORS(router.CORSConfig{})},
		setup: func(r *router.Router, rec *recorder) {
			r.Use(rewriteBody)
			r.Get("/my/path", recordedHandler(rec))
		},
		trace: []string{},
		want: want{status: 204, body: "middleware works",
			header: with(corsOn, "Access-Control-Allow-Methods", "GET,OPTIONS")},
	},
	{
		// Deliberate difference: Go passes request-scoped values through the
		// request's context, not through app.context, so nothing is left on
		// the app between requests.
		name:    "MW-CONTEXT",
		sources: allSources,
		edits:   []edit{withPath("/my/path")},
		setup: func(r *router.Router, _ *recorder) {
			r.Use(func(req *router.Request, next router.Next) (*router.Response, error) {
				req.WithContext(context.WithValue(req.Context(), userKey{}, "x"))
				return next(req)
			})
			r.Get("/my/path", func(ctx context.Context) map[string]any {
				return map[string]any{"ctx": ctx.Value(userKey{})}
			})
		},
		want: want{status: 200, body: `{"ctx":"x"}`, header: jsonHeader},
	},
	{
		// The message is our own: Powertools' quotes its Python schema library.
		name:  "MW-SCHEMA-FAIL",
		event: "events/powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
		setup: func(r *router.Router, rec *recorder) {
			r.Post("/my/path", recordedHandler(rec),
				router.WithMiddlewares(requireFields([]string{"message", "username"})))
		},
		trace: []string{},
		want: want{status: 400, header: jsonHeader,
			body: `{"statusCode":400,"message":"Bad Request: Failed schema validation. Error: data must contain ['message'] properties"}`},
	},
	{
		name:  "MW-SCHEMA-BAD",
		event: "events/powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
		setup: func(r *router.Router, rec *recorder) {
			r.Post("/my/path", recordedHandler(rec), router.WithMiddlewares(requireFields(nil)))
		},
		trace: []string{},
		want:  want{status: 500, body: internalErrorBody, header: jsonHeader},
	},
}
