package benchmarks

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/bytedance/sonic"
	jsonv2 "github.com/go-json-experiment/json"
	goccy "github.com/goccy/go-json"
)

// BenchmarkJSON compares JSON libraries on the work Invoke does around
// routing: decoding an event payload and encoding a response, for each
// source, on the post case (the largest payload). encoding/json/v2 is
// measured through github.com/go-json-experiment/json, the module it is
// developed in, because GOEXPERIMENT=jsonv2 is not allowed in CI.
func BenchmarkJSON(b *testing.B) {
	post := benchCases[3]
	b.Run("v1", benchJSON[events.APIGatewayProxyRequest](v1Payload(post), events.APIGatewayProxyResponse{
		StatusCode:        201,
		MultiValueHeaders: map[string][]string{"Content-Type": {"application/json"}},
		Body:              post.wantBody,
	}))
	b.Run("v2", benchJSON[events.APIGatewayV2HTTPRequest](v2Payload(post), events.APIGatewayV2HTTPResponse{
		StatusCode: 201,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       post.wantBody,
		Cookies:    []string{},
	}))
	b.Run("alb", benchJSON[events.ALBTargetGroupRequest](albPayload(post), events.ALBTargetGroupResponse{
		StatusCode:        201,
		StatusDescription: "201 Created",
		Headers:           map[string]string{"Content-Type": "application/json"},
		Body:              post.wantBody,
	}))
}

// jsonLibrary is one JSON implementation under comparison.
type jsonLibrary struct {
	name      string
	unmarshal func([]byte, any) error
	marshal   func(any) ([]byte, error)
}

var jsonLibraries = []jsonLibrary{
	{name: "encoding_json", unmarshal: json.Unmarshal, marshal: json.Marshal},
	{name: "goccy", unmarshal: goccy.Unmarshal, marshal: goccy.Marshal},
	{name: "sonic", unmarshal: sonic.Unmarshal, marshal: sonic.Marshal},
	{name: "jsonv2", unmarshal: func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) },
		marshal: func(v any) ([]byte, error) { return jsonv2.Marshal(v) }},
}

func benchJSON[E, R any](payload []byte, resp R) func(*testing.B) {
	return func(b *testing.B) {
		for _, lib := range jsonLibraries {
			b.Run("decode/"+lib.name, func(b *testing.B) {
				var want E
				if err := json.Unmarshal(payload, &want); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					var e E
					if err := lib.unmarshal(payload, &e); err != nil {
						b.Fatal(err)
					}
				}
			})
		}

		// A pooled event is decoded into again and again: encoding/json
		// then reuses its maps and slices instead of allocating new ones,
		// which is only correct when the caller clears them first.
		b.Run("decode/encoding_json_reused", func(b *testing.B) {
			var e E
			b.ReportAllocs()
			for b.Loop() {
				if err := json.Unmarshal(payload, &e); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, lib := range jsonLibraries {
			b.Run("encode/"+lib.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := lib.marshal(&resp); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
