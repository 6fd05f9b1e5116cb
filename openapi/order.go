package openapi

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lambdaroute/lambdaroute/binder"
)

// fieldOrder sorts the problems found in one JSON value into the order of
// the Go struct fields, which is the order pydantic reports them in. The
// validator visits object properties in map order, so without sorting
// two runs on the same input could list the same problems differently.
type fieldOrder struct {
	root       *Schema
	components map[string]*Schema // the components root refers to
}

// sort orders d by field position, then by loc and type. Each loc starts
// with skip elements (such as "body") that are not field names.
func (o fieldOrder) sort(d []binder.ValidationDetail, skip int) {
	if len(d) < 2 {
		return
	}
	type keyed struct {
		key    []int
		text   string
		detail binder.ValidationDetail
	}
	items := make([]keyed, len(d))
	for i, item := range d {
		items[i] = keyed{key: o.key(item.Loc[min(skip, len(item.Loc)):]), text: fmt.Sprint(item.Loc), detail: item}
	}
	slices.SortStableFunc(items, func(a, b keyed) int {
		if c := slices.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := strings.Compare(a.text, b.text); c != 0 {
			return c
		}
		return cmp.Compare(a.detail.Type, b.detail.Type)
	})
	for i := range items {
		d[i] = items[i].detail
	}
}

// key returns the position of each loc element: the index of a property
// among its struct's properties, or the index in an array. Names the
// schema does not list, such as extra fields and map keys, sort last.
func (o fieldOrder) key(loc []any) []int {
	key := make([]int, 0, len(loc))
	s := o.root
	for _, seg := range loc {
		s = o.deref(s)
		switch seg := seg.(type) {
		case int:
			key = append(key, seg)
			if s != nil {
				s = s.Items
			}
		case string:
			pos, next := math.MaxInt32, (*Schema)(nil)
			if s != nil && s.Properties != nil {
				i := 0
				for name, prop := range s.Properties.FromOldest() {
					if name == seg {
						pos, next = i, prop
						break
					}
					i++
				}
			}
			if next == nil && s != nil {
				next = s.AdditionalProperties
			}
			key = append(key, pos)
			s = next
		}
	}
	return key
}

// deref follows $ref and the non-null branch of a nullable field.
func (o fieldOrder) deref(s *Schema) *Schema {
	for i := 0; s != nil && i < 32; i++ {
		switch {
		case s.Ref != "":
			s = o.components[strings.TrimPrefix(s.Ref, componentRef)]
		case len(s.AnyOf) == 2 && s.AnyOf[1] != nil && s.AnyOf[1].Type == "null":
			s = s.AnyOf[0]
		default:
			return s
		}
	}
	return s
}
