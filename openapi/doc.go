// Package openapi generates an app's OpenAPI 3.1 document from its
// handlers' signatures, validates requests and responses against the same
// schemas, and renders the Swagger UI page. Package router drives it: most
// apps use router.WithValidation, Resolver.OpenAPI and
// Resolver.EnableSwagger and never import this package, except for the
// document types.
//
// # Schemas
//
// Schemas are JSON Schema draft 2020-12, the dialect of OpenAPI 3.1,
// reflected from Go types by github.com/invopop/jsonschema. Struct tags
// shape them:
//
//	type Todo struct {
//		Title  string     `json:"title" jsonschema:"required,minLength=1,description=What to do"`
//		Status string     `json:"status" jsonschema:"enum=Pending,enum=Done"`
//		Due    *time.Time `json:"due"`
//	}
//
// Named struct types become components, referred to as
// "#/components/schemas/Todo". Two types with the same name in different
// packages get the package name as a prefix ("billing.Todo"). Generic
// types lose their type arguments' package paths ("Page_Todo"). A field is
// required only when tagged jsonschema:"required", because a Go zero value
// and an absent field decode to the same value. Unknown fields are
// allowed, as in encoding/json and pydantic. A type that wants them
// rejected sets AdditionalProperties to jsonschema.FalseSchema in a
// JSONSchemaExtend method. A field of pointer type also accepts null,
// because encoding/json writes a nil pointer as null. Slices and maps do
// not, so response validation catches a nil slice sent where clients
// expect an array. Types that encode as JSON strings through
// encoding.TextMarshaler (netip.Addr, UUID types) are strings, and
// time.Time is a date-time string.
//
// # Operations
//
// Each route becomes one operation: path parameters (always required),
// query, header and cookie parameters from the tagged fields of parameter
// structs, the JSON request body (required unless the handler takes a
// pointer), the success response with the result's schema, and a 422
// response with the HTTPValidationError body. The default operationId is
// Powertools': the handler's name and the path with non-word characters
// replaced by "_", then the method, as in createTodo_todos_post. The
// document is built on the first call to Spec.Document, not at startup.
//
// # Validation
//
// Endpoint.Validator compiles a route's schemas with
// github.com/santhosh-tekuri/jsonschema/v6, once, from the same schema
// objects the document contains. Parameter text is converted to the
// schema's type first (int_parsing, float_parsing and bool_parsing on
// failure, and repeated query keys make arrays), then checked. The body
// is decoded once and checked with every problem reported, in struct
// field order. Each JSON Schema failure maps to the pydantic v2 code that
// Powertools for AWS Lambda reports for the same mistake: required to
// missing, minimum to greater_than_equal, exclusiveMinimum to greater_than,
// maxLength to string_too_long, enum to enum, const to literal_error,
// additionalProperties false to extra_forbidden, a wrong JSON type to
// string_type, int_type, float_type, bool_type, list_type or dict_type,
// and a non-object where a struct is expected to model_attributes_type.
// Responses are decoded and checked the same way, except those of plain
// struct types without constraints, slices, maps or custom encoders,
// whose JSON cannot fail their schema.
//
// # Differences from Powertools
//
//   - JSON bodies are checked strictly: "5" is not an integer, where
//     pydantic's lax mode converts it.
//   - ValidationError's schema requires loc and type only. Powertools' copy
//     also requires msg, which its 422 bodies leave out.
//   - Parameter text "NaN" and "inf" is not a number (float_parsing).
//   - Routes with methods outside OpenAPI's eight (such as PURGE) are
//     served but left out of the document.
package openapi
