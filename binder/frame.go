package binder

import (
	"context"
	"reflect"
	"unsafe"
)

// frameSize is how many arguments, and how many path parameters of each
// slot kind, a callFrame holds inline. Handlers with more arguments get a
// separate slice, and further path parameters their own reflect.New.
const frameSize = 6

// callFrame is the memory that binding one call needs: the argument
// Values, and the context and path parameter values that they point to.
// It is one allocation per call. Binding each argument into a reflect.New
// of its own took one allocation per argument, and the context took one
// more, because taking its address moved it to the heap.
type callFrame struct {
	args    []reflect.Value
	argsBuf [frameSize]reflect.Value
	ctx     context.Context
	strs    [frameSize]string
	words   [frameSize]uint64
	nStrs   int
	nWords  int
}

func newCallFrame(n int) *callFrame {
	f := &callFrame{}
	if n <= frameSize {
		f.args = f.argsBuf[:n]
	} else {
		f.args = make([]reflect.Value, n)
	}
	return f
}

// slotKind is the place in a callFrame where a path parameter argument is
// stored.
type slotKind uint8

const (
	slotNew    slotKind = iota // a reflect.New of its own
	slotString                 // an entry of strs: any type of string kind
	slotWord                   // an entry of words: a bool or number kind, at most 8 bytes and free of pointers
)

// slotKindOf returns the slot for a path parameter of type t.
func slotKindOf(t reflect.Type) slotKind {
	switch t.Kind() {
	case reflect.String:
		return slotString
	case reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return slotWord
	}
	return slotNew
}

// slot returns a settable zero Value of a's type, in the frame's memory
// when a's slot kind and the frame's free entries allow. reflect.NewAt is
// sound here for two reasons. An entry of strs has the layout of every
// string kind. An entry of words has the size and alignment of every bool
// and number kind and holds no pointers, as none of those kinds do.
func (f *callFrame) slot(a *Arg) reflect.Value {
	switch {
	case a.slot == slotString && f.nStrs < len(f.strs):
		p := unsafe.Pointer(&f.strs[f.nStrs])
		f.nStrs++
		return reflect.NewAt(a.Type, p).Elem()
	case a.slot == slotWord && f.nWords < len(f.words):
		p := unsafe.Pointer(&f.words[f.nWords])
		f.nWords++
		return reflect.NewAt(a.Type, p).Elem()
	}
	return reflect.New(a.Type).Elem()
}
