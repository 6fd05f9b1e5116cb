package router

import (
	"fmt"
	"maps"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// restAdapter converts API Gateway REST API proxy events (payload format
// 1.0) and their responses.
type restAdapter struct{}

var _ eventAdapter[events.APIGatewayProxyRequest, events.APIGatewayProxyResponse] = restAdapter{}

func (restAdapter) traits() sourceTraits {
	return sourceTraits{name: "API Gateway REST", trailingSlash: true}
}

// decode fills req from a REST event. API Gateway REST sends path still
// percent-encoded and without the stage, so path is matched as it is. Query
// values arrive decoded and are not decoded again.
func (a restAdapter) decode(e *events.APIGatewayProxyRequest, req *Request) error {
	if e == nil {
		return nilEventError(a.traits())
	}
	req.Method = e.HTTPMethod
	req.RawPath = e.Path
	req.routePath = e.Path
	req.pathEncoded = true
	req.multiValue = false
	req.basePath = restBasePath(e.RequestContext.Stage, e.RequestContext.Path)
	req.Event = e

	// The multi-value maps contain everything the single-value maps
	// contain, and also the repeated values of a header or query key.
	if len(e.MultiValueHeaders) > 0 {
		req.Header = headerFromMulti(e.MultiValueHeaders)
	} else {
		req.Header = headerFromSingle(e.Headers)
	}
	if len(e.MultiValueQueryStringParameters) > 0 {
		req.Query = queryFromMulti(e.MultiValueQueryStringParameters)
	} else {
		req.Query = queryFromSingle(e.QueryStringParameters)
	}
	req.Cookies = cookiesFromHeader(req.Header)

	// The body comes last so that a 400 for invalid base64 is still built
	// from a request with its headers, for CORS.
	body, err := decodeBody(e.Body, e.IsBase64Encoded)
	req.Body = body
	return err
}

// restBasePath returns "/{stage}" when the request went through the stage's
// own URL, that is when requestContext.path starts with it. Behind a custom
// domain the path has no stage and the base path is "". The top-level path
// does not include the stage, so it cannot tell the two cases apart.
func restBasePath(stage, contextPath string) string {
	if stage == "" || stage == "$default" {
		return ""
	}
	prefix := "/" + stage
	if contextPath == prefix || strings.HasPrefix(contextPath, prefix+"/") {
		return prefix
	}
	return ""
}

// encode builds a REST response. It fills only MultiValueHeaders, because
// API Gateway merges the two header maps and Powertools sends just this one.
// Cookies are appended to its Set-Cookie list.
func (restAdapter) encode(_ *Request, resp *Response) events.APIGatewayProxyResponse {
	if resp == nil {
		resp = &Response{}
	}
	body, base64Encoded := encodeBody(resp)
	headers := multiValueHeaders(resp.Header)
	if cookies := setCookieValues(resp); len(cookies) > 0 {
		headers["Set-Cookie"] = cookies
	}
	return events.APIGatewayProxyResponse{
		StatusCode:        resp.StatusCode,
		MultiValueHeaders: headers,
		Body:              body,
		IsBase64Encoded:   base64Encoded,
	}
}

func (a restAdapter) unmarshal(payload []byte, e *events.APIGatewayProxyRequest) error {
	if err := unmarshalEvent(restEventPlan, payload, e); err != nil {
		return fmt.Errorf("router: parse %s event: %w", a.traits().name, err)
	}
	return nil
}

// multiValuePayload is the JSON shape of REST responses: no "headers" key,
// only "multiValueHeaders".
type multiValuePayload struct {
	StatusCode        int                 `json:"statusCode"`
	Body              *string             `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
}

// marshal writes r in the REST shape. Headers that r carries only in its
// single-value map move into multiValueHeaders so that none is lost.
func (a restAdapter) marshal(r *events.APIGatewayProxyResponse) ([]byte, error) {
	if r == nil {
		return nil, nilResponseError(a.traits())
	}
	headers := make(map[string][]string, len(r.MultiValueHeaders)+len(r.Headers))
	maps.Copy(headers, r.MultiValueHeaders)
	addSingleValueHeaders(headers, r.Headers)
	return marshalPayload(multiValuePayload{
		StatusCode:        r.StatusCode,
		Body:              payloadBody(r.Body, r.IsBase64Encoded),
		IsBase64Encoded:   r.IsBase64Encoded,
		MultiValueHeaders: headers,
	})
}
