package router

import (
	"bytes"
	"net/http"
)

// Next calls the rest of the chain: later middlewares, then the handler.
type Next func(*Request) (*Response, error)

// Middleware wraps a request. It may call next and read or change the
// response it returns, return a response without calling next, or return an
// error for the exception handlers. The same middlewares wrap sync and
// async handlers: next returns only after an async handler has settled, so
// a middleware always sees the real response.
type Middleware func(req *Request, next Next) (*Response, error)

// chain composes middlewares around final, the first one outermost.
func chain(final Next, mws ...Middleware) Next {
	h := final
	for i := len(mws) - 1; i >= 0; i-- {
		mw := mws[i]
		if mw == nil {
			continue
		}
		inner := withHeader(h)
		h = func(req *Request) (*Response, error) { return mw(req, inner) }
	}
	return h
}

// withHeader gives a response from next a Header map when it has none, so
// that a middleware can set headers on any response it receives, including
// a &Response{StatusCode: 204} that a handler or a short-circuiting
// middleware built by hand.
func withHeader(next Next) Next {
	return func(req *Request) (*Response, error) {
		resp, err := next(req)
		if resp != nil && resp.Header == nil {
			resp.Header = http.Header{}
		}
		return resp, err
	}
}

// HTTPMiddleware adapts a net/http middleware, such as one of chi's, to a
// Middleware. The wrapped handler sees an *http.Request built from the
// Request (the original one under ServeHTTP); when it calls the next
// handler, the chain continues and its response is written through the
// ResponseWriter that the middleware passed on, so the middleware can add
// headers or replace the response as it would with net/http.
func HTTPMiddleware(mw func(http.Handler) http.Handler) Middleware {
	return func(req *Request, next Next) (*Response, error) {
		var nextErr error
		called := false
		inner := http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
			called = true
			req.WithContext(hr.Context())
			resp, err := next(req)
			if err != nil {
				nextErr = err
				return
			}
			writeResponse(w, resp)
		})
		rec := &responseRecorder{header: http.Header{}}
		mw(inner).ServeHTTP(rec, req.toHTTPRequest())
		if called && nextErr != nil {
			return nil, nextErr
		}
		return rec.response(), nil
	}
}

// responseRecorder collects what a net/http handler writes.
type responseRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *responseRecorder) Header() http.Header { return r.header }

func (r *responseRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *responseRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *responseRecorder) response() *Response {
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	resp := &Response{StatusCode: status, Header: r.header, Body: r.body.Bytes()}
	// Set-Cookie lines become cookies so each event source places them
	// where it expects them.
	if lines := resp.Header.Values("Set-Cookie"); len(lines) > 0 {
		for _, line := range lines {
			if c, err := http.ParseSetCookie(line); err == nil {
				resp.Cookies = append(resp.Cookies, c)
			}
		}
		resp.Header.Del("Set-Cookie")
	}
	return resp
}
