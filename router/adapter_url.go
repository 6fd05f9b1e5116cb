package router

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-lambda-go/events"
)

// urlAdapter converts Lambda function URL events (payload format 2.0) and
// their responses.
type urlAdapter struct{}

var _ eventAdapter[events.LambdaFunctionURLRequest, events.LambdaFunctionURLResponse] = urlAdapter{}

func (urlAdapter) traits() sourceTraits {
	return sourceTraits{name: "Lambda function URL"}
}

// decode fills req from a function URL event. Function URLs have no stage.
// Unlike HTTP API, they deliver rawPath still percent-encoded, as REST APIs
// and ALB do (seen in live event captures published by other Lambda adapter
// projects), so the router decodes it once. The lambdaurl package of
// aws-lambda-go v1.55.1 also parses rawPath as the escaped path of a URL.
func (a urlAdapter) decode(e *events.LambdaFunctionURLRequest, req *Request) error {
	if e == nil {
		return nilEventError(a.traits())
	}
	req.Method = e.RequestContext.HTTP.Method
	req.RawPath = e.RawPath
	req.routePath = e.RawPath
	req.pathEncoded = true
	req.multiValue = false
	req.basePath = ""
	req.Event = e
	return decodePayloadV2(req, payloadV2{
		headers:       e.Headers,
		cookies:       e.Cookies,
		rawQuery:      e.RawQueryString,
		query:         e.QueryStringParameters,
		body:          e.Body,
		base64Encoded: e.IsBase64Encoded,
	})
}

// encode builds a function URL response in the same shape as an HTTP API
// response: joined headers and a cookies list.
func (urlAdapter) encode(_ *Request, resp *Response) events.LambdaFunctionURLResponse {
	if resp == nil {
		resp = &Response{}
	}
	body, base64Encoded := encodeBody(resp)
	return events.LambdaFunctionURLResponse{
		StatusCode:      resp.StatusCode,
		Headers:         joinedHeaders(resp.Header),
		Body:            body,
		IsBase64Encoded: base64Encoded,
		Cookies:         setCookieValues(resp),
	}
}

func (a urlAdapter) unmarshal(payload []byte, e *events.LambdaFunctionURLRequest) error {
	*e = events.LambdaFunctionURLRequest{}
	if err := json.Unmarshal(payload, e); err != nil {
		return fmt.Errorf("router: parse %s event: %w", a.traits().name, err)
	}
	return nil
}

func (a urlAdapter) marshal(r *events.LambdaFunctionURLResponse) ([]byte, error) {
	if r == nil {
		return nil, nilResponseError(a.traits())
	}
	return marshalSingleValue(singleValuePayload{
		StatusCode:      r.StatusCode,
		Body:            payloadBody(r.Body, r.IsBase64Encoded),
		IsBase64Encoded: r.IsBase64Encoded,
		Headers:         r.Headers,
		Cookies:         r.Cookies,
	})
}
