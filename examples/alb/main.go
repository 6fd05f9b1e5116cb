// Command alb serves a service status page behind an Application Load
// Balancer target group.
//
// It shows what differs on ALB: the response uses multiValueHeaders
// exactly when the target group sent the request with them, every response
// carries the statusDescription that ALB requires, the query string
// arrives still percent-encoded and is decoded once, and HEAD needs its
// own route. Under Lambda it serves invocations; anywhere else it serves
// HTTP on 127.0.0.1:8080 (PORT overrides).
package main

import (
	"net/http"
	"strconv"
	"time"

	"github.com/lambdaroute/lambdaroute/router"
)

// Status is the body of GET /status.
type Status struct {
	Service string    `json:"service"`
	Healthy bool      `json:"healthy"`
	Checked time.Time `json:"checked"`
}

// SearchQuery is the query string of GET /search.
type SearchQuery struct {
	Terms []string `query:"q"`
}

// now is replaced in tests so that bodies are stable.
var now = time.Now

func status() Status {
	return Status{Service: "checkout", Healthy: true, Checked: now().UTC()}
}

// statusHead answers HEAD /status: the same headers as GET, no body.
func statusHead() *router.Response {
	resp := router.JSON(http.StatusOK, status())
	resp.Header.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	resp.Body = nil
	return resp
}

func search(q SearchQuery) *router.Response {
	resp := router.JSON(http.StatusOK, map[string][]string{"terms": q.Terms})
	// Two values of one header: kept apart with multi-value headers,
	// reduced to the last value without them.
	resp.Header.Add("X-Shard", "eu-1")
	resp.Header.Add("X-Shard", "eu-2")
	return resp
}

func newApp() *router.ALBResolver {
	app := router.NewALBResolver()
	app.Get("/status", status, router.Summary("Service status"), router.CacheControl("max-age=5"))
	app.Head("/status", statusHead)
	app.Get("/search", search, router.Summary("Echo the search terms"))
	return app
}

func main() {
	newApp().Start()
}
