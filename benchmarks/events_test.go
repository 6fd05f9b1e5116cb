package benchmarks

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// benchCase is one request that every contender answers, with the answer
// all of them must give.
type benchCase struct {
	name   string
	method string
	path   string      // the path the client asked for, without a stage
	query  [][2]string // query pairs in the order the client sent them
	body   string

	wantStatus int
	wantBody   string
}

// benchCases are the request shapes the suite measures: a static route, a
// path parameter with a query struct, a miss, a JSON POST and a route whose
// handler returns a Future.
var benchCases = []benchCase{
	{
		name: "static", method: "GET", path: "/health",
		wantStatus: 200, wantBody: `{"status":"ok"}`,
	},
	{
		name: "param", method: "GET", path: "/users/42",
		query:      [][2]string{{"limit", "5"}, {"verbose", "true"}},
		wantStatus: 200, wantBody: `{"id":"42","limit":5,"verbose":true}`,
	},
	{
		name: "notfound", method: "GET", path: "/missing/page",
		wantStatus: 404, wantBody: `{"statusCode":404,"message":"Not found"}`,
	},
	{
		name: "post", method: "POST", path: "/todos",
		body:       `{"id":0,"title":"write benchmarks","done":false}`,
		wantStatus: 201, wantBody: `{"id":1,"title":"write benchmarks","done":false}`,
	},
	{
		name: "async", method: "GET", path: "/items/7",
		wantStatus: 200, wantBody: `{"id":"7","ready":true}`,
	},
}

// rawQuery joins the case's query pairs as a client sends them. The values
// in benchCases need no escaping.
func (c benchCase) rawQuery() string {
	s := ""
	for i, kv := range c.query {
		if i > 0 {
			s += "&"
		}
		s += kv[0] + "=" + kv[1]
	}
	return s
}

// Header values shared by the three event shapes, close to what a browser
// sends through API Gateway or an ALB.
const (
	userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	traceID   = "Root=1-67891233-abcdef012345678912345678"
	clientIP  = "203.0.113.17"
)

// v2Payload builds the JSON that API Gateway HTTP APIs (payload format 2.0)
// deliver for c, with the $default stage.
func v2Payload(c benchCase) []byte {
	headers := map[string]string{
		"accept":            "application/json",
		"accept-encoding":   "gzip, deflate, br",
		"accept-language":   "en-GB,en;q=0.9",
		"content-length":    strconv.Itoa(len(c.body)),
		"host":              "abc123xyz.execute-api.eu-west-1.amazonaws.com",
		"user-agent":        userAgent,
		"x-amzn-trace-id":   traceID,
		"x-forwarded-for":   clientIP,
		"x-forwarded-port":  "443",
		"x-forwarded-proto": "https",
	}
	if c.body != "" {
		headers["content-type"] = "application/json"
	}
	payload := map[string]any{
		"version":        "2.0",
		"routeKey":       "$default",
		"rawPath":        c.path,
		"rawQueryString": c.rawQuery(),
		"headers":        headers,
		"requestContext": map[string]any{
			"accountId":    "123456789012",
			"apiId":        "abc123xyz",
			"domainName":   "abc123xyz.execute-api.eu-west-1.amazonaws.com",
			"domainPrefix": "abc123xyz",
			"http": map[string]any{
				"method":    c.method,
				"path":      c.path,
				"protocol":  "HTTP/1.1",
				"sourceIp":  clientIP,
				"userAgent": userAgent,
			},
			"requestId": "JKJaXmPLvHcESHA=",
			"routeKey":  "$default",
			"stage":     "$default",
			"time":      "10/Mar/2026:13:40:52 +0000",
			"timeEpoch": 1773150052000,
		},
		"isBase64Encoded": false,
	}
	if len(c.query) > 0 {
		q := map[string]string{}
		for _, kv := range c.query {
			q[kv[0]] = kv[1]
		}
		payload["queryStringParameters"] = q
	}
	if c.body != "" {
		payload["body"] = c.body
	}
	return mustMarshal(payload)
}

