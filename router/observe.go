package router

import (
	"context"
	"fmt"
)

// Observer watches each request from routing to the finished response: the
// hook for tracing, access logs and metrics, which live in their own
// packages so that the router does not depend on them.
//
// The resolver calls StartRequest once routing is done, so req.Route holds
// the matched template, or "" when no route matched (404, 405, a CORS
// preflight) or the event could not be decoded. The context it returns
// becomes the request's context, which the middlewares and the handler
// see. The resolver calls the returned func, if it is not nil, with the
// finished response, after CORS, Cache-Control and compression and before
// the adapter encodes it for the event source.
//
// A resolver serves many requests at once, so an Observer must be safe for
// concurrent use. A panic in StartRequest or in the returned func is logged
// and the request goes on without that Observer.
type Observer interface {
	StartRequest(ctx context.Context, req *Request) (context.Context, func(req *Request, resp *Response))
}

// WithObserver adds observers to the resolver, for example a tracer, an
// access log and a metrics writer. Their StartRequest methods run in the
// order given, each one receiving the context that the one before it
// returned. Their end funcs run in the reverse order, so the first
// Observer wraps all the others, like the first middleware.
func WithObserver(obs ...Observer) Option {
	return func(c *config) {
		for _, o := range obs {
			if o != nil {
				c.observers = append(c.observers, o)
			}
		}
	}
}

// observation holds the end funcs of one request's observers. The first
// one has a field of its own, so that a resolver with a single Observer
// allocates no slice per request.
type observation struct {
	first func(*Request, *Response)
	rest  []func(*Request, *Response)
}

// observeStart starts the observers of a request and returns what
// observeEnd needs. It is small enough to be inlined, so a resolver
// without observers pays one length check.
func (a *app) observeStart(req *Request) observation {
	if len(a.cfg.observers) == 0 {
		return observation{}
	}
	return a.startObservers(req)
}

// observeEnd passes the finished response to the observers that
// observeStart started and returns it unchanged.
func (a *app) observeEnd(o observation, req *Request, resp *Response) *Response {
	if len(a.cfg.observers) != 0 {
		a.endObservers(o, req, resp)
	}
	return resp
}

func (a *app) startObservers(req *Request) observation {
	o := observation{first: a.startObserver(a.cfg.observers[0], req)}
	if others := a.cfg.observers[1:]; len(others) > 0 {
		o.rest = make([]func(*Request, *Response), len(others))
		for i, obs := range others {
			o.rest[i] = a.startObserver(obs, req)
		}
	}
	return o
}

func (a *app) startObserver(o Observer, req *Request) (end func(*Request, *Response)) {
	defer func() {
		if p := recover(); p != nil {
			end = nil
			a.cfg.logger.ErrorContext(req.Context(), "router: Observer.StartRequest panicked; the request goes on without this observer",
				"observer", fmt.Sprintf("%T", o), "method", req.Method, "route", req.Route, "panic", p)
		}
	}()
	ctx, end := o.StartRequest(req.Context(), req)
	if ctx != nil {
		req.ctx = ctx
	}
	return end
}

// endObservers calls the end funcs in the reverse order of the starts.
func (a *app) endObservers(o observation, req *Request, resp *Response) {
	for i := len(o.rest) - 1; i >= 0; i-- {
		a.endObserver(i+1, o.rest[i], req, resp)
	}
	a.endObserver(0, o.first, req, resp)
}

// endObserver calls the end func of observer i, if it has one.
func (a *app) endObserver(i int, end func(*Request, *Response), req *Request, resp *Response) {
	if end == nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			a.cfg.logger.ErrorContext(req.Context(), "router: an Observer's end func panicked; the response is sent anyway",
				"observer", fmt.Sprintf("%T", a.cfg.observers[i]), "method", req.Method, "route", req.Route, "panic", p)
		}
	}()
	end(req, resp)
}
