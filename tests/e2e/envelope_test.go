package e2e_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"testing"
)

// statusDescriptions are the ALB status lines for the statuses these tests
// expect, written out rather than computed so that a wrong text fails.
var statusDescriptions = map[int]string{
	200: "200 OK",
	400: "400 Bad Request",
	201: "201 Created",
	404: "404 Not Found",
	422: "422 Unprocessable Entity",
	504: "504 Gateway Timeout",
}

// envelopeKeys returns the top-level keys of a response of src. An ALB
// response carries multiValueHeaders exactly when the request did.
func envelopeKeys(src source, albMulti bool) []string {
	switch src {
	case sourceREST:
		return []string{"body", "isBase64Encoded", "multiValueHeaders", "statusCode"}
	case sourceALB:
		if albMulti {
			return []string{"body", "isBase64Encoded", "multiValueHeaders", "statusCode", "statusDescription"}
		}
		return []string{"body", "headers", "isBase64Encoded", "statusCode", "statusDescription"}
	}
	return []string{"body", "cookies", "headers", "isBase64Encoded", "statusCode"}
}

// checkEnvelope checks a response payload of src: its keys, status,
// headers, base64 flag, and its JSON body against want's. albMulti is true
// when an ALB request came with multiValueHeaders.
func checkEnvelope(t *testing.T, src source, albMulti bool, payload []byte, want routeCase) {
	t.Helper()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(payload, &env); err != nil {
		t.Fatalf("response is not a JSON object: %v\npayload: %s", err, payload)
	}
	if got, want := slices.Sorted(maps.Keys(env)), envelopeKeys(src, albMulti); !slices.Equal(got, want) {
		t.Errorf("%s response keys = %v, want %v\npayload: %s", src, got, want, payload)
	}

	var status int
	if err := json.Unmarshal(env["statusCode"], &status); err != nil {
		t.Errorf("statusCode %s is not an integer: %v", env["statusCode"], err)
	}
	if status != want.status {
		t.Errorf("statusCode = %d, want %d\npayload: %s", status, want.status, payload)
	}
	if got := string(env["isBase64Encoded"]); got != "false" {
		t.Errorf("isBase64Encoded = %s, want false for a JSON body", got)
	}
	if src == sourceALB {
		var desc string
		if err := json.Unmarshal(env["statusDescription"], &desc); err != nil {
			t.Errorf("statusDescription %s is not a string: %v", env["statusDescription"], err)
		}
		if wantDesc := statusDescriptions[want.status]; desc != wantDesc {
			t.Errorf("statusDescription = %q, want %q", desc, wantDesc)
		}
	}
	checkEnvelopeHeaders(t, src, albMulti, env)

	var body string
	if err := json.Unmarshal(env["body"], &body); err != nil {
		t.Fatalf("body %s is not a JSON string: %v", env["body"], err)
	}
	if want.matchBody != nil {
		want.matchBody(t, []byte(body))
		return
	}
	assertJSONEqual(t, "body", []byte(body), want.body)
}

// checkEnvelopeHeaders checks that the only response header is the JSON
// content type, in the header shape of src, and that payload 2.0 shapes
// carry an empty cookies list.
func checkEnvelopeHeaders(t *testing.T, src source, albMulti bool, env map[string]json.RawMessage) {
	t.Helper()
	multi := src == sourceREST || (src == sourceALB && albMulti)
	if multi {
		var got map[string][]string
		if err := json.Unmarshal(env["multiValueHeaders"], &got); err != nil {
			t.Errorf("multiValueHeaders %s is not an object of string lists: %v", env["multiValueHeaders"], err)
		}
		want := map[string][]string{"Content-Type": {"application/json"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("multiValueHeaders = %v, want %v", got, want)
		}
		return
	}

	var got map[string]string
	if err := json.Unmarshal(env["headers"], &got); err != nil {
		t.Errorf("headers %s is not an object of strings: %v", env["headers"], err)
	}
	want := map[string]string{"Content-Type": "application/json"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("headers = %v, want %v", got, want)
	}
	if src == sourceALB {
		return
	}
	if got := string(env["cookies"]); got != "[]" {
		t.Errorf("cookies = %s, want [] (present and empty)", got)
	}
}

// assertJSONEqual compares two JSON texts as values, so that key order and
// spacing do not matter.
func assertJSONEqual(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("%s is not JSON: %v\ngot: %s", what, err, got)
		return
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("the expected %s is not JSON: %v\nwant: %s", what, err, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s = %s\nwant %s", what, bytes.TrimSpace(got), want)
	}
}
