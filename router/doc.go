// Package router routes AWS Lambda HTTP events to plain Go functions.
//
// A resolver serves one event source: [NewAPIGatewayRestResolver],
// [NewAPIGatewayHTTPResolver], [NewALBResolver],
// [NewLambdaFunctionURLResolver], [NewVPCLatticeResolver] and
// [NewVPCLatticeV2Resolver]. Each one resolves events with
// [Resolver.Resolve] or [Resolver.ResolveAsync], is a lambda.Handler
// through [Resolver.Invoke], an http.Handler through [Resolver.ServeHTTP],
// and runs on Lambda or as a local server with [Resolver.Start].
//
// # Routes
//
// Routes are registered with Get, Post, Put, Patch, Delete, Head, Options
// and Route. A path parameter is written <name> or {name} and fills a
// whole segment; <name...> as the last segment takes the rest of the path.
// Literal segments win over parameters, and parameters over catch-alls,
// whatever the registration order. The REST resolver treats "/x" and "/x/"
// as one path, like Powertools; the other resolvers match paths exactly.
//
// # Handlers
//
// A handler is any function the binder package can bind: it may take a
// context.Context, the *Request, scalars for path parameters in order, a
// struct with path, query, header or cookie tags, and a JSON body. It may
// return a value, a value and an error, an error, a *Response, or an async
// form: asyncbridge.Future[T], <-chan T or chan T. A signature that cannot
// be bound panics at registration with the route, the argument, the file
// and line, and the fix.
//
// Strings are sent as text/plain, []byte and io.Reader as binary
// (base64 on Lambda), and any other value as JSON.
//
// # Middlewares and errors
//
// A [Middleware] wraps the handler, outermost first: exception handling,
// request validation, the app's middlewares in Use order, a sub-router's
// middlewares, the route's middlewares, response validation, and the
// handler. App middlewares also wrap 404s and CORS preflights. Errors go
// to the most specific exception handler registered with
// [Router.HandleError]; an [*HTTPError] responds with
// {"statusCode":<status>,"message":<message>}, a
// [*RequestValidationError] responds with Powertools' 422 body, and anything else
// a 500 that shows details only in debug mode.
//
// # Async handlers
//
// A handler that returns a Future or a channel is async. Resolve waits for
// it inline, ResolveAsync returns a Future at once, and both give the same
// response byte for byte. When the invocation's deadline, less
// [WithDeadlineMargin], passes first, the router responds 504 and cancels
// the handler's context.
//
// # Observability
//
// [WithObserver] registers an [Observer], which receives every request after
// routing and then its finished response. The router itself has no tracing or
// metrics code. The packages tracing (OpenTelemetry spans, with a child
// span per asyncbridge.Go), accesslog (one log/slog line per request) and
// metrics (CloudWatch embedded metric format) each provide one:
//
//	logger := accesslog.NewLogger(os.Stdout)
//	app := router.NewAPIGatewayHTTPResolver(
//		router.WithLogger(logger),
//		router.WithObserver(tracing.New(tp), accesslog.New(logger)),
//	)
package router
