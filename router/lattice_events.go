package router

// This file defines the Amazon VPC Lattice event types, which aws-lambda-go
// v1.55.1 does not have. Fields follow the sample events that Powertools for
// AWS Lambda (Python) tests with and the VPC Lattice schemas of the
// Powertools for AWS Lambda (TypeScript) parser.

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// VPCLatticeRequest is the request event that VPC Lattice sends to a Lambda
// target group with event structure version 1. Its keys are snake_case,
// unlike version 2.
type VPCLatticeRequest struct {
	// RawPath is the request path, still percent-encoded. It may carry the
	// query string after a "?".
	RawPath string `json:"raw_path"`

	Method string `json:"method"`

	// Headers has one string per header; repeated values arrive joined with
	// commas. Keys are lower-case and may contain underscores ("user_agent").
	Headers map[string]string `json:"headers"`

	// QueryStringParameters has one value per key.
	QueryStringParameters map[string]string `json:"query_string_parameters"`

	Body            string `json:"body"`
	IsBase64Encoded bool   `json:"is_base64_encoded"`
}

// VPCLatticeResponse is the response to a VPCLatticeRequest.
type VPCLatticeResponse struct {
	StatusCode int `json:"statusCode"`

	// StatusDescription is an optional status line text such as "200 OK".
	StatusDescription string `json:"statusDescription,omitempty"`

	Headers         map[string]string `json:"headers"`
	Body            string            `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`

	// Cookies are Set-Cookie values. Powertools sends them in this list for
	// VPC Lattice, in the payload 2.0 response shape.
	Cookies []string `json:"cookies"`
}

// VPCLatticeV2Request is the request event that VPC Lattice sends to a
// Lambda target group with event structure version 2.
type VPCLatticeV2Request struct {
	// Version is "2.0".
	Version string `json:"version"`

	// Path is the request path, still percent-encoded.
	Path string `json:"path"`

	Method string `json:"method"`

	Headers               VPCLatticeV2Values         `json:"headers"`
	QueryStringParameters VPCLatticeV2Values         `json:"queryStringParameters"`
	Body                  string                     `json:"body"`
	IsBase64Encoded       bool                       `json:"isBase64Encoded"`
	RequestContext        VPCLatticeV2RequestContext `json:"requestContext"`
}

// VPCLatticeV2RequestContext describes the service, target group and caller
// of a VPCLatticeV2Request.
type VPCLatticeV2RequestContext struct {
	ServiceNetworkARN string               `json:"serviceNetworkArn"`
	ServiceARN        string               `json:"serviceArn"`
	TargetGroupARN    string               `json:"targetGroupArn"`
	Identity          VPCLatticeV2Identity `json:"identity"`
	Region            string               `json:"region"`

	// TimeEpoch is the request time in microseconds since the Unix epoch,
	// as a decimal string ("1696331543569073").
	TimeEpoch string `json:"timeEpoch"`
}

// VPCLatticeV2Identity describes the caller of a VPCLatticeV2Request. Which
// fields are set depends on the service's auth type and on whether the
// caller presented a client certificate. Some sources spell keys with a
// capital X ("X509IssuerOu"), which encoding/json accepts because it
// matches keys case-insensitively.
type VPCLatticeV2Identity struct {
	SourceVPCARN   string `json:"sourceVpcArn,omitempty"`
	Type           string `json:"type,omitempty"`
	Principal      string `json:"principal,omitempty"`
	PrincipalOrgID string `json:"principalOrgId,omitempty"`
	SessionName    string `json:"sessionName,omitempty"`
	X509IssuerOU   string `json:"x509IssuerOu,omitempty"`
	X509SANDNS     string `json:"x509SanDns,omitempty"`
	X509SANNameCN  string `json:"x509SanNameCn,omitempty"`
	X509SANURI     string `json:"x509SanUri,omitempty"`
	X509SubjectCN  string `json:"x509SubjectCn,omitempty"`
}

// VPCLatticeV2Response is the response to a VPCLatticeV2Request, in the
// same shape as VPCLatticeResponse.
type VPCLatticeV2Response VPCLatticeResponse

// VPCLatticeV2Values is the headers or query map of a VPCLatticeV2Request.
// VPC Lattice sends each value either as a string or as a list of strings,
// so it is read into a list either way. A null value is an empty list.
type VPCLatticeV2Values map[string][]string

// UnmarshalJSON reads an object whose values are strings, lists of strings
// or null.
func (v *VPCLatticeV2Values) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("router: VPC Lattice v2 headers or query: %w", err)
	}
	if raw == nil {
		*v = nil
		return nil
	}
	values := make(VPCLatticeV2Values, len(raw))
	for key, r := range raw {
		list, err := unmarshalStringOrList(r)
		if err != nil {
			return fmt.Errorf("router: VPC Lattice v2 value of %q: %w", key, err)
		}
		values[key] = list
	}
	*v = values
	return nil
}

// unmarshalStringOrList reads a JSON string, list of strings or null.
func unmarshalStringOrList(r json.RawMessage) ([]string, error) {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return nil, nil
	}
	switch r[0] {
	case 'n':
		return nil, nil
	case '"':
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			return nil, err
		}
		return []string{s}, nil
	case '[':
		var list []string
		if err := json.Unmarshal(r, &list); err != nil {
			return nil, err
		}
		return list, nil
	}
	return nil, fmt.Errorf("got a JSON %s; want a string or a list of strings", jsonKind(r[0]))
}

// jsonKind names the kind of a JSON value from its first byte, for error
// messages that must not repeat a value of any size.
func jsonKind(first byte) string {
	switch first {
	case '{':
		return "object"
	case 't', 'f':
		return "boolean"
	}
	return "number"
}
