package openapi

import (
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Spec collects an app's routes and builds their OpenAPI document and
// validators from one set of schemas. Reflection happens per route only
// when something needs it: at registration for a route that validates,
// otherwise at the first Document call. Spec is safe for concurrent use.
type Spec struct {
	cfg Config

	mu        sync.Mutex
	reg       *registry
	compiler  *jsonschema.Compiler
	endpoints []*Endpoint
	compiled  int // validators compiled so far, which numbers their resources

	// doc is the last document built, for the first docRoutes endpoints.
	doc       *Document
	docRoutes int
}

// Endpoint is a route recorded in a Spec.
type Endpoint struct {
	spec    *Spec
	route   Route
	schemas *routeSchemas // nil until reflected
}

// NewSpec returns an empty Spec with the document-level settings of cfg,
// or an error when cfg is inconsistent (see Config.Check).
func NewSpec(cfg Config) (*Spec, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	// Formats are checked, as pydantic checks datetime, UUID and URL
	// fields. By default draft 2020-12 only annotates them.
	c.AssertFormat()
	return &Spec{cfg: cfg, reg: newRegistry(), compiler: c}, nil
}

// Config returns the settings the Spec was created with.
func (s *Spec) Config() Config { return s.cfg }

// Add records a route for the document. It does no reflection; call
// Validator on the result to build the route's validators now.
func (s *Spec) Add(r Route) *Endpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := &Endpoint{spec: s, route: r}
	s.endpoints = append(s.endpoints, e)
	return e
}

// Route returns the route the endpoint was added with.
func (e *Endpoint) Route() Route { return e.route }

// reflect returns the endpoint's schemas, reflecting them on first use.
// The caller holds the Spec's lock.
func (e *Endpoint) reflect() (*routeSchemas, error) {
	if e.schemas != nil {
		return e.schemas, nil
	}
	rs, err := e.spec.reg.reflectRoute(&e.route)
	if err != nil {
		return nil, fmt.Errorf("openapi: %s %s: %w", e.route.Method, e.route.Path, err)
	}
	e.schemas = rs
	return rs, nil
}

// Validator reflects the endpoint's schemas, unless that is done already,
// and compiles its request and response validators from them. It fails
// when a type cannot be described or a schema does not compile, such as a
// pattern tag that is not a valid regular expression.
func (e *Endpoint) Validator() (*Validator, error) {
	s := e.spec
	s.mu.Lock()
	defer s.mu.Unlock()
	rs, err := e.reflect()
	if err != nil {
		return nil, err
	}
	v, err := compileValidator(s.compiler, s.reg, &e.route, rs, s.compiled)
	s.compiled++
	if err != nil {
		return nil, fmt.Errorf("openapi: %s %s: %w", e.route.Method, e.route.Path, err)
	}
	return v, nil
}

// Document returns the OpenAPI document of every route added and not
// hidden. It is built on the first call and cached. A later call builds it
// again only when routes were added since. Callers share the returned
// document and must not change it.
func (s *Spec) Document() (*Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.doc != nil && s.docRoutes == len(s.endpoints) {
		return s.doc, nil
	}
	doc, err := s.build()
	if err != nil {
		return nil, err
	}
	s.doc, s.docRoutes = doc, len(s.endpoints)
	return doc, nil
}

// build generates the document. The caller holds the lock.
func (s *Spec) build() (*Document, error) {
	doc := s.cfg.document()
	ids := s.operationIDs()
	used := map[string]bool{}
	added := map[string]bool{}
	for i, e := range s.endpoints {
		// A route whose registration failed after Add, because it
		// conflicts with an earlier one, must not replace that one.
		key := e.route.Method + " " + e.route.Path
		if e.route.Hidden || added[key] {
			continue
		}
		added[key] = true
		rs, err := e.reflect()
		if err != nil {
			return nil, err
		}
		item := doc.Paths[e.route.Path]
		if item == nil {
			item = &PathItem{}
		}
		op := operation(&e.route, rs, ids[i])
		if item.setOperation(e.route.Method, op) {
			doc.Paths[e.route.Path] = item
			s.reg.refNames(rs.body, used)
			s.reg.refNames(rs.result, used)
			for _, p := range rs.params {
				s.reg.refNames(p.schema, used)
			}
		}
	}

	// Every operation documents the 422 body, so its two schemas are
	// always there; other components appear when an operation uses them.
	s.reg.refNames(&Schema{Ref: componentRef + "HTTPValidationError"}, used)
	if doc.Components == nil {
		doc.Components = &Components{}
	}
	doc.Components.Schemas = map[string]*Schema{}
	for _, name := range slices.Sorted(maps.Keys(used)) {
		doc.Components.Schemas[name] = s.reg.components[name]
	}
	return doc, nil
}

// operationIDs returns each endpoint's operationId: the one set on the
// route, else Powertools' default, made unique with a numeric suffix when
// two routes would share it. IDs set on routes are kept as they are, even
// when they repeat.
func (s *Spec) operationIDs() []string {
	ids := make([]string, len(s.endpoints))
	inUse := map[string]bool{}
	for i, e := range s.endpoints {
		if e.route.OperationID != "" && !e.route.Hidden {
			ids[i] = e.route.OperationID
			inUse[ids[i]] = true
		}
	}
	for i, e := range s.endpoints {
		if ids[i] != "" || e.route.Hidden {
			continue
		}
		base := defaultOperationID(&e.route)
		id := base
		for n := 2; inUse[id]; n++ {
			id = fmt.Sprintf("%s_%d", base, n)
		}
		ids[i] = id
		inUse[id] = true
	}
	return ids
}
