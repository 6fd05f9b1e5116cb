package router

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
)

// errorHandler is one HandleError registration.
type errorHandler struct {
	errType reflect.Type
	fn      reflect.Value
	site    string
	rank    int // 0: concrete type, 1: interface other than error, 2: error
}

var responseType = reflect.TypeFor[*Response]()

// HandleError registers an exception handler, a
// func(*router.Request, E) (*router.Response, error) where E is an error
// type: a concrete type such as *MyError or *router.RequestValidationError,
// an interface, or error itself as a catch-all. For a failing request the
// most specific handler whose E matches by errors.As runs: concrete types
// before interfaces, interfaces before error, and otherwise in
// registration order. If the handler returns an *HTTPError, that error's
// standard body is sent; any other error gives a 500. A request that
// matches no route, a CORS preflight included, is not an error, so a
// catch-all handler does not see it. NotFound sets the response for it.
func (r *Router) HandleError(fn any) {
	site := callerSite()
	r.checkOpen("add an exception handler")
	v := reflect.ValueOf(fn)
	t := v.Type()
	const want = "func(*router.Request, E) (*router.Response, error) with E an error type"
	if t.Kind() != reflect.Func || t.NumIn() != 2 || t.NumOut() != 2 ||
		t.In(0) != requestType || t.Out(0) != responseType || t.Out(1) != errorType {
		panic(fmt.Sprintf("router: HandleError (%s): handler is %v; want %s", site, t, want))
	}
	et := t.In(1)
	if !et.Implements(errorType) {
		panic(fmt.Sprintf("router: HandleError (%s): %v does not implement error; want %s", site, et, want))
	}
	h := &errorHandler{errType: et, fn: v, site: site}
	switch {
	case et == errorType:
		h.rank = 2
	case et.Kind() == reflect.Interface:
		h.rank = 1
	}
	r.handlers = append(r.handlers, h)
	sortHandlers(r.handlers)
}

// sortHandlers orders exception handlers by rank, keeping the registration
// order within a rank, so that findHandler meets the most specific first.
func sortHandlers(handlers []*errorHandler) {
	sort.SliceStable(handlers, func(i, j int) bool { return handlers[i].rank < handlers[j].rank })
}

var errorType = reflect.TypeFor[error]()

// findHandler returns the handler for err and the matched error value to
// pass to it, or nil.
func findHandler(handlers []*errorHandler, err error) (*errorHandler, reflect.Value) {
	for _, h := range handlers {
		target := reflect.New(h.errType)
		if errors.As(err, target.Interface()) {
			return h, target.Elem()
		}
	}
	return nil, reflect.Value{}
}

// callHandler runs an exception handler, turning a panic inside it into an
// error so that a broken handler cannot crash the function.
func callHandler(h *errorHandler, req *Request, matched reflect.Value) (resp *Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, newPanicError(p)
		}
	}()
	out := h.fn.Call([]reflect.Value{reflect.ValueOf(req), matched})
	if !out[1].IsNil() {
		return nil, out[1].Interface().(error)
	}
	resp, _ = out[0].Interface().(*Response)
	if resp == nil {
		return nil, fmt.Errorf("exception handler registered at %s returned a nil *Response and a nil error", h.site)
	}
	return resp, nil
}
