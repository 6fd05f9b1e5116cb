package router

import (
	"fmt"
	"net/http"
	"reflect"
	"runtime"
	"strings"

	"github.com/lambdaroute/lambdaroute/binder"
)

// Router collects routes, middlewares and exception handlers. Every
// resolver has one built in; NewRouter makes a sub-router to mount with
// Include. Registration is not safe for concurrent use and must end before
// the first request; serving is safe for concurrent use.
type Router struct {
	defs        []*routeDef
	middlewares []Middleware
	handlers    []*errorHandler
	notFound    *binder.Plan

	// root is set on a resolver's router: it compiles each route as soon as
	// it is registered, so that conflicts fail at the registration site.
	root *app
}

// routeDef is a registered route before it is compiled into a resolver.
type routeDef struct {
	method  string
	path    string
	handler any
	plan    *binder.Plan
	cfg     routeConfig
	site    string

	// groups are the sub-routers the route came through, outermost first;
	// their middlewares run between the app's and the route's own.
	groups []*Router
}

// NewRouter returns an empty sub-router.
func NewRouter() *Router { return &Router{} }

// Get registers handler for GET requests to path.
func (r *Router) Get(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodGet}, path, handler, opts)
}

// Post registers handler for POST requests to path.
func (r *Router) Post(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodPost}, path, handler, opts)
}

// Put registers handler for PUT requests to path.
func (r *Router) Put(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodPut}, path, handler, opts)
}

// Patch registers handler for PATCH requests to path.
func (r *Router) Patch(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodPatch}, path, handler, opts)
}

// Delete registers handler for DELETE requests to path.
func (r *Router) Delete(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodDelete}, path, handler, opts)
}

// Head registers handler for HEAD requests to path. A GET route does not
// serve HEAD on its own, as in Powertools.
func (r *Router) Head(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodHead}, path, handler, opts)
}

// Options registers handler for OPTIONS requests to path. Such a route
// takes the place of the automatic CORS preflight response for its path.
func (r *Router) Options(path string, handler any, opts ...RouteOption) {
	r.route([]string{http.MethodOptions}, path, handler, opts)
}

// Route registers handler for each of methods at path. Methods are
// matched case-insensitively; any method name is accepted.
func (r *Router) Route(methods []string, path string, handler any, opts ...RouteOption) {
	r.route(methods, path, handler, opts)
}

func (r *Router) route(methods []string, path string, handler any, opts []RouteOption) {
	site := callerSite()
	r.checkOpen("register a route")
	if len(methods) == 0 {
		panic(fmt.Sprintf("router: route %q (%s) has no method; pass at least one, such as \"GET\"", path, site))
	}
	p, err := parsePattern(path, false)
	if err != nil {
		panic(fmt.Sprintf("router: %s %s (%s): %v", strings.Join(methods, ","), path, site, err))
	}
	var cfg routeConfig
	for _, opt := range opts {
		opt(&cfg)
	}
	plan, err := binder.New(handler, p.params, binder.Options{RequestType: requestType})
	if err != nil {
		panic(fmt.Sprintf("router: %s %s (%s): %v", strings.Join(methods, ","), path, site, err))
	}
	for _, m := range methods {
		def := &routeDef{method: strings.ToUpper(m), path: path, handler: handler, plan: plan, cfg: cfg, site: site}
		r.add(def)
	}
}

func (r *Router) add(def *routeDef) {
	r.defs = append(r.defs, def)
	if r.root != nil {
		if err := r.root.compile(def); err != nil {
			panic(fmt.Sprintf("router: %s %s (%s): %v", def.method, def.path, def.site, err))
		}
	}
}

// Use appends middlewares that wrap every route of this router, in the
// order given. On a resolver they also wrap 404s and CORS preflights; on a
// sub-router they wrap only the sub-router's routes.
func (r *Router) Use(mws ...Middleware) {
	r.checkOpen("add a middleware")
	for _, mw := range mws {
		if mw == nil {
			panic(fmt.Sprintf("router: Use (%s) was given a nil middleware", callerSite()))
		}
	}
	r.middlewares = append(r.middlewares, mws...)
}

// Include mounts sub's routes under prefix ("" mounts them as they are).
// The routes are copied now, so routes added to sub later are not
// included. sub's middlewares wrap its routes, inside the app's. sub's
// exception handlers join this router's, and a not-found handler set on
// sub replaces this router's, because Powertools treats a router's
// not-found handler as an exception handler that the app takes over.
func (r *Router) Include(sub *Router, prefix string) {
	r.checkOpen("include a router")
	if sub == nil || sub == r {
		panic(fmt.Sprintf("router: Include (%s) needs a different, non-nil *Router", callerSite()))
	}
	for _, d := range sub.defs {
		cp := *d
		cp.path = joinPath(prefix, d.path)
		cp.groups = append([]*Router{sub}, d.groups...)
		r.add(&cp)
	}
	r.handlers = append(r.handlers, sub.handlers...)
	sortHandlers(r.handlers)
	if sub.notFound != nil {
		r.notFound = sub.notFound
	}
}

// NotFound sets the handler for requests that match no route. It is bound
// like a route handler without path parameters, for example
// func(*router.Request) *router.Response. Without one, the response is 404
// {"statusCode":404,"message":"Not found"}.
func (r *Router) NotFound(handler any) {
	site := callerSite()
	r.checkOpen("set the not-found handler")
	plan, err := binder.New(handler, nil, binder.Options{RequestType: requestType})
	if err != nil {
		panic(fmt.Sprintf("router: NotFound (%s): %v (a not-found handler has no path parameters; "+
			"take *router.Request and read req.Path instead)", site, err))
	}
	r.notFound = plan
}

func (r *Router) checkOpen(action string) {
	if r.root != nil && r.root.frozen.Load() {
		panic(fmt.Sprintf("router: cannot %s (%s) after the first request; register everything before serving", action, callerSite()))
	}
}

var requestType = reflect.TypeFor[*Request]()

// callerSite returns file:line of the first caller outside this package,
// which is where the user registered the route.
func callerSite() string {
	pcs := make([]uintptr, 16)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		inPackage := strings.HasPrefix(f.Function, "github.com/lambdaroute/lambdaroute/router.") &&
			!strings.HasSuffix(f.File, "_test.go")
		if !inPackage {
			return fmt.Sprintf("%s:%d", shortFile(f.File), f.Line)
		}
		if !more {
			return "unknown location"
		}
	}
}

func shortFile(path string) string {
	// Two path elements (dir/file.go) identify the file without the
	// builder's absolute path.
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return path
	}
	if j := strings.LastIndexByte(path[:i], '/'); j >= 0 {
		return path[j+1:]
	}
	return path
}
