// Package readmap provides a map for values that are computed once per key
// and then read on every request, such as one entry per route template.
package readmap

import (
	"sync"
	"sync/atomic"
)

// Map is a copy-on-write map. Readers load the current snapshot without a
// lock. A key that is missing is added under a mutex, by publishing a copy
// of the snapshot with the new entry, so adding costs O(n). It suits small
// key sets that stop growing once every route has been seen. The zero Map
// is empty and ready to use.
type Map[K comparable, V any] struct {
	snapshot atomic.Pointer[map[K]V]
	mu       sync.Mutex
}

// Get returns the value stored for key. For a new key it calls create once,
// under the mutex, and stores the result.
func (m *Map[K, V]) Get(key K, create func() V) V {
	if current := m.snapshot.Load(); current != nil {
		if v, ok := (*current)[key]; ok {
			return v
		}
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	var current map[K]V
	if p := m.snapshot.Load(); p != nil {
		current = *p
	}
	if v, ok := current[key]; ok {
		return v
	}

	v := create()
	next := make(map[K]V, len(current)+1)
	for k, old := range current {
		next[k] = old
	}
	next[key] = v
	m.snapshot.Store(&next)
	return v
}
