package binder_test

import (
	"context"
	"net/netip"
	"reflect"
	"testing"

	"github.com/lambdaroute/lambdaroute/binder"
)

type userName string

// TestCallFrameBindsEveryKind binds more path parameters of each slot
// kind than a call frame holds inline, so that the values stored in the
// frame and those that spill into reflect.New are both checked.
func TestCallFrameBindsEveryKind(t *testing.T) {
	fn := func(ctx context.Context, a, b, c, d, e, f, g string, n userName, i int8, u uint64, x float32, ok bool,
		i2, i3, i4, i5 int, addr netip.Addr) []any {
		return []any{ctx != nil, a, b, c, d, e, f, g, n, i, u, x, ok, i2, i3, i4, i5, addr}
	}
	names := []string{"a", "b", "c", "d", "e", "f", "g", "n", "i", "u", "x", "ok", "i2", "i3", "i4", "i5", "addr"}
	in := &binder.Input{PathValues: []string{"a1", "b2", "c3", "d4", "e5", "f6", "g7", "ann",
		"-8", "18446744073709551615", "1.5", "yes", "2", "3", "4", "5", "10.0.0.1"}}
	got, err := call(t, fn, names, in)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	want := []any{true, "a1", "b2", "c3", "d4", "e5", "f6", "g7", userName("ann"), int8(-8), uint64(18446744073709551615),
		float32(1.5), true, 2, 3, 4, 5, netip.MustParseAddr("10.0.0.1")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}
