package router

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CORSConfig configures cross-origin resource sharing, with the fields and
// defaults of Powertools' CORSConfig.
type CORSConfig struct {
	// AllowOrigin is one allowed origin, or "*" (the default when empty).
	AllowOrigin string

	// ExtraOrigins are further allowed origins.
	ExtraOrigins []string

	// AllowHeaders are added to the headers that are always allowed:
	// Authorization, Content-Type, X-Amz-Date, X-Amz-Security-Token and
	// X-Api-Key.
	AllowHeaders []string

	// ExposeHeaders become Access-Control-Expose-Headers.
	ExposeHeaders []string

	// MaxAge becomes Access-Control-Max-Age, in whole seconds, when set.
	MaxAge time.Duration

	// AllowCredentials sends Access-Control-Allow-Credentials: true, except
	// when the allowed origin is "*", which browsers reject together with
	// credentials.
	AllowCredentials bool
}

var defaultCORSHeaders = []string{"Authorization", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"}

// routeCORS resolves a route's CORS setting: the route's CORS option wins
// over the resolver's WithCORS.
func (a *app) routeCORS(cfg routeConfig) *CORSConfig {
	if cfg.cors == nil {
		return a.cfg.cors
	}
	if !*cfg.cors {
		return nil
	}
	if a.cfg.cors != nil {
		return a.cfg.cors
	}
	return &CORSConfig{}
}

// allowedOrigin returns the Access-Control-Allow-Origin value for origin,
// or "" when the origin is not allowed.
func (c *CORSConfig) allowedOrigin(origin string) string {
	allow := c.AllowOrigin
	if allow == "" {
		allow = "*"
	}
	if origin == allow {
		return origin
	}
	wildcard := allow == "*"
	for _, o := range c.ExtraOrigins {
		if origin == o {
			return origin
		}
		wildcard = wildcard || o == "*"
	}
	if wildcard {
		return "*"
	}
	return ""
}

// dependsOnOrigin reports whether the response varies by the Origin header,
// which is when any origin other than "*" is configured; caches must then
// key on Origin.
func (c *CORSConfig) dependsOnOrigin() bool {
	if c.AllowOrigin != "" && c.AllowOrigin != "*" {
		return true
	}
	for _, o := range c.ExtraOrigins {
		if o != "*" {
			return true
		}
	}
	return false
}

func (c *CORSConfig) allowHeaders() string {
	set := map[string]bool{}
	for _, h := range defaultCORSHeaders {
		set[h] = true
	}
	for _, h := range c.AllowHeaders {
		set[h] = true
	}
	return strings.Join(sortedKeys(set), ",")
}

// applyCORS adds the CORS headers for req's Origin to resp.
func applyCORS(c *CORSConfig, req *Request, resp *Response) {
	if c.dependsOnOrigin() {
		addVary(resp.Header, "Origin")
	}
	origin := req.Header.Get("Origin")
	if origin == "" {
		return
	}
	allowed := c.allowedOrigin(origin)
	if allowed == "" {
		return
	}
	resp.Header.Set("Access-Control-Allow-Origin", allowed)
	resp.Header.Set("Access-Control-Allow-Headers", c.allowHeaders())
	if len(c.ExposeHeaders) > 0 {
		resp.Header.Set("Access-Control-Expose-Headers", strings.Join(c.ExposeHeaders, ","))
	}
	if c.MaxAge > 0 {
		resp.Header.Set("Access-Control-Max-Age", strconv.Itoa(int(c.MaxAge/time.Second)))
	}
	if c.AllowCredentials && allowed != "*" {
		resp.Header.Set("Access-Control-Allow-Credentials", "true")
	}
}

// preflightMethods lists OPTIONS and the methods of every CORS-enabled
// route, sorted and comma-joined, as Powertools does for the whole app.
func (a *app) preflightMethods() string {
	set := map[string]bool{http.MethodOptions: true}
	for _, rt := range a.routes {
		if rt.cors != nil {
			set[rt.method] = true
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// preflightHandler responds to an OPTIONS request that no route takes: 204,
// no body, and the allowed methods. finish adds the origin headers.
func (a *app) preflightHandler(req *Request) (*Response, error) {
	h := http.Header{}
	h.Set("Access-Control-Allow-Methods", a.corsMethods)
	return &Response{StatusCode: http.StatusNoContent, Header: h}, nil
}
