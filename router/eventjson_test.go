package router

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// eventJSONSeeds are payloads that exercise the edges where the fast event
// decoder must match encoding/json or give up: escapes, surrogates, null
// members, repeated keys, keys that differ in case, numbers and nesting.
var eventJSONSeeds = []string{
	``,
	`null`,
	`{}`,
	` { } `,
	`{} x`,
	`[]`,
	`{"version":"2.0","rawPath":"/a\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t","headers":{"a":"1","b":null,"c\n":"x"}}`,
	`{"rawPath":"\ud83d"}`,
	`{"rawPath":"\ud83d\u0041"}`,
	`{"rawPath":"\x"}`,
	`{"rawPath":"caf` + "\xe9" + `"}`,
	`{"rawPath":"` + "\xf0\x9f\x98\x80" + `"}`,
	`{"RawPath":"/case"}`,
	`{"rawpath":"/case","rawPath":"/exact"}`,
	`{"cookies":["a",null,"b"],"cookies":["c"]}`,
	`{"cookies":[]}`,
	`{"cookies":null}`,
	`{"headers":{},"headers":{"x":"y"}}`,
	`{"headers":{"x":1}}`,
	`{"requestContext":{"timeEpoch":-0,"http":{"method":"GET"}}}`,
	`{"requestContext":{"timeEpoch":1.5}}`,
	`{"requestContext":{"timeEpoch":1e3}}`,
	`{"requestContext":{"timeEpoch":99999999999999999999}}`,
	`{"requestContext":{"timeEpoch":01}}`,
	`{"requestContext":{"authorizer":{"lambda":{"n":1.5,"s":"x","l":[1,{"a":null}]},"jwt":{"claims":{"sub":"1"},"scopes":null}}}}`,
	`{"requestContext":{"authorizer":null}}`,
	`{"requestContext":{"authorizer":{"jwt":{"claims":{"a":"b"}}},"authorizer":{"jwt":{"scopes":["s"]}}}}`,
	`{"requestContext":{"authorizer":{"iam":{"cognitoIdentity":{"amr":["x"]}}}}}`,
	`{"requestContext":null,"isBase64Encoded":true,"isBase64Encoded":null}`,
	`{"isBase64Encoded":"true"}`,
	`{"unknown":{"deep":[1,2,{"x":[true,false,null,-1.5e+3,"s\u0041"]}]},"body":"b"}`,
	`{"unknown":[1,]}`,
	`{"unknown":01}`,
	`{"unknown":"\u12"}`,
	`{"body":"{\"title\":\"write benchmarks\",\"done\":false}"}`,
	`{"multiValueHeaders":{"Accept":["a","b"],"X":null,"Y":[],"Z":[null]}}`,
	`{"multiValueHeaders":{"Accept":"a"}}`,
	`{"httpMethod":"GET","path":"/x","queryStringParameters":{"a%20b":"c+d"},"requestContext":{"elb":{"targetGroupArn":"arn"}}}`,
	`{"httpMethod":"GET","requestContext":{"identity":{"sourceIp":"1.2.3.4","clientCert":{"validity":{"notAfter":"x"}}},"authorizer":{"principalId":"p","n":2}}}`,
	`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
}

// sharedEventSeeds returns the sample events shared by the project, or
// none in a checkout without them.
func sharedEventSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, glob := range []string{sampleEventsDir + "/*/*.json", caseEventsDir + "/*.json"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatalf("read seed %s: %v", p, err)
			}
			seeds = append(seeds, b)
		}
	}
	return seeds
}

// checkEventJSON decodes payload with plan and with encoding/json, and
// fails when the fast decoder reports success with a different result.
func checkEventJSON[E any](t *testing.T, plan *eventPlan[E], payload []byte) {
	t.Helper()
	var fast E
	if !plan.decode(payload, &fast) {
		return
	}
	var want E
	if err := json.Unmarshal(payload, &want); err != nil {
		t.Fatalf("%T: fast decoder accepted a payload that encoding/json rejects (%v):\n%q", fast, err, payload)
	}
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("%T: fast decoder differs from encoding/json on\n%q\ngot  %#v\nwant %#v", fast, payload, fast, want)
	}
}

func FuzzEventJSON(f *testing.F) {
	for _, s := range eventJSONSeeds {
		f.Add([]byte(s))
	}
	for _, s := range sharedEventSeeds(f) {
		f.Add(s)
	}
	rest, http, alb := newEventPlan[events.APIGatewayProxyRequest](), newEventPlan[events.APIGatewayV2HTTPRequest](),
		newEventPlan[events.ALBTargetGroupRequest]()
	url, lattice, latticeV2 := newEventPlan[events.LambdaFunctionURLRequest](), newEventPlan[VPCLatticeRequest](),
		newEventPlan[VPCLatticeV2Request]()
	f.Fuzz(func(t *testing.T, payload []byte) {
		checkEventJSON(t, rest, payload)
		checkEventJSON(t, http, payload)
		checkEventJSON(t, alb, payload)
		checkEventJSON(t, url, payload)
		checkEventJSON(t, lattice, payload)
		checkEventJSON(t, latticeV2, payload)
	})
}

// TestEventPlansCoverEvents checks that the three event types Invoke
// decodes fast have a plan, so that a change in aws-lambda-go that the
// plan cannot express shows up here rather than as a slower Invoke.
func TestEventPlansCoverEvents(t *testing.T) {
	if newEventPlan[events.APIGatewayProxyRequest]().root == nil {
		t.Error("events.APIGatewayProxyRequest has no fast decoding plan")
	}
	if newEventPlan[events.APIGatewayV2HTTPRequest]().root == nil {
		t.Error("events.APIGatewayV2HTTPRequest has no fast decoding plan")
	}
	if newEventPlan[events.ALBTargetGroupRequest]().root == nil {
		t.Error("events.ALBTargetGroupRequest has no fast decoding plan")
	}
}

// TestEventJSONDecodesSamples checks that the fast decoder handles sample
// events of its three sources itself, without falling back, so that the
// fallback does not silently become the usual path.
func TestEventJSONDecodesSamples(t *testing.T) {
	samples := []struct {
		file   string
		decode func([]byte) bool
	}{
		{"powertools/apiGatewayProxyEvent.json", decodeWith(restEventPlan)},
		{"aws-lambda-go/apigw-request.json", decodeWith(restEventPlan)},
		{"powertools/apiGatewayProxyV2Event.json", decodeWith(httpEventPlan)},
		{"aws-lambda-go/apigw-v2-request-jwt-authorizer.json", decodeWith(httpEventPlan)},
		{"aws-lambda-go/apigw-v2-request-lambda-authorizer.json", decodeWith(httpEventPlan)},
		{"aws-lambda-go/apigw-v2-request-iam.json", decodeWith(httpEventPlan)},
		{"powertools/albEvent.json", decodeWith(albEventPlan)},
		{"aws-lambda-go/alb-lambda-target-request-multivalue-headers.json", decodeWith(albEventPlan)},
	}
	for _, s := range samples {
		payload, err := os.ReadFile(filepath.Join(sampleEventsDir, s.file))
		if os.IsNotExist(err) {
			t.Skipf("no shared sample events in this checkout (%v)", err)
		}
		if err != nil {
			t.Fatalf("read sample: %v", err)
		}
		if !s.decode(payload) {
			t.Errorf("%s: the fast decoder fell back to encoding/json", s.file)
		}
	}
}

func decodeWith[E any](plan *eventPlan[E]) func([]byte) bool {
	return func(b []byte) bool {
		var e E
		return plan.decode(b, &e)
	}
}

// BenchmarkEventJSON compares the fast decoder with encoding/json on the
// shared sample events of the three sources it serves.
func BenchmarkEventJSON(b *testing.B) {
	samples := []struct {
		name, file string
		fast, std  func([]byte) bool
	}{
		{"v1", "aws-lambda-go/apigw-request.json", decodeWith(restEventPlan), decodeStd[events.APIGatewayProxyRequest]},
		{"v2", "powertools/apiGatewayProxyV2Event.json", decodeWith(httpEventPlan), decodeStd[events.APIGatewayV2HTTPRequest]},
		{"alb", "powertools/albEvent.json", decodeWith(albEventPlan), decodeStd[events.ALBTargetGroupRequest]},
	}
	for _, s := range samples {
		payload, err := os.ReadFile(filepath.Join(sampleEventsDir, s.file))
		if err != nil {
			b.Skipf("no shared sample events in this checkout (%v)", err)
		}
		for _, d := range []struct {
			name   string
			decode func([]byte) bool
		}{{"fast", s.fast}, {"encoding_json", s.std}} {
			b.Run(s.name+"/"+d.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if !d.decode(payload) {
						b.Fatalf("%s could not decode %s", d.name, s.file)
					}
				}
			})
		}
	}
}

func decodeStd[E any](b []byte) bool {
	var e E
	return json.Unmarshal(b, &e) == nil
}
