package conformance_test

import (
	"strings"
	"testing"
)

// TestConformance runs the cases of the Powertools conformance list (part
// A, sections A1 to A7) and the bug-report cases, each through Resolve,
// ResolveAsync and Invoke.
//
// Not ported: the Bedrock Agent rows of A1 (ENV-BEDROCK, ENV-BEDROCK-404,
// ENV-BEDROCK-422), because lambdaroute has no Bedrock resolver, and
// RT-TS-BASE, because it tests Powertools' base resolver class, which has
// no counterpart here. Validation (A8) and OpenAPI (A9) have suites of
// their own.
func TestConformance(t *testing.T) {
	sections := []struct {
		name  string
		cases []tcase
	}{
		{"Envelopes", envelopeCases},
		{"Routing", routingCases},
		{"Responses", responseCases},
		{"CORS", corsCases},
		{"Compression", compressionCases},
		{"Errors", errorCases},
		{"Middlewares", middlewareCases},
		{"Bugs", bugCases},
	}
	for _, s := range sections {
		t.Run(s.name, func(t *testing.T) { runCases(t, s.cases) })
	}
}

// TestInvokeInvalidPayload checks that Invoke returns a 400 response in the
// source's shape for a payload that is no event of its source. An error
// instead would make Lambda report a failed invocation.
func TestInvokeInvalidPayload(t *testing.T) {
	// An invalid payload does not show whether an ALB target group has
	// multi-value headers on, so ALB responds in the single-value shape.
	sources := []*source{rest, httpAPI, albSingle, functionURL, lattice, latticeV2}
	for _, src := range sources {
		for _, payload := range []string{"not json", "[]", `{"body":5}`} {
			t.Run(src.name+"/"+payload, func(t *testing.T) {
				raw, err := src.newApp().invoke([]byte(payload))
				if err != nil {
					t.Fatalf("Invoke returned error %v; want a 400 response", err)
				}
				r := parseResult(t, raw)
				checkShape(t, src, r)
				if r.status != 400 {
					t.Errorf("status = %d, want 400 (body %s)", r.status, r.body)
				}
				prefix := `{"statusCode":400,"message":"the invocation payload is not a valid `
				if !strings.HasPrefix(string(r.body), prefix) {
					t.Errorf("body = %s, want it to start with %s", r.body, prefix)
				}
			})
		}
	}
}
