package router

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// albAdapter converts Application Load Balancer target events and their
// responses. A target group has multi-value headers either on or off, and
// the response must use the same mode as the request.
type albAdapter struct{}

var _ eventAdapter[events.ALBTargetGroupRequest, events.ALBTargetGroupResponse] = albAdapter{}

func (albAdapter) traits() sourceTraits {
	return sourceTraits{name: "ALB"}
}

// decode fills req from an ALB event. ALB passes the path and the query
// exactly as the client sent them, still percent-encoded, so query keys and
// values are decoded here once.
func (a albAdapter) decode(e *events.ALBTargetGroupRequest, req *Request) error {
	if e == nil {
		return nilEventError(a.traits())
	}
	req.Method = e.HTTPMethod
	req.RawPath = e.Path
	req.routePath = e.Path
	req.pathEncoded = true
	req.basePath = ""
	req.Event = e

	req.multiValue = len(e.MultiValueHeaders) > 0
	if req.multiValue {
		req.Header = headerFromMulti(e.MultiValueHeaders)
	} else {
		req.Header = headerFromSingle(e.Headers)
	}
	if len(e.MultiValueQueryStringParameters) > 0 {
		req.Query = unescapeQueryMap(e.MultiValueQueryStringParameters)
	} else {
		req.Query = unescapeQuerySingle(e.QueryStringParameters)
	}
	req.Cookies = cookiesFromHeader(req.Header)

	body, err := decodeBody(e.Body, e.IsBase64Encoded)
	req.Body = body
	return err
}

// singleToMulti turns a single-value query map into a multi-value one.
func singleToMulti(m map[string]string) map[string][]string {
	multi := make(map[string][]string, len(m))
	for k, v := range m {
		multi[k] = []string{v}
	}
	return multi
}

// unescapeQueryMap decodes the keys and values of an ALB query map once,
// keeping the raw text of any that has an invalid escape. Keys are visited
// in sorted order because two raw keys may decode to the same key ("a%20b"
// and "a+b"), and the order of their merged values must not depend on map
// iteration.
func unescapeQueryMap(m map[string][]string) url.Values {
	if q, ok := unescapeQueryMultiFast(m); ok {
		return q
	}
	q := make(url.Values, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key := unescapeQuery(k)
		for _, v := range m[k] {
			q[key] = append(q[key], unescapeQuery(v))
		}
	}
	return q
}

// encode builds an ALB response in the request's header mode. With
// multi-value headers every value and every cookie is kept. Without them a
// header can carry one value only, so the last value of each header and
// only the last cookie are sent, as Powertools does.
func (albAdapter) encode(req *Request, resp *Response) events.ALBTargetGroupResponse {
	if resp == nil {
		resp = &Response{}
	}
	body, base64Encoded := encodeBody(resp)
	out := events.ALBTargetGroupResponse{
		StatusCode:        resp.StatusCode,
		StatusDescription: statusDescription(resp.StatusCode),
		Body:              body,
		IsBase64Encoded:   base64Encoded,
	}
	cookies := setCookieValues(resp)
	if req != nil && req.multiValue {
		out.MultiValueHeaders = multiValueHeaders(resp.Header)
		if len(cookies) > 0 {
			out.MultiValueHeaders["Set-Cookie"] = cookies
		}
		return out
	}
	out.Headers = lastValueHeaders(resp.Header)
	if len(cookies) > 0 {
		out.Headers["Set-Cookie"] = cookies[len(cookies)-1]
	}
	return out
}

// statusDescription returns the status line text that ALB requires, such as
// "200 OK", or just the code when net/http has no text for it.
func statusDescription(code int) string {
	return strings.TrimSpace(fmt.Sprintf("%d %s", code, http.StatusText(code)))
}

func (a albAdapter) unmarshal(payload []byte, e *events.ALBTargetGroupRequest) error {
	if err := unmarshalEvent(albEventPlan, payload, e); err != nil {
		return fmt.Errorf("router: parse %s event: %w", a.traits().name, err)
	}
	return nil
}

// albSingleValuePayload is the JSON shape of ALB responses for target
// groups without multi-value headers. The body is never null.
type albSingleValuePayload struct {
	StatusCode        int               `json:"statusCode"`
	StatusDescription string            `json:"statusDescription"`
	Body              string            `json:"body"`
	IsBase64Encoded   bool              `json:"isBase64Encoded"`
	Headers           map[string]string `json:"headers"`
}

// albMultiValuePayload is the JSON shape of ALB responses for target groups
// with multi-value headers.
type albMultiValuePayload struct {
	StatusCode        int                 `json:"statusCode"`
	StatusDescription string              `json:"statusDescription"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
}

// marshal writes r with exactly one header map: multiValueHeaders when r
// has that map (encode sets it for multi-value requests), else headers.
// Headers that r carries in the other map are merged in so that none is
// lost, and an empty statusDescription is filled in from the status code.
func (a albAdapter) marshal(r *events.ALBTargetGroupResponse) ([]byte, error) {
	if r == nil {
		return nil, nilResponseError(a.traits())
	}
	description := r.StatusDescription
	if description == "" {
		description = statusDescription(r.StatusCode)
	}
	if r.MultiValueHeaders != nil {
		headers := make(map[string][]string, len(r.MultiValueHeaders)+len(r.Headers))
		maps.Copy(headers, r.MultiValueHeaders)
		addSingleValueHeaders(headers, r.Headers)
		return marshalPayload(albMultiValuePayload{
			StatusCode:        r.StatusCode,
			StatusDescription: description,
			Body:              r.Body,
			IsBase64Encoded:   r.IsBase64Encoded,
			MultiValueHeaders: headers,
		})
	}
	headers := make(map[string]string, len(r.Headers))
	maps.Copy(headers, r.Headers)
	return marshalPayload(albSingleValuePayload{
		StatusCode:        r.StatusCode,
		StatusDescription: description,
		Body:              r.Body,
		IsBase64Encoded:   r.IsBase64Encoded,
		Headers:           headers,
	})
}
