package e2e_test

// This file turns the shared sample events into requests for the
// quickstart's routes. Each sample keeps what it came with, such as the
// request context, headers, cookies and stage. It gets a new method, path,
// query and body, in the fields that its event source uses for them.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// eventsDir is the shared sample events folder. It sits beside the
// repository, both on a developer's machine and in CI.
const eventsDir = "../../../shared/events"

// source is an event source, spelled as the quickstart's LAMBDAROUTE_SOURCE
// variable spells it.
type source string

const (
	sourceHTTP      source = "http"
	sourceREST      source = "rest"
	sourceALB       source = "alb"
	sourceURL       source = "url"
	sourceLattice   source = "lattice"
	sourceLatticeV2 source = "latticev2"
)

var allSources = []source{sourceHTTP, sourceREST, sourceALB, sourceURL, sourceLattice, sourceLatticeV2}

// sampleEvents lists every HTTP request event in eventsDir by source.
// TestSampleCatalogueComplete fails when a file in eventsDir is in neither
// this table nor ignoredSamples, so a new sample cannot go untested.
var sampleEvents = map[source][]string{
	sourceREST: {
		"powertools/apiGatewayProxyEvent.json",
		"powertools/apiGatewayProxyEventNoOrigin.json",
		"powertools/apiGatewayProxyEventPathTrailingSlash.json",
		"powertools/apiGatewayProxyEventAnotherPath.json",
		"powertools/apiGatewayProxyOtherEvent.json",
		"powertools/apiGatewayProxyEvent_noVersionAuth.json",
		"powertools/apiGatewayProxyEventPrincipalId.json",
		"powertools/apigatewayeSchemaMiddlwareValidEvent.json",
		"powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
		"aws-lambda-go/apigw-request.json",
		"aws-lambda-go/apigw-restapi-openapi-request.json",
	},
	sourceHTTP: {
		"powertools/apiGatewayProxyV2Event.json",
		"powertools/apiGatewayProxyV2Event_GET.json",
		"powertools/apiGatewayProxyV2EventPathTrailingSlash.json",
		"powertools/apiGatewayProxyV2OtherGetEvent.json",
		"powertools/apiGatewayProxyV2IamEvent.json",
		"powertools/apiGatewayProxyV2LambdaAuthorizerEvent.json",
		"powertools/apiGatewayProxyV2SchemaMiddlwareValidEvent.json",
		"powertools/apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json",
		"aws-lambda-go/apigw-v2-request-no-authorizer.json",
		"aws-lambda-go/apigw-v2-request-iam.json",
		"aws-lambda-go/apigw-v2-request-jwt-authorizer.json",
		"aws-lambda-go/apigw-v2-request-lambda-authorizer.json",
	},
	sourceALB: {
		"powertools/albEvent.json",
		"powertools/albEventPathTrailingSlash.json",
		"powertools/albMultiValueHeadersEvent.json",
		"powertools/albMultiValueQueryStringEvent.json",
		"aws-lambda-go/alb-lambda-target-request-headers-only.json",
		"aws-lambda-go/alb-lambda-target-request-multivalue-headers.json",
	},
	sourceURL: {
		"powertools/lambdaFunctionUrlEvent.json",
		"powertools/lambdaFunctionUrlEventPathTrailingSlash.json",
		"powertools/lambdaFunctionUrlEventWithHeaders.json",
		"powertools/lambdaFunctionUrlIAMEvent.json",
		"aws-lambda-go/lambda-urls-request.json",
	},
	sourceLattice: {
		"powertools/vpcLatticeEvent.json",
		"powertools/vpcLatticeEventPathTrailingSlash.json",
	},
	sourceLatticeV2: {
		"powertools/vpcLatticeV2Event.json",
		"powertools/vpcLatticeV2EventWithHeaders.json",
		"powertools/vpcLatticeEventV2PathTrailingSlash.json",
	},
}

