package router

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/binder"
)

// app is a resolver's compiled state: the route tree and, from the first
// request on, each route's middleware chain. It is shared by all event
// sources; only the adapters differ.
type app struct {
	cfg    *config
	traits sourceTraits
	router *Router
	tree   node
	routes []*route

	frozen     atomic.Bool
	freezeOnce sync.Once
	debug      bool

	notFound         Next
	preflight        Next
	methodNotAllowed Next
	corsMethods      string
}

// route is one method of a registered route, compiled.
type route struct {
	method  string
	pattern *pattern
	def     *routeDef
	site    string
	cors    *CORSConfig
	chain   Next

	// chainText lists the chain's steps for debug output.
	chainText string

	// requestValidation and responseValidation are the validation slots of
	// the chain; nil when the route does not validate.
	requestValidation  Middleware
	responseValidation Middleware
}

func newApp(cfg *config, traits sourceTraits) *app {
	return &app{cfg: cfg, traits: traits, debug: cfg.debugEnabled()}
}

// compile adds a route definition to the tree.
func (a *app) compile(def *routeDef) error {
	p, err := parsePattern(def.path, a.traits.trailingSlash)
	if err != nil {
		return err
	}
	rt := &route{method: def.method, pattern: p, def: def, site: def.site}
	rt.cors = a.routeCORS(def.cfg)
	if err := a.attachValidation(rt); err != nil {
		return err
	}
	if err := a.tree.insert(p, rt); err != nil {
		return err
	}
	a.routes = append(a.routes, rt)
	return nil
}

// freeze builds every chain once, at the first request, so that middlewares
// registered after a route still wrap it, as in Powertools.
func (a *app) freeze() {
	a.freezeOnce.Do(func() {
		for _, rt := range a.routes {
			a.buildChain(rt)
		}
		a.notFound = chain(a.notFoundHandler, a.router.middlewares...)
		a.preflight = chain(a.preflightHandler, a.router.middlewares...)
		a.methodNotAllowed = chain(methodNotAllowedHandler, a.router.middlewares...)
		a.corsMethods = a.preflightMethods()
		a.frozen.Store(true)
	})
}

func (a *app) buildChain(rt *route) {
	mws := []Middleware{rt.requestValidation}
	mws = append(mws, a.router.middlewares...)
	for _, g := range rt.def.groups {
		mws = append(mws, g.middlewares...)
	}
	mws = append(mws, rt.def.cfg.middlewares...)
	mws = append(mws, rt.responseValidation)
	rt.chain = chain(a.handlerAdapter(rt), mws...)
	rt.chainText = describeChain(mws, "handler")
}

// serve runs a decoded request through routing, the chain and exception
// handling, and finishes the response. Panics in handlers, middlewares and
// exception handlers are recovered into 500s, so it always returns a
// response.
func (a *app) serve(ctx context.Context, req *Request) *Response {
	a.freeze()
	req.ctx = ctx
	routePath := a.stripPrefixes(req.routePath)
	req.Path = routePath
	if req.pathEncoded {
		req.Path = unescapePath(routePath)
	}
	if req.Path == "" {
		req.Path = "/"
	}
	if err := a.checkLimits(req); err != nil {
		ends := a.observeStart(req)
		return a.observeEnd(ends, req, a.finish(req, nil, a.cfg.cors, a.handleError(req, err)))
	}

	method := upperMethod(req.Method)
	path := normalizePath(routePath, a.traits.trailingSlash)
	rt, values := a.tree.find(method, path, req.paramBuf[:0], req.pathEncoded)

	var h Next
	cors := a.cfg.cors
	switch {
	case rt != nil:
		req.Route = rt.def.path
		req.paramNames = rt.pattern.params
		req.paramValues = values
		h = rt.chain
		cors = rt.cors
	case method == http.MethodOptions && a.cfg.cors != nil:
		h = a.preflight
	case a.cfg.methodNotAllowed:
		set := map[string]bool{}
		a.tree.methods(path, req.pathEncoded, set)
		if len(set) == 0 {
			h = a.notFound
			break
		}
		req.allow = strings.Join(sortedKeys(set), ", ")
		h = a.methodNotAllowed
	default:
		h = a.notFound
	}
	if a.debug {
		a.logDebugRequest(req, a.chainText(rt, h))
	}
	// Observers start after routing, so that they see req.Route.
	ends := a.observeStart(req)
	resp, err := protect(h, req)
	if err != nil {
		resp = a.handleError(req, err)
	}
	return a.observeEnd(ends, req, a.finish(req, rt, cors, resp))
}

// chainText describes the chain that serves a request in debug mode.
func (a *app) chainText(rt *route, h Next) string {
	if rt != nil {
		return rt.chainText
	}
	return describeChain(a.router.middlewares, "not found, preflight or 405 answer")
}

