package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/lambdaroute/lambdaroute/asyncbridge"
	"github.com/lambdaroute/lambdaroute/router"
)

// sampleName shortens a sample's file name for subtest names.
func sampleName(sample string) string {
	return strings.TrimSuffix(path.Base(sample), ".json")
}

// gatewayTimeoutBody is the router's response body when an async handler
// is still running at the deadline.
const gatewayTimeoutBody = `{"statusCode":504,"message":"Gateway Timeout"}`

// checkResolved checks the status and JSON body of a response that
// encoding/json wrote for any source's response type, all of which name
// these fields statusCode and body.
func checkResolved(t *testing.T, what string, resp []byte, want routeCase) {
	t.Helper()
	var got struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	if err := json.Unmarshal(resp, &got); err != nil {
		t.Fatalf("%s: the response is not a JSON object with statusCode and body: %v\n%s", what, err, resp)
	}
	if got.StatusCode != want.status {
		t.Errorf("%s: statusCode = %d, want %d", what, got.StatusCode, want.status)
	}
	assertJSONEqual(t, what+" body", []byte(got.Body), want.body)
}

func TestResolvePathsGiveSameBytes(t *testing.T) {
	ctx := context.Background()
	for _, src := range allSources {
		t.Run(string(src), func(t *testing.T) {
			app := newAnyResolver(src, quickstartRoutes(), router.WithValidation())
			cases := quickstartCases(src)
			for _, sample := range sampleEvents[src] {
				t.Run(sampleName(sample), func(t *testing.T) {
					events := make([][]byte, len(cases))
					syncResps := make([][]byte, len(cases))
					for i, c := range cases {
						events[i] = eventFor(t, src, sample, c.req)
						syncResp, asyncResp, err := app.resolveBoth(ctx, events[i])
						if err != nil {
							t.Fatalf("%s %s: %v", c.req.method, c.req.target(), err)
						}
						syncResps[i] = syncResp
						checkResolved(t, c.name+": Resolve", syncResp, c)
						if !bytes.Equal(syncResp, asyncResp) {
							t.Errorf("%s: Resolve and ResolveAsync differ\nResolve:      %s\nResolveAsync: %s", c.name, syncResp, asyncResp)
						}

						invoked, err := app.invoke(ctx, events[i])
						if err != nil {
							t.Fatalf("%s: Invoke returned an error: %v", c.name, err)
						}
						checkEnvelope(t, src, src == sourceALB && albMultiValue(t, events[i]), invoked, c)
						reencoded, err := app.reencode(invoked)
						if err != nil {
							t.Fatalf("%s: %v", c.name, err)
						}
						if !bytes.Equal(reencoded, syncResp) {
							t.Errorf("%s: Invoke's response differs from Resolve's\nInvoke, re-encoded: %s\nResolve:            %s", c.name, reencoded, syncResp)
						}
					}

					// Every route of this sample at once, as a caller that
					// fans out with ResolveAsync would run them.
					fanned, err := app.fanOut(ctx, events)
					if err != nil {
						t.Fatalf("fan-out: %v", err)
					}
					for i, c := range cases {
						if !bytes.Equal(fanned[i], syncResps[i]) {
							t.Errorf("%s: concurrent ResolveAsync differs from Resolve\nconcurrent: %s\nResolve:    %s", c.name, fanned[i], syncResps[i])
						}
					}
				})
			}
		})
	}
}

func TestInvokeRejectsInvalidPayload(t *testing.T) {
	for _, src := range allSources {
		t.Run(string(src), func(t *testing.T) {
			app := newAnyResolver(src, quickstartRoutes(), router.WithValidation())
			out, err := app.invoke(context.Background(), []byte("not json"))
			if err != nil {
				t.Fatalf("Invoke returned an error: %v; want a 400 response and a nil error", err)
			}
			checkEnvelope(t, src, false, out, invalidPayloadCase(src))
		})
	}
}

// settlesWhenCancelled is an async handler that runs until its context
// ends, as a call to a back end that never responds would.
func settlesWhenCancelled(ctx context.Context) asyncbridge.Future[string] {
	return asyncbridge.Go(ctx, func(ctx context.Context) (string, error) {
		<-ctx.Done()
		return "", ctx.Err()
	})
}

func TestResolveDeadlineReturns504(t *testing.T) {
	const (
		deadline = time.Second
		margin   = 300 * time.Millisecond
	)
	want := routeCase{status: http.StatusGatewayTimeout, body: gatewayTimeoutBody}
	routes := router.NewRouter()
	routes.Get("/slow", settlesWhenCancelled)
	routes.Get("/stuck", func() <-chan string { return make(chan string) })

	for _, src := range allSources {
		app := newAnyResolver(src, routes, router.WithDeadlineMargin(margin))
		for _, route := range []string{"/slow", "/stuck"} {
			t.Run(string(src)+route, func(t *testing.T) {
				// Each case spends most of a second waiting for its
				// deadline, so the cases wait side by side.
				t.Parallel()
				event := eventFor(t, src, sampleEvents[src][0], request{method: "GET", path: route})
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()

				start := time.Now()
				syncResp, asyncResp, err := app.resolveBoth(ctx, event)
				elapsed := time.Since(start)
				if err != nil {
					t.Fatalf("GET %s: %v", route, err)
				}
				checkResolved(t, "Resolve", syncResp, want)
				checkResolved(t, "ResolveAsync", asyncResp, want)

				// Resolve gives up margin before the deadline, so it has
				// waited at least deadline-margin and returned before the
				// deadline. ResolveAsync then starts with the context
				// already past deadline-margin and returns at once.
				if elapsed < deadline-margin-50*time.Millisecond {
					t.Errorf("both responses took %v; want at least %v, the deadline less the margin", elapsed, deadline-margin)
				}
				if elapsed >= deadline {
					t.Errorf("both responses took %v; want them before the %v deadline", elapsed, deadline)
				}
			})
		}
	}
}