// ignoredSamples are the files in eventsDir that are not requests of the
// six HTTP event sources: responses, Bedrock agent events and the index.
var ignoredSamples = []string{
	"README.md",
	"aws-lambda-go/alb-lambda-target-response.json",
	"aws-lambda-go/apigw-response.json",
	"aws-lambda-go/lambda-urls-response.json",
	"powertools/bedrockAgentEvent.json",
	"powertools/bedrockAgentEventWithPathParams.json",
	"powertools/bedrockAgentPostEvent.json",
}

// request is what a test sends to the quickstart, in any event source.
type request struct {
	method string
	path   string // percent-encoded, as a client sends it
	query  url.Values
	body   string // JSON text, or "" for a request without a body
}

// target returns the path and query as a URL reference, for messages and
// for local HTTP requests.
func (r request) target() string {
	if len(r.query) == 0 {
		return r.path
	}
	return r.path + "?" + r.query.Encode()
}

// readSample returns a sample event's bytes.
func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(eventsDir, name))
	if err != nil {
		t.Fatalf("reading sample event %s failed: %v; the shared folder must sit beside the repository, as %s seen from tests/e2e", name, err, eventsDir)
	}
	return b
}

// eventFor rewrites a sample event of src so that it carries req, and
// returns the new event as JSON.
func eventFor(t *testing.T, src source, sample string, req request) []byte {
	t.Helper()
	event, err := decodeObject(readSample(t, sample))
	if err != nil {
		t.Fatalf("sample event %s is not a JSON object: %v", sample, err)
	}
	switch src {
	case sourceREST:
		rewriteREST(event, req)
	case sourceHTTP:
		rewriteHTTP(event, req)
	case sourceALB:
		rewriteALB(event, req)
	case sourceURL:
		rewriteURL(event, req)
	case sourceLattice:
		rewriteLattice(event, req)
	case sourceLatticeV2:
		rewriteLatticeV2(event, req)
	default:
		t.Fatalf("eventFor: unknown source %q", src)
	}
	out, err := json.Marshal(event)
	if err != nil {
		t.Fatalf("encoding the rewritten %s event failed: %v", sample, err)
	}
	return out
}

// decodeObject parses a JSON object, keeping numbers as written so that
// large epoch times survive the round trip unchanged.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("the JSON value is null")
	}
	return m, nil
}

// child returns the object under key, creating it when it is absent or
// null.
func child(m map[string]any, key string) map[string]any {
	if c, ok := m[key].(map[string]any); ok {
		return c
	}
	c := map[string]any{}
	m[key] = c
	return c
}

// hasEntries reports whether m[key] is a non-empty JSON object.
func hasEntries(m map[string]any, key string) bool {
	c, ok := m[key].(map[string]any)
	return ok && len(c) > 0
}

// setHeader replaces every spelling of name in a header object with one
// entry whose value is value, a string or a list of strings.
func setHeader(headers map[string]any, name string, value any) {
	for k := range headers {
		if strings.EqualFold(k, name) {
			delete(headers, k)
		}
	}
	headers[name] = value
}

// singleQuery folds a query into a one-value-per-key object. API Gateway
// joins repeated values with commas in its single-value map.
func singleQuery(q url.Values) map[string]any {
	m := make(map[string]any, len(q))
	for k, vs := range q {
		m[k] = strings.Join(vs, ",")
	}
	return m
}

// multiQuery copies a query into a list-per-key object.
func multiQuery(q url.Values, escape bool) map[string]any {
	m := make(map[string]any, len(q))
	for k, vs := range q {
		list := make([]any, len(vs))
		for i, v := range vs {
			if escape {
				v = url.QueryEscape(v)
			}
			list[i] = v
		}
		if escape {
			k = url.QueryEscape(k)
		}
		m[k] = list
	}
	return m
}

// stagePrefix returns "/{stage}" when the sample's path starts with its
// stage, as API Gateway paths do when a request uses the stage's own URL,
// and "" otherwise.
func stagePrefix(requestContext map[string]any, samplePath string) string {
	stage, _ := requestContext["stage"].(string)
	if stage == "" || stage == "$default" {
		return ""
	}
	prefix := "/" + stage
	if samplePath == prefix || strings.HasPrefix(samplePath, prefix+"/") {
		return prefix
	}
	return ""
}

