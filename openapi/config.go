package openapi

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Defaults of Config's fields, the same values every generated document
// starts from.
const (
	DefaultTitle   = "lambdaroute API"
	DefaultVersion = "1.0.0"
)

// Config holds the document-level parts of a generated document: what
// Powertools takes in get_openapi_schema and configure_openapi.
type Config struct {
	Title          string // info.title; DefaultTitle when empty
	Version        string // info.version, the API's own version; DefaultVersion when empty
	Summary        string
	Description    string
	TermsOfService string
	Contact        *Contact
	License        *License

	// Servers are the API's base URLs; when empty the document has one
	// server, "/", and the Swagger UI page swaps in the API Gateway stage.
	Servers []Server

	Tags         []Tag
	ExternalDocs *ExternalDocs

	// SecuritySchemes are the schemes that Security may name.
	SecuritySchemes map[string]*SecurityScheme

	// Security applies to every operation.
	Security []SecurityRequirement
}

// Check reports the first inconsistency in c: a security requirement that
// names no scheme of SecuritySchemes, a scheme without a type, or a tag
// listed twice.
func (c *Config) Check() error {
	for _, name := range slices.Sorted(maps.Keys(c.SecuritySchemes)) {
		s := c.SecuritySchemes[name]
		if s == nil || s.Type == "" {
			return fmt.Errorf("openapi: security scheme %q has no type; set Type to apiKey, http, mutualTLS, oauth2 or openIdConnect", name)
		}
	}
	for _, req := range c.Security {
		for _, name := range slices.Sorted(maps.Keys(req)) {
			if _, ok := c.SecuritySchemes[name]; !ok {
				return fmt.Errorf("openapi: the security requirement names scheme %q, which SecuritySchemes does not define; add it to SecuritySchemes (known: %s)",
					name, strings.Join(slices.Sorted(maps.Keys(c.SecuritySchemes)), ", "))
			}
		}
	}
	seen := map[string]bool{}
	for _, t := range c.Tags {
		if seen[t.Name] {
			return fmt.Errorf("openapi: tag %q is listed twice in Tags; list each tag once", t.Name)
		}
		seen[t.Name] = true
	}
	return nil
}

// document returns the parts of a document that come from c, with the
// defaults filled in. Paths and component schemas are added by the caller.
func (c *Config) document() *Document {
	doc := &Document{
		OpenAPI: Version,
		Info: Info{
			Title:          c.Title,
			Summary:        c.Summary,
			Description:    c.Description,
			TermsOfService: c.TermsOfService,
			Contact:        c.Contact,
			License:        c.License,
			Version:        c.Version,
		},
		Servers:      slices.Clone(c.Servers),
		Paths:        map[string]*PathItem{},
		Security:     slices.Clone(c.Security),
		Tags:         slices.Clone(c.Tags),
		ExternalDocs: c.ExternalDocs,
	}
	if doc.Info.Title == "" {
		doc.Info.Title = DefaultTitle
	}
	if doc.Info.Version == "" {
		doc.Info.Version = DefaultVersion
	}
	if len(doc.Servers) == 0 {
		doc.Servers = []Server{{URL: "/"}}
	}
	if len(c.SecuritySchemes) > 0 {
		doc.Components = &Components{SecuritySchemes: map[string]*SecurityScheme{}}
		for name, s := range c.SecuritySchemes {
			doc.Components.SecuritySchemes[name] = withScopes(s)
		}
	}
	return doc
}

// withScopes returns s, or a copy of s whose OAuth flows have a non-nil
// Scopes map, because OpenAPI requires the scopes field even when empty.
func withScopes(s *SecurityScheme) *SecurityScheme {
	if s.Flows == nil {
		return s
	}
	cp := *s
	flows := *s.Flows
	for _, f := range []**OAuthFlow{&flows.Implicit, &flows.Password, &flows.ClientCredentials, &flows.AuthorizationCode} {
		if *f != nil && (*f).Scopes == nil {
			fc := **f
			fc.Scopes = map[string]string{}
			*f = &fc
		}
	}
	cp.Flows = &flows
	return &cp
}

// UsesDefaultServers reports whether c leaves the servers to the default
// "/", which a served document may replace with the request's stage.
func (c *Config) UsesDefaultServers() bool { return len(c.Servers) == 0 }