// upperMethod upper-cases a method without allocating in the usual case
// where it already is.
func upperMethod(m string) string {
	for i := 0; i < len(m); i++ {
		if 'a' <= m[i] && m[i] <= 'z' {
			return strings.ToUpper(m)
		}
	}
	return m
}

// protect calls h and turns a panic into an error, and a nil response
// into one too.
func protect(h Next, req *Request) (resp *Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, newPanicError(p)
		}
	}()
	resp, err = h(req)
	if err == nil && resp == nil {
		err = errors.New("a middleware or handler returned a nil *Response and a nil error; return a response or an error")
	}
	return resp, err
}

func newPanicError(p any) error {
	if pe, ok := p.(*asyncbridge.PanicError); ok {
		return pe
	}
	return &asyncbridge.PanicError{Value: p, Stack: debug.Stack()}
}

// handleError turns an error into a response. The most specific exception
// handler runs first, then the built-in error responses apply.
func (a *app) handleError(req *Request, err error) *Response {
	if h, matched := findHandler(a.router.handlers, err); h != nil {
		resp, herr := callHandler(h, req, matched)
		if herr == nil {
			return resp
		}
		err = herr
	}
	return a.builtinError(req, err)
}

func (a *app) builtinError(req *Request, err error) *Response {
	var httpErr *HTTPError
	if errors.As(err, &httpErr) {
		return errorResponse(httpErr)
	}
	var reqErr *RequestValidationError
	if errors.As(err, &reqErr) {
		return detailResponse(reqErr.StatusCode(), reqErr.Detail)
	}
	var respErr *ResponseValidationError
	if errors.As(err, &respErr) {
		status := respErr.Status
		if status == 0 {
			status = a.cfg.responseStatus
		}
		return detailResponse(status, respErr.Detail)
	}
	a.cfg.logger.ErrorContext(req.Context(), "router: unhandled error",
		"method", req.Method, "path", req.Path, "route", req.Route, "error", err)
	if a.debug {
		return debugErrorResponse(err)
	}
	return errorResponse(InternalServerError("Internal Server Error"))
}

// debugErrorResponse shows the error and, for a panic, its stack, like the
// traceback Powertools sends in debug mode.
func debugErrorResponse(err error) *Response {
	var b strings.Builder
	var pe *asyncbridge.PanicError
	if errors.As(err, &pe) {
		// The router recovers sync panics into the same type as async
		// ones; the asyncbridge prefix would mislead for a sync handler.
		fmt.Fprintf(&b, "panic: %v\n\n", pe.Value)
		b.Write(pe.Stack)
	} else {
		b.WriteString(err.Error())
	}
	return Text(http.StatusInternalServerError, b.String())
}

func (a *app) notFoundHandler(req *Request) (*Response, error) {
	if a.router.notFound == nil {
		return errorResponse(NotFoundError("")), nil
	}
	v, err := a.router.notFound.Call(req.Context(), a.bindInput(req), req)
	if err != nil {
		return nil, err
	}
	return a.toResponse(a.router.notFound, routeConfig{status: http.StatusNotFound}, v)
}

func methodNotAllowedHandler(req *Request) (*Response, error) {
	resp := errorResponse(NewHTTPError(http.StatusMethodNotAllowed, "Method Not Allowed"))
	resp.Header.Set("Allow", req.allow)
	return resp, nil
}

func (a *app) bindInput(req *Request) *binder.Input {
	return &binder.Input{
		PathValues: req.paramValues,
		Query:      req.Query,
		Header:     req.Header,
		Cookies:    req.Cookies,
		Body:       req.Body,
	}
}

// handlerAdapter is the innermost step of a route's chain: bind, call,
// await an async result, and build the response.
func (a *app) handlerAdapter(rt *route) Next {
	plan := rt.def.plan
	cfg := rt.def.cfg
	takesBody := plan.Body() != nil
	takesContext := slices.ContainsFunc(plan.Args, func(arg binder.Arg) bool { return arg.Kind == binder.ArgContext })
	if !plan.Async && !takesContext {
		// A sync handler without a context.Context argument cannot read
		// a derived context, so none is built, which saves a timer and
		// three allocations per request. pastMargin makes the same 504
		// decision that timeoutError makes with the derived context.
		return func(req *Request) (*Response, error) {
			if takesBody && req.bodyErr != nil {
				return nil, req.bodyErr
			}
			ctx := req.Context()
			v, err := plan.Call(ctx, a.bindInput(req), req)
			if err != nil {
				if a.pastMargin(ctx) && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
					return nil, GatewayTimeout("Gateway Timeout")
				}
				return nil, err
			}
			return a.toResponse(plan, cfg, v)
		}
	}
	if !plan.Async {
		return func(req *Request) (*Response, error) {
			if takesBody && req.bodyErr != nil {
				return nil, req.bodyErr
			}
			// A sync handler runs in the request's goroutine and is never
			// cut off. Its context ends at the same early deadline as an
			// async one's, so a handler that gives up with its context's
			// error gets a 504 out before Lambda ends the invocation.
			hctx, cancel := a.syncHandlerContext(req.Context())
			defer cancel()
			v, err := plan.Call(hctx, a.bindInput(req), req)
			if err != nil {
				return nil, timeoutError(hctx, err)
			}
			return a.toResponse(plan, cfg, v)
		}
	}
	return func(req *Request) (*Response, error) {
		if takesBody && req.bodyErr != nil {
			return nil, req.bodyErr
		}
		ctx := req.Context()
		hctx, cancel := a.handlerContext(ctx)
		// Cancelling when the route is done stops whatever the handler
		// still runs, such as the other half of a failed fan-out.
		defer cancel()
		v, err := plan.Call(hctx, a.bindInput(req), req)
		if err != nil {
			return nil, timeoutError(hctx, err)
		}
		return a.toResponse(plan, cfg, v)
	}
}