// rewriteREST sets an API Gateway REST (payload 1.0) event. Both header
// maps and both query maps get the values, because API Gateway fills both.
func rewriteREST(e map[string]any, req request) {
	rc := child(e, "requestContext")
	contextPath, _ := rc["path"].(string)
	e["httpMethod"] = req.method
	e["path"] = req.path
	rc["httpMethod"] = req.method
	rc["path"] = stagePrefix(rc, contextPath) + req.path

	if len(req.query) == 0 {
		e["queryStringParameters"] = nil
		e["multiValueQueryStringParameters"] = nil
	} else {
		e["queryStringParameters"] = singleQuery(req.query)
		e["multiValueQueryStringParameters"] = multiQuery(req.query, false)
	}

	e["isBase64Encoded"] = false
	if req.body == "" {
		e["body"] = nil
		return
	}
	e["body"] = req.body
	setHeader(child(e, "headers"), "Content-Type", "application/json")
	setHeader(child(e, "multiValueHeaders"), "Content-Type", []any{"application/json"})
}

// rewriteHTTP sets an API Gateway HTTP API (payload 2.0) event. HTTP API
// delivers rawPath percent-decoded, and with the stage in front when the
// sample's path had it.
func rewriteHTTP(e map[string]any, req request) {
	rc := child(e, "requestContext")
	rawPath, _ := e["rawPath"].(string)
	decoded, err := url.PathUnescape(req.path)
	if err != nil {
		panic(fmt.Sprintf("rewriteHTTP: test path %q has an invalid escape: %v", req.path, err))
	}
	path := stagePrefix(rc, rawPath) + decoded
	e["rawPath"] = path
	httpContext := child(rc, "http")
	httpContext["method"] = req.method
	httpContext["path"] = path
	setPayloadV2(e, req)
}

// rewriteURL sets a Lambda function URL event, which has the payload 2.0
// shape without a stage.
func rewriteURL(e map[string]any, req request) {
	e["rawPath"] = req.path
	httpContext := child(child(e, "requestContext"), "http")
	httpContext["method"] = req.method
	httpContext["path"] = req.path
	setPayloadV2(e, req)
}

// setPayloadV2 sets the query, body and content type of a payload 2.0
// event.
func setPayloadV2(e map[string]any, req request) {
	e["rawQueryString"] = req.query.Encode()
	if len(req.query) == 0 {
		delete(e, "queryStringParameters")
	} else {
		e["queryStringParameters"] = singleQuery(req.query)
	}
	e["isBase64Encoded"] = false
	if req.body == "" {
		delete(e, "body")
		return
	}
	e["body"] = req.body
	setHeader(child(e, "headers"), "content-type", "application/json")
}

// rewriteALB sets an ALB event in the header mode the sample is in. ALB
// passes query keys and values as the client sent them, percent-encoded.
func rewriteALB(e map[string]any, req request) {
	multi := hasEntries(e, "multiValueHeaders")
	e["httpMethod"] = req.method
	e["path"] = req.path
	if multi {
		delete(e, "queryStringParameters")
		e["multiValueQueryStringParameters"] = multiQuery(req.query, true)
	} else {
		delete(e, "multiValueQueryStringParameters")
		single := map[string]any{}
		for k, vs := range req.query {
			single[url.QueryEscape(k)] = url.QueryEscape(vs[len(vs)-1])
		}
		e["queryStringParameters"] = single
	}

	// ALB sends an empty string, never null, for a request without a body.
	e["body"] = req.body
	e["isBase64Encoded"] = false
	if req.body == "" {
		return
	}
	if multi {
		setHeader(child(e, "multiValueHeaders"), "content-type", []any{"application/json"})
	} else {
		setHeader(child(e, "headers"), "content-type", "application/json")
	}
}

