package router

// eventAdapter converts one event source's request and response types to
// and from the router's Request and Response. Each event source has one,
// in a file of its own (adapter_<source>.go).
type eventAdapter[E, R any] interface {
	// decode fills req from e: Method, RawPath, Header (canonical keys),
	// Query (decoded once), Cookies, Body (base64-decoded when the event
	// says so), Event (= e), and the unexported routePath, pathEncoded,
	// multiValue and basePath. A body that is not valid base64 is an
	// *HTTPError with status 400. Missing or null fields count as empty;
	// decode never panics on them.
	decode(e *E, req *Request) error

	// encode builds the source's response from resp. The body goes out
	// base64-encoded exactly when resp.isBinary() is true.
	encode(req *Request, resp *Response) R

	// unmarshal parses a raw invocation payload for Invoke.
	unmarshal(payload []byte, e *E) error

	// marshal writes the response in the exact JSON shape the source and
	// Powertools use, for Invoke.
	marshal(r *R) ([]byte, error)

	// traits returns the routing rules that differ between sources.
	traits() sourceTraits
}

type sourceTraits struct {
	// name is the source's name in messages and docs, such as "API Gateway REST".
	name string

	// trailingSlash makes "/x" and "/x/" the same route, as the Powertools
	// REST resolver does; every other source matches paths exactly.
	trailingSlash bool
}
