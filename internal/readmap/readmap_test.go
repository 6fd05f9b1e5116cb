package readmap_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"

	"github.com/lambdaroute/lambdaroute/internal/readmap"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestGetCreatesOncePerKey(t *testing.T) {
	var m readmap.Map[string, int]
	var calls atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		for _, key := range []string{"a", "b", "c"} {
			wg.Go(func() {
				got := m.Get(key, func() int {
					calls.Add(1)
					return len(key) * 10
				})
				if got != 10 {
					t.Errorf("Get(%q) = %d, want 10", key, got)
				}
			})
		}
	}
	wg.Wait()
	if n := calls.Load(); n != 3 {
		t.Errorf("create calls = %d, want 3, one per key", n)
	}
}

func TestGetKeepsEarlierEntries(t *testing.T) {
	var m readmap.Map[int, string]
	m.Get(1, func() string { return "one" })
	m.Get(2, func() string { return "two" })
	got := m.Get(1, func() string {
		t.Error("create called for a key that is already stored")
		return ""
	})
	if got != "one" {
		t.Errorf("Get(1) = %q, want one", got)
	}
}