// rewriteLattice sets a VPC Lattice version 1 event, whose keys are
// snake_case. The query goes into query_string_parameters, as in the
// sample, and not after a "?" in raw_path.
func rewriteLattice(e map[string]any, req request) {
	e["method"] = req.method
	e["raw_path"] = req.path
	e["query_string_parameters"] = singleQuery(req.query)
	e["is_base64_encoded"] = false
	e["body"] = req.body
	if req.body != "" {
		setHeader(child(e, "headers"), "content-type", "application/json")
	}
}

// rewriteLatticeV2 sets a VPC Lattice version 2 event. A key with one
// value gets a string and a repeated key a list, the two forms VPC Lattice
// uses.
func rewriteLatticeV2(e map[string]any, req request) {
	e["method"] = req.method
	e["path"] = req.path
	query := map[string]any{}
	for k, vs := range req.query {
		if len(vs) == 1 {
			query[k] = vs[0]
		} else {
			query[k] = slices.Clone(vs)
		}
	}
	e["queryStringParameters"] = query
	e["isBase64Encoded"] = false
	e["body"] = req.body
	if req.body != "" {
		setHeader(child(e, "headers"), "content-type", "application/json")
	}
}

// albMultiValue reports whether an ALB event came with multiValueHeaders,
// the case in which the response must carry them too.
func albMultiValue(t *testing.T, event []byte) bool {
	t.Helper()
	m, err := decodeObject(event)
	if err != nil {
		t.Fatalf("decoding an ALB event failed: %v", err)
	}
	return hasEntries(m, "multiValueHeaders")
}

func TestSampleCatalogueComplete(t *testing.T) {
	listed := map[string]string{}
	for src, names := range sampleEvents {
		for _, name := range names {
			if prev, ok := listed[name]; ok {
				t.Errorf("sample %s is listed for both %s and %s; keep it under one source", name, prev, src)
			}
			listed[name] = string(src)
		}
	}
	for _, name := range ignoredSamples {
		listed[name] = "ignored"
	}

	found := map[string]bool{}
	err := filepath.WalkDir(eventsDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(eventsDir, path)
		if err != nil {
			return err
		}
		found[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s failed: %v", eventsDir, err)
	}
	for name := range found {
		if _, ok := listed[name]; !ok {
			t.Errorf("sample %s is in neither sampleEvents nor ignoredSamples; add it to the table for its source", name)
		}
	}
	for name, src := range listed {
		if !found[name] {
			t.Errorf("sample %s (%s) is listed but missing from %s", name, src, eventsDir)
		}
	}
	for _, src := range allSources {
		if len(sampleEvents[src]) == 0 {
			t.Errorf("source %s has no sample events", src)
		}
	}
}

func TestEventRewriteKeepsSampleFields(t *testing.T) {
	req := request{method: "POST", path: "/todos", query: url.Values{"a": {"1", "2"}}, body: `{"title":"x"}`}
	event := eventFor(t, sourceHTTP, "powertools/apiGatewayProxyV2Event.json", req)
	m, err := decodeObject(event)
	if err != nil {
		t.Fatalf("decoding the rewritten event failed: %v", err)
	}
	if got := m["rawPath"]; got != "/todos" {
		t.Errorf("rawPath = %v, want /todos", got)
	}
	if got := m["rawQueryString"]; got != "a=1&a=2" {
		t.Errorf("rawQueryString = %v, want a=1&a=2", got)
	}
	if got := m["body"]; got != `{"title":"x"}` {
		t.Errorf("body = %v, want the request's JSON", got)
	}
	method := child(child(m, "requestContext"), "http")["method"]
	if method != "POST" {
		t.Errorf("requestContext.http.method = %v, want POST", method)
	}
	cookies, _ := m["cookies"].([]any)
	if len(cookies) != 2 {
		t.Errorf("cookies = %v, want the sample's two cookies kept", m["cookies"])
	}
	epoch := child(m, "requestContext")["timeEpoch"]
	if fmt.Sprint(epoch) != "1583348638390" {
		t.Errorf("requestContext.timeEpoch = %v, want 1583348638390 unchanged", epoch)
	}
}
