package router

import (
	"encoding/json"
	"fmt"
	"strings"
)

// latticeAdapter converts VPC Lattice events with event structure version 1
// and their responses.
type latticeAdapter struct{}

var _ eventAdapter[VPCLatticeRequest, VPCLatticeResponse] = latticeAdapter{}

func (latticeAdapter) traits() sourceTraits {
	return sourceTraits{name: "VPC Lattice"}
}

// decode fills req from a version 1 event. raw_path is percent-encoded and
// may end in "?query"; the query part is left out of routing and added to
// Query.
func (a latticeAdapter) decode(e *VPCLatticeRequest, req *Request) error {
	if e == nil {
		return nilEventError(a.traits())
	}
	req.Method = e.Method
	req.Header = headerFromSingle(e.Headers)
	req.Query = queryFromSingle(e.QueryStringParameters)
	decodeLatticePath(req, e.RawPath)
	req.Cookies = cookiesFromHeader(req.Header)
	req.Event = e

	body, err := decodeBody(e.Body, e.IsBase64Encoded)
	req.Body = body
	return err
}

// decodeLatticePath sets req's path fields from a VPC Lattice path, and
// merges a query string found after "?" into req.Query. Pairs from the path
// come first and replace the map's values for the same key, because the
// path keeps repeated keys that the version 1 map reduces to one value.
//
// NOTE: whether VPC Lattice ever puts the query into the path, and whether
// it decodes the values of its query maps, is not documented. The maps are
// taken as already decoded, like API Gateway's.
func decodeLatticePath(req *Request, rawPath string) {
	path, rawQuery, _ := strings.Cut(rawPath, "?")
	req.RawPath = rawPath
	req.routePath = path
	req.pathEncoded = true
	req.multiValue = false
	req.basePath = ""
	if rawQuery == "" {
		return
	}
	fromPath := parseRawQuery(rawQuery)
	for k, vs := range req.Query {
		if _, ok := fromPath[k]; !ok {
			fromPath[k] = vs
		}
	}
	req.Query = fromPath
}

// encode builds a version 1 response in the payload 2.0 shape that
// Powertools uses for VPC Lattice: joined headers and a cookies list.
//
// NOTE: whether VPC Lattice reads the cookies field and passes its
// Set-Cookie values to the client is unverified. Powertools sends cookies
// there, and so does this adapter.
func (latticeAdapter) encode(_ *Request, resp *Response) VPCLatticeResponse {
	if resp == nil {
		resp = &Response{}
	}
	body, base64Encoded := encodeBody(resp)
	return VPCLatticeResponse{
		StatusCode:      resp.StatusCode,
		Headers:         joinedHeaders(resp.Header),
		Body:            body,
		IsBase64Encoded: base64Encoded,
		Cookies:         setCookieValues(resp),
	}
}

func (a latticeAdapter) unmarshal(payload []byte, e *VPCLatticeRequest) error {
	*e = VPCLatticeRequest{}
	if err := json.Unmarshal(payload, e); err != nil {
		return fmt.Errorf("router: parse %s event: %w", a.traits().name, err)
	}
	return nil
}

func (a latticeAdapter) marshal(r *VPCLatticeResponse) ([]byte, error) {
	if r == nil {
		return nil, nilResponseError(a.traits())
	}
	return marshalLattice(r)
}

// marshalLattice writes a response of either VPC Lattice version.
func marshalLattice(r *VPCLatticeResponse) ([]byte, error) {
	return marshalSingleValue(singleValuePayload{
		StatusCode:        r.StatusCode,
		StatusDescription: r.StatusDescription,
		Body:              payloadBody(r.Body, r.IsBase64Encoded),
		IsBase64Encoded:   r.IsBase64Encoded,
		Headers:           r.Headers,
		Cookies:           r.Cookies,
	})
}

// latticeV2Adapter converts VPC Lattice events with event structure version
// 2 and their responses.
type latticeV2Adapter struct{}

var _ eventAdapter[VPCLatticeV2Request, VPCLatticeV2Response] = latticeV2Adapter{}

func (latticeV2Adapter) traits() sourceTraits {
	return sourceTraits{name: "VPC Lattice v2"}
}

// decode fills req from a version 2 event, whose header and query values
// may be lists.
func (a latticeV2Adapter) decode(e *VPCLatticeV2Request, req *Request) error {
	if e == nil {
		return nilEventError(a.traits())
	}
	req.Method = e.Method
	req.Header = headerFromMulti(e.Headers)
	req.Query = queryFromMulti(e.QueryStringParameters)
	decodeLatticePath(req, e.Path)
	req.Cookies = cookiesFromHeader(req.Header)
	req.Event = e

	body, err := decodeBody(e.Body, e.IsBase64Encoded)
	req.Body = body
	return err
}

// encode builds a version 2 response, in the same shape as version 1.
func (latticeV2Adapter) encode(req *Request, resp *Response) VPCLatticeV2Response {
	return VPCLatticeV2Response(latticeAdapter{}.encode(req, resp))
}

func (a latticeV2Adapter) unmarshal(payload []byte, e *VPCLatticeV2Request) error {
	*e = VPCLatticeV2Request{}
	if err := json.Unmarshal(payload, e); err != nil {
		return fmt.Errorf("router: parse %s event: %w", a.traits().name, err)
	}
	return nil
}

func (a latticeV2Adapter) marshal(r *VPCLatticeV2Response) ([]byte, error) {
	if r == nil {
		return nil, nilResponseError(a.traits())
	}
	return marshalLattice((*VPCLatticeResponse)(r))
}