// v1Payload builds the JSON that API Gateway REST APIs (payload format
// 1.0) deliver for c through a {proxy+} resource on the "prod" stage,
// including the CloudFront headers an edge-optimized API adds.
func v1Payload(c benchCase) []byte {
	headers := map[string]string{
		"Accept":                       "application/json",
		"Accept-Encoding":              "gzip, deflate, br",
		"Accept-Language":              "en-GB,en;q=0.9",
		"CloudFront-Forwarded-Proto":   "https",
		"CloudFront-Is-Desktop-Viewer": "true",
		"CloudFront-Is-Mobile-Viewer":  "false",
		"CloudFront-Is-SmartTV-Viewer": "false",
		"CloudFront-Is-Tablet-Viewer":  "false",
		"CloudFront-Viewer-Country":    "GB",
		"Host":                         "abc123xyz.execute-api.eu-west-1.amazonaws.com",
		"User-Agent":                   userAgent,
		"Via":                          "2.0 f6a8d3c1e2b4a5f6d7c8b9a0e1f2d3c4.cloudfront.net (CloudFront)",
		"X-Amz-Cf-Id":                  "nBsWBOrSHMgnaROZJK1wGCZ9PcRcSpq_oSXZNQwQ10OTZL4cimZo3g==",
		"X-Amzn-Trace-Id":              traceID,
		"X-Forwarded-For":              clientIP + ", 130.176.0.12",
		"X-Forwarded-Port":             "443",
		"X-Forwarded-Proto":            "https",
	}
	if c.body != "" {
		headers["Content-Type"] = "application/json"
	}
	multiHeaders := map[string][]string{}
	for k, v := range headers {
		multiHeaders[k] = []string{v}
	}
	payload := map[string]any{
		"resource":          "/{proxy+}",
		"path":              c.path,
		"httpMethod":        c.method,
		"headers":           headers,
		"multiValueHeaders": multiHeaders,
		"pathParameters":    map[string]string{"proxy": c.path[1:]},
		"stageVariables":    nil,
		"requestContext": map[string]any{
			"accountId":         "123456789012",
			"resourceId":        "us4z18",
			"stage":             "prod",
			"requestId":         "41b45ea3-70b5-11e6-b7bd-69b5aaebc7d9",
			"extendedRequestId": "JKJaXmPLvHcESHA=",
			"identity": map[string]any{
				"sourceIp":  clientIP,
				"userAgent": userAgent,
			},
			"resourcePath":     "/{proxy+}",
			"httpMethod":       c.method,
			"apiId":            "abc123xyz",
			"path":             "/prod" + c.path,
			"protocol":         "HTTP/1.1",
			"domainName":       "abc123xyz.execute-api.eu-west-1.amazonaws.com",
			"requestTime":      "10/Mar/2026:13:40:52 +0000",
			"requestTimeEpoch": 1773150052000,
		},
		"body":            nil,
		"isBase64Encoded": false,
	}
	if len(c.query) > 0 {
		q, mq := map[string]string{}, map[string][]string{}
		for _, kv := range c.query {
			q[kv[0]] = kv[1]
			mq[kv[0]] = append(mq[kv[0]], kv[1])
		}
		payload["queryStringParameters"] = q
		payload["multiValueQueryStringParameters"] = mq
	} else {
		payload["queryStringParameters"] = nil
		payload["multiValueQueryStringParameters"] = nil
	}
	if c.body != "" {
		payload["body"] = c.body
	}
	return mustMarshal(payload)
}

// albPayload builds the JSON that an ALB target group without multi-value
// headers delivers for c.
func albPayload(c benchCase) []byte {
	headers := map[string]string{
		"accept":            "application/json",
		"accept-encoding":   "gzip, deflate, br",
		"accept-language":   "en-GB,en;q=0.9",
		"connection":        "keep-alive",
		"host":              "bench-alb-1234567890.eu-west-1.elb.amazonaws.com",
		"user-agent":        userAgent,
		"x-amzn-trace-id":   traceID,
		"x-forwarded-for":   clientIP,
		"x-forwarded-port":  "443",
		"x-forwarded-proto": "https",
	}
	if c.body != "" {
		headers["content-type"] = "application/json"
		headers["content-length"] = strconv.Itoa(len(c.body))
	}
	q := map[string]string{}
	for _, kv := range c.query {
		q[kv[0]] = kv[1]
	}
	payload := map[string]any{
		"requestContext": map[string]any{
			"elb": map[string]string{
				"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/bench/0123456789abcdef",
			},
		},
		"httpMethod":            c.method,
		"path":                  c.path,
		"queryStringParameters": q,
		"headers":               headers,
		"body":                  c.body,
		"isBase64Encoded":       false,
	}
	return mustMarshal(payload)
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("benchmarks: encoding a test payload: %v", err))
	}
	return b
}

// mustUnmarshal decodes a payload the way aws-lambda-go does before it
// calls a typed handler.
func mustUnmarshal[E any](payload []byte) E {
	var e E
	if err := json.Unmarshal(payload, &e); err != nil {
		panic(fmt.Sprintf("benchmarks: decoding a test payload into %T: %v", e, err))
	}
	return e
}

// source is one event source: how to build its payload and the typed
// event, and how to read a typed response back for the checks.
type source[E, R any] struct {
	name    string
	payload func(benchCase) []byte
	answer  func(R) (status int, body string)
}

var (
	v1Source = source[events.APIGatewayProxyRequest, events.APIGatewayProxyResponse]{
		name: "v1", payload: v1Payload,
		answer: func(r events.APIGatewayProxyResponse) (int, string) { return r.StatusCode, r.Body },
	}
	v2Source = source[events.APIGatewayV2HTTPRequest, events.APIGatewayV2HTTPResponse]{
		name: "v2", payload: v2Payload,
		answer: func(r events.APIGatewayV2HTTPResponse) (int, string) { return r.StatusCode, r.Body },
	}
	albSource = source[events.ALBTargetGroupRequest, events.ALBTargetGroupResponse]{
		name: "alb", payload: albPayload,
		answer: func(r events.ALBTargetGroupResponse) (int, string) { return r.StatusCode, r.Body },
	}
)

// invocationContext is the context every contender gets: a deadline and a
// lambdacontext value, as the Lambda runtime gives each invocation. It is
// built once, so its cost is in no contender's figures, and it is never
// cancelled because it lives as long as the test binary.
var invocationContext, cancelInvocationContext = newInvocationContext()

func newInvocationContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(24*time.Hour))
	return lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{
		AwsRequestID:       "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
		InvokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:bench",
	}), cancel
}