// timeoutError turns the error of a handler whose context has ended into a
// 504, and returns any other error unchanged.
func timeoutError(hctx context.Context, err error) error {
	if hctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		return GatewayTimeout("Gateway Timeout")
	}
	return err
}

// handlerContext derives the context of an async handler: cancelled when
// the route finishes, and ending a margin before the invocation's deadline
// so that the 504 still reaches the client.
func (a *app) handlerContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok && a.cfg.deadlineMargin > 0 {
		return context.WithDeadline(ctx, dl.Add(-a.cfg.deadlineMargin))
	}
	return context.WithCancel(ctx)
}

// pastMargin reports whether the context that syncHandlerContext would
// derive from ctx has ended, which is when timeoutError returns a 504.
// That is the case when ctx has ended or the time is past its deadline
// less the margin. The derived context learns of its deadline
// from a timer, so it may report the end a moment later than this.
func (a *app) pastMargin(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	dl, ok := ctx.Deadline()
	return ok && a.cfg.deadlineMargin > 0 && !time.Now().Before(dl.Add(-a.cfg.deadlineMargin))
}

// syncHandlerContext derives the context of a sync handler: ending a margin
// before the invocation's deadline like an async handler's, or ctx itself
// when there is no deadline, which saves an allocation per request.
func (a *app) syncHandlerContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if dl, ok := ctx.Deadline(); ok && a.cfg.deadlineMargin > 0 {
		return context.WithDeadline(ctx, dl.Add(-a.cfg.deadlineMargin))
	}
	return ctx, func() {}
}

// toResponse turns a handler's settled value into a response.
func (a *app) toResponse(plan *binder.Plan, cfg routeConfig, v any) (*Response, error) {
	status := cfg.status
	if status == 0 {
		status = http.StatusOK
	}
	switch x := v.(type) {
	case *Response:
		if x == nil {
			return nil, errors.New("the handler returned a nil *router.Response; return a response or an error")
		}
		return x, nil
	case Response:
		return &x, nil
	case nil:
		if plan.Result == nil {
			if cfg.status == 0 {
				status = http.StatusNoContent
			}
			return &Response{StatusCode: status, Header: http.Header{}}, nil
		}
	case string:
		r := Text(status, x)
		return r, nil
	case []byte:
		return &Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: x}, nil
	case io.Reader:
		if c, ok := x.(io.Closer); ok {
			defer c.Close()
		}
		body, err := io.ReadAll(io.LimitReader(x, int64(a.cfg.maxBodyBytes)+1))
		if err != nil {
			return nil, fmt.Errorf("reading the handler's io.Reader result: %w", err)
		}
		if len(body) > a.cfg.maxBodyBytes {
			// Sending the first bytes only would hand the client a corrupt
			// file with a 200.
			return nil, fmt.Errorf("the handler's io.Reader result is over the limit of %d bytes set by WithMaxBodyBytes; "+
				"return a smaller body or raise the limit", a.cfg.maxBodyBytes)
		}
		return &Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: body}, nil
	}
	body, err := marshalJSON(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the handler's %T result as JSON: %w", v, err)
	}
	return newJSONResponse(status, body), nil
}

// stripPrefixes applies WithStripPrefixes and WithStripPrefixPatterns.
func (a *app) stripPrefixes(path string) string {
	for _, p := range a.cfg.stripPrefixes {
		p = strings.TrimRight(p, "/")
		if p == "" {
			continue
		}
		if path == p {
			return "/"
		}
		if strings.HasPrefix(path, p) && path[len(p)] == '/' {
			// As in Powertools, a matching string prefix ends stripping.
			return path[len(p):]
		}
	}
	for _, re := range a.cfg.stripPatterns {
		path = re.ReplaceAllString(path, "")
	}
	if path == "" {
		return "/"
	}
	return path
}
