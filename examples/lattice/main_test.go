package main

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/lambdaroute/lambdaroute/router"
)

func readEvent(t *testing.T, name string, event any) {
	t.Helper()
	payload, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(payload, event); err != nil {
		t.Fatal(err)
	}
}

func TestGetItemV2RecordsCaller(t *testing.T) {
	app := router.NewVPCLatticeV2Resolver()
	app.Include(routes(), "")
	var event router.VPCLatticeV2Request
	readEvent(t, "get-item-v2.json", &event)

	resp, err := app.Resolve(context.Background(), event)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"sku":"SKU-1","quantity":12,"caller":"arn:aws:sts::123456789012:assumed-role/orders-service/i-0123456789abcdef0"}`
	if resp.StatusCode != 200 || resp.Body != want {
		t.Errorf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
	}
	if resp.StatusDescription != "" {
		t.Errorf("statusDescription = %q; Resolve leaves it empty for VPC Lattice", resp.StatusDescription)
	}
}

func TestReserveV1Base64Body(t *testing.T) {
	app := router.NewVPCLatticeResolver()
	app.Include(routes(), "")
	var event router.VPCLatticeRequest
	readEvent(t, "reserve-v1.json", &event)

	resp, err := app.Resolve(context.Background(), event)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"sku":"SKU-1","quantity":7}`
	if resp.StatusCode != 200 || resp.Body != want {
		t.Errorf("got %d %s, want 200 %s", resp.StatusCode, resp.Body, want)
	}
}

func TestUnknownSKUInvoke(t *testing.T) {
	app := router.NewVPCLatticeV2Resolver()
	app.Include(routes(), "")
	payload := []byte(`{"version":"2.0","path":"/items/SKU-404","method":"GET","headers":{},"body":"","isBase64Encoded":false,"requestContext":{}}`)
	raw, err := app.Invoke(context.Background(), payload)
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		StatusCode int               `json:"statusCode"`
		Headers    map[string]string `json:"headers"`
		Body       string            `json:"body"`
		Cookies    []string          `json:"cookies"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if out.StatusCode != 404 || out.Body != `{"statusCode":404,"message":"unknown SKU SKU-404"}` {
		t.Errorf("got %d %s", out.StatusCode, out.Body)
	}
	if out.Cookies == nil {
		t.Error(`cookies is null; want [] as in the other payload 2.0 shapes`)
	}
}

func TestNewServerPicksVersion(t *testing.T) {
	if _, ok := newServer("1").(*router.VPCLatticeResolver); !ok {
		t.Error(`newServer("1") is not a version 1 resolver`)
	}
	if _, ok := newServer("").(*router.VPCLatticeV2Resolver); !ok {
		t.Error(`newServer("") is not a version 2 resolver`)
	}
}
