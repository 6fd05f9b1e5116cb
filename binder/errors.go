package binder

import (
	"fmt"
	"net/http"
)

// ValidationDetail is one problem with request or response data: Loc names
// the source ("path", "query", "header", "cookie", "body" or "response")
// followed by the field path, and Type is the pydantic v2 error code that
// Powertools reports for the same mistake.
type ValidationDetail struct {
	Loc  []any  `json:"loc"`
	Type string `json:"type"`
}

// RequestError reports request data that could not be bound. Status is 422,
// or 415 when the body's content type is not one the binder can read.
type RequestError struct {
	Status int
	Detail []ValidationDetail
}

func (e *RequestError) Error() string {
	if len(e.Detail) == 0 {
		return fmt.Sprintf("request validation failed (status %d)", e.Status)
	}
	d := e.Detail[0]
	return fmt.Sprintf("request validation failed: %d problem(s), first at %v (%s)",
		len(e.Detail), d.Loc, d.Type)
}

// StatusCode returns the HTTP status that the error answers with.
func (e *RequestError) StatusCode() int {
	if e.Status == 0 {
		return http.StatusUnprocessableEntity
	}
	return e.Status
}
