package router

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/lambdaroute/lambdaroute/openapi"
)

// OpenAPIConfig sets the document-level parts of the app's OpenAPI
// document: title (default "lambdaroute API"), version (default "1.0.0"),
// description, servers (default "/"), tags, contact, license, security
// schemes and the security that applies to every operation. Operations
// come from the routes and their route options.
type OpenAPIConfig = openapi.Config

// WithOpenAPI sets the document-level parts of the OpenAPI document that
// OpenAPI returns and EnableSwagger serves, like Powertools'
// configure_openapi. It panics when cfg is inconsistent, for example when
// Security names a scheme that SecuritySchemes does not define.
func WithOpenAPI(cfg OpenAPIConfig) Option {
	if err := cfg.Check(); err != nil {
		panic(fmt.Sprintf("router: WithOpenAPI (%s): %v", callerSite(), err))
	}
	return func(c *config) { c.openapi.config = cfg }
}

// openAPISettings holds the resolver's OpenAPI options and the Spec that
// collects its routes, created on first use.
type openAPISettings struct {
	config openapi.Config

	once sync.Once
	spec *openapi.Spec
}

// spec returns the app's Spec. Every route is added to it at
// registration, but it reflects a route's types only when the route
// validates or when the document is first requested.
func (a *app) spec() *openapi.Spec {
	s := &a.cfg.openapi
	s.once.Do(func() {
		spec, err := openapi.NewSpec(s.config)
		if err != nil {
			// WithOpenAPI checks the same configuration before storing it.
			panic(fmt.Sprintf("router: OpenAPI configuration: %v", err))
		}
		s.spec = spec
	})
	return s.spec
}

// OpenAPI returns the app's OpenAPI 3.1 document. It is built on the first
// call from the routes registered so far, not at startup, and cached.
// Routes registered later make the next call build it again. Concurrent
// calls are safe. The returned document is shared: read it, do not change
// it. The error reports a type that cannot be described as JSON Schema,
// such as a struct field of a func type without json:"-".
func (r *Resolver[E, R]) OpenAPI() (*openapi.Document, error) {
	return r.app.spec().Document()
}

var responseValueType = reflect.TypeFor[Response]()

// openAPIRoute describes a compiled route for the Spec.
//
// NOTE: a route cannot declare its own security requirement yet, because
// routeConfig has no field for it, so only OpenAPIConfig.Security applies.
func openAPIRoute(rt *route) openapi.Route {
	def := rt.def
	cfg := def.cfg
	return openapi.Route{
		Method:      rt.method,
		Path:        rt.pattern.openAPIPath(),
		PathParams:  rt.pattern.params,
		Plan:        def.plan,
		Handler:     def.handler,
		RawResponse: def.plan.Result == responseType || def.plan.Result == responseValueType,
		Status:      cfg.status,
		Summary:     cfg.summary,
		Description: cfg.description,
		OperationID: cfg.operationID,
		Tags:        cfg.tags,
		Deprecated:  cfg.deprecated,
		Hidden:      cfg.hidden,
	}
}
