package router

import (
	"fmt"
	"net/http"

	"github.com/lambdaroute/lambdaroute/binder"
)

// HTTPError is an error that responds with its own status and the body
// {"statusCode":<Status>,"message":<Message>}, as Powertools' ServiceError
// does. Handlers, middlewares and exception handlers may return one.
type HTTPError struct {
	Status  int
	Message string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
}

// NewHTTPError returns an HTTPError with any status.
func NewHTTPError(status int, message string) *HTTPError {
	return &HTTPError{Status: status, Message: message}
}

// BadRequest returns a 400 HTTPError.
func BadRequest(message string) *HTTPError { return NewHTTPError(http.StatusBadRequest, message) }

// Unauthorized returns a 401 HTTPError.
func Unauthorized(message string) *HTTPError { return NewHTTPError(http.StatusUnauthorized, message) }

// Forbidden returns a 403 HTTPError.
func Forbidden(message string) *HTTPError { return NewHTTPError(http.StatusForbidden, message) }

// NotFoundError returns a 404 HTTPError; an empty message becomes "Not found".
func NotFoundError(message string) *HTTPError {
	if message == "" {
		message = "Not found"
	}
	return NewHTTPError(http.StatusNotFound, message)
}

// RequestTimeout returns a 408 HTTPError.
func RequestTimeout(message string) *HTTPError {
	return NewHTTPError(http.StatusRequestTimeout, message)
}

// RequestEntityTooLarge returns a 413 HTTPError.
func RequestEntityTooLarge(message string) *HTTPError {
	return NewHTTPError(http.StatusRequestEntityTooLarge, message)
}

// InternalServerError returns a 500 HTTPError.
func InternalServerError(message string) *HTTPError {
	return NewHTTPError(http.StatusInternalServerError, message)
}

// ServiceUnavailable returns a 503 HTTPError.
func ServiceUnavailable(message string) *HTTPError {
	return NewHTTPError(http.StatusServiceUnavailable, message)
}

// GatewayTimeout returns a 504 HTTPError. The router returns one when the
// invocation's deadline passes before an async handler settles.
func GatewayTimeout(message string) *HTTPError {
	return NewHTTPError(http.StatusGatewayTimeout, message)
}

// ValidationDetail is one item of a 422 body: where the problem is and the
// pydantic error code that Powertools gives for it.
type ValidationDetail = binder.ValidationDetail

// RequestValidationError reports request data that could not be bound or
// failed validation. It responds with
// {"statusCode":422,"detail":[{"loc":[...],"type":"..."}]} unless an
// exception handler takes it over.
type RequestValidationError = binder.RequestError

// ResponseValidationError reports a handler result that does not match the
// route's declared response schema. Its loc entries start with "response".
type ResponseValidationError struct {
	Status int
	Detail []ValidationDetail
}

func (e *ResponseValidationError) Error() string {
	return fmt.Sprintf("response validation failed: %d problem(s), first at %v (%s)",
		len(e.Detail), firstLoc(e.Detail), firstType(e.Detail))
}

func firstLoc(d []ValidationDetail) []any {
	if len(d) == 0 {
		return nil
	}
	return d[0].Loc
}

func firstType(d []ValidationDetail) string {
	if len(d) == 0 {
		return ""
	}
	return d[0].Type
}

type messageBody struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
}

type detailBody struct {
	StatusCode int                `json:"statusCode"`
	Detail     []ValidationDetail `json:"detail"`
}

// errorResponse builds the Powertools-shaped JSON body for an HTTPError.
func errorResponse(e *HTTPError) *Response {
	body := messageJSON(e.Status, e.Message)
	if body == nil {
		body, _ = marshalJSON(messageBody{StatusCode: e.Status, Message: e.Message})
	}
	return newJSONResponse(e.Status, body)
}

func detailResponse(status int, detail []ValidationDetail) *Response {
	if detail == nil {
		detail = []ValidationDetail{}
	}
	body, _ := marshalJSON(detailBody{StatusCode: status, Detail: detail})
	return newJSONResponse(status, body)
}
