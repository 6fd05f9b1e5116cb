package router

import (
	"github.com/lambdaroute/lambdaroute/binder"
	"github.com/lambdaroute/lambdaroute/openapi"
)

// attachValidation adds the route to the app's OpenAPI Spec and, when
// validation is on for it (WithValidation, or Validate on the route, which
// wins), fills its validation slots with validators compiled now from the
// same schemas as the document. It runs at registration, so a schema that
// does not compile fails there, at the route's registration site.
func (a *app) attachValidation(rt *route) error {
	endpoint := a.spec().Add(openAPIRoute(rt))
	on := a.cfg.validation
	if rt.def.cfg.validation != nil {
		on = *rt.def.cfg.validation
	}
	if !on {
		return nil
	}
	v, err := endpoint.Validator()
	if err != nil {
		return err
	}
	if v.ValidatesRequest() {
		rt.requestValidation = requestValidation(v, rt.def.plan.Body() != nil)
	}
	if v.ValidatesResponse() {
		rt.responseValidation = a.responseValidation(v)
	}
	return nil
}

// requestValidation is the outermost step of a validated route's chain:
// it checks every parameter and the body and returns a
// *RequestValidationError with all the problems found, which exception
// handlers can take over. takesBody is set when the handler binds a body.
func requestValidation(v *openapi.Validator, takesBody bool) Middleware {
	return func(req *Request, next Next) (*Response, error) {
		// A body that could not be decoded from base64 has no JSON to
		// check, and the handler adapter would return the same 400.
		if takesBody && req.bodyErr != nil {
			return nil, req.bodyErr
		}
		in := binder.Input{
			PathValues: req.paramValues,
			Query:      req.Query,
			Header:     req.Header,
			Cookies:    req.Cookies,
			Body:       req.Body,
		}
		if err := v.ValidateRequest(&in); err != nil {
			return nil, err
		}
		return next(req)
	}
}

// responseValidation is the innermost middleware of a validated route: it
// checks the JSON body that the handler adapter built from the handler's
// result. For an async handler that is the awaited value, because the
// adapter awaits before it returns.
func (a *app) responseValidation(v *openapi.Validator) Middleware {
	return func(req *Request, next Next) (*Response, error) {
		resp, err := next(req)
		if err != nil || resp == nil {
			return resp, err
		}
		if !binder.IsJSONContentType(resp.Header.Get("Content-Type")) {
			return resp, nil
		}
		if detail := v.ValidateResponse(resp.Body); detail != nil {
			return nil, &ResponseValidationError{Status: a.cfg.responseStatus, Detail: detail}
		}
		return resp, nil
	}
}
