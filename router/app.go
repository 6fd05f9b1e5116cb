package router

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

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
}

// serve runs a decoded request through routing, the chain and exception
// handling, and finishes the response. It never panics and never returns
// nil.
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
	if len(req.Body) > a.cfg.maxBodyBytes {
		err := RequestEntityTooLarge(fmt.Sprintf("request body is %d bytes; the limit is %d", len(req.Body), a.cfg.maxBodyBytes))
		return a.finish(req, nil, a.cfg.cors, a.handleError(req, err))
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
	resp, err := protect(h, req)
	if err != nil {
		resp = a.handleError(req, err)
	}
	return a.finish(req, rt, cors, resp)
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

// handleError turns an error into a response: the most specific exception
// handler first, then the built-in answers.
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
	b.WriteString(err.Error())
	var pe *asyncbridge.PanicError
	if errors.As(err, &pe) {
		b.WriteString("\n\n")
		b.Write(pe.Stack)
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
	if !plan.Async {
		return func(req *Request) (*Response, error) {
			if takesBody && req.bodyErr != nil {
				return nil, req.bodyErr
			}
			v, err := plan.Call(req.Context(), a.bindInput(req), req)
			if err != nil {
				return nil, err
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
			if hctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
				return nil, GatewayTimeout("Gateway Timeout")
			}
			return nil, err
		}
		return a.toResponse(plan, cfg, v)
	}
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
		return &Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: body}, nil
	}
	body, err := marshalJSON(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the handler's %T result as JSON: %w", v, err)
	}
	return &Response{StatusCode: status, Header: jsonHeader(), Body: body}, nil
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
