package router

// openAPISettings holds the resolver's OpenAPI options.
type openAPISettings struct{}
