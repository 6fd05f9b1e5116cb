package router

import (
	"fmt"
	"maps"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// httpAdapter converts API Gateway HTTP API events (payload format 2.0) and
// their responses.
type httpAdapter struct{}

var _ eventAdapter[events.APIGatewayV2HTTPRequest, events.APIGatewayV2HTTPResponse] = httpAdapter{}

func (httpAdapter) traits() sourceTraits {
	return sourceTraits{name: "API Gateway HTTP API"}
}

// decode fills req from an HTTP API event. HTTP API delivers rawPath
// already percent-decoded ("/pets/Blue Sky"), and with the stage in front
// unless the stage is $default, so the stage is cut off and the path is
// not decoded again.
func (a httpAdapter) decode(e *events.APIGatewayV2HTTPRequest, req *Request) error {
	if e == nil {
		return nilEventError(a.traits())
	}
	req.Method = e.RequestContext.HTTP.Method
	req.RawPath = e.RawPath
	req.routePath, req.basePath = stripStage(e.RawPath, e.RequestContext.Stage)
	req.pathEncoded = false
	req.multiValue = false
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

// stripStage cuts a leading "/{stage}" off an HTTP API rawPath and returns
// the rest and the cut prefix. The path is unchanged when the stage is
// $default or the request came through a custom domain without the stage.
func stripStage(rawPath, stage string) (routePath, basePath string) {
	if stage == "" || stage == "$default" {
		return rawPath, ""
	}
	prefix := "/" + stage
	switch {
	case rawPath == prefix:
		return "/", prefix
	case strings.HasPrefix(rawPath, prefix+"/"):
		return rawPath[len(prefix):], prefix
	}
	return rawPath, ""
}

// payloadV2 holds the request fields that HTTP API and function URL events
// share (payload format 2.0).
type payloadV2 struct {
	headers       map[string]string
	cookies       []string
	rawQuery      string
	query         map[string]string
	body          string
	base64Encoded bool
}

// decodePayloadV2 fills req's Header, Query, Cookies and Body from the
// payload 2.0 fields of p.
func decodePayloadV2(req *Request, p payloadV2) error {
	req.Header = headerFromSingle(p.headers)

	// rawQueryString keeps repeated keys apart, whereas
	// queryStringParameters joins their values with commas. The map is the
	// fallback for events built by hand without rawQueryString.
	if p.rawQuery != "" {
		req.Query = parseRawQuery(p.rawQuery)
	} else {
		req.Query = queryFromSingle(p.query)
	}

	// Payload 2.0 moves the Cookie header into the cookies list, though a
	// cookie header may still be present. Both are merged, each cookie
	// once, and the Cookie header is rebuilt so that handlers that read the
	// header see the cookies too.
	parts := cookieParts(p.cookies, req.Header["Cookie"])
	if len(parts) > 0 {
		line := strings.Join(parts, "; ")
		req.Header["Cookie"] = []string{line}
		req.Cookies = parseCookieHeader(line)
	} else {
		req.Cookies = nil
	}

	body, err := decodeBody(p.body, p.base64Encoded)
	req.Body = body
	return err
}

// encode builds an HTTP API response: one string per header, with repeated
// values joined by ", ", and every Set-Cookie value in the cookies list.
func (httpAdapter) encode(_ *Request, resp *Response) events.APIGatewayV2HTTPResponse {
	if resp == nil {
		resp = &Response{}
	}
	body, base64Encoded := encodeBody(resp)
	return events.APIGatewayV2HTTPResponse{
		StatusCode:      resp.StatusCode,
		Headers:         joinedHeaders(resp.Header),
		Body:            body,
		IsBase64Encoded: base64Encoded,
		Cookies:         setCookieValues(resp),
	}
}

func (a httpAdapter) unmarshal(payload []byte, e *events.APIGatewayV2HTTPRequest) error {
	if err := unmarshalEvent(httpEventPlan, payload, e); err != nil {
		return fmt.Errorf("router: parse %s event: %w", a.traits().name, err)
	}
	return nil
}

// marshal writes r in the payload 2.0 shape, without multiValueHeaders.
// Headers that r carries only in MultiValueHeaders are joined into headers
// so that none is lost.
func (a httpAdapter) marshal(r *events.APIGatewayV2HTTPResponse) ([]byte, error) {
	if r == nil {
		return nil, nilResponseError(a.traits())
	}
	headers := r.Headers
	if len(r.MultiValueHeaders) > 0 {
		headers = make(map[string]string, len(r.Headers)+len(r.MultiValueHeaders))
		maps.Copy(headers, r.Headers)
		joinMultiValueHeaders(headers, r.MultiValueHeaders)
	}
	return marshalSingleValue(singleValuePayload{
		StatusCode:      r.StatusCode,
		Body:            payloadBody(r.Body, r.IsBase64Encoded),
		IsBase64Encoded: r.IsBase64Encoded,
		Headers:         headers,
		Cookies:         r.Cookies,
	})
}
