// Package binder inspects a handler function once, at registration, and
// binds each request to its arguments.
//
// # Arguments
//
// Go's reflect package does not see parameter names, so arguments are
// bound by type and position:
//
//   - context.Context receives the invocation's context.
//   - The request type named in [Options] receives the caller's request.
//   - A scalar (string, integer, float, bool, or a type whose pointer
//     implements encoding.TextUnmarshaler) takes the route's next path
//     parameter, in the order the parameters appear in the path.
//   - A struct with fields tagged path, query, header or cookie takes those
//     values; slice fields take repeated values, and jsonschema:"default=..."
//     and jsonschema:"required" apply when a value is absent.
//   - Any other struct, pointer to struct, map or slice is the JSON body.
//
// # Results
//
// A handler returns T, (T, error), error, or nothing, or an async form:
// asyncbridge.Future[T], (asyncbridge.Future[T], error), <-chan T or chan T.
// A handler with an async result is async; [Plan.Call] waits for the
// result under the context it is given.
//
// # Errors
//
// Binding failures are a [*RequestError] whose details carry the pydantic
// error codes that Powertools reports, such as int_parsing or missing.
// Signatures the binder cannot serve fail in [New] with an [*ArgError] that
// names the argument and the fix.
package binder
