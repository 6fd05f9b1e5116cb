// Package hostile_test sends hostile and malformed input through every
// entry point of lambdaroute (Resolve, Invoke, ServeHTTP) and every event
// source, and provokes faults (panics, handlers past their deadline,
// response headers that would split a response). TestHostileTable turns
// its cases into the table in docs/reliability.md, so that the document
// always shows how the code responds; regenerate it with
//
//	go test ./tests/hostile -update
package hostile_test

import (
	"flag"
	"testing"

	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite the hostile input table in docs/reliability.md from the test cases")

// TestMain fails the run when a test leaves a goroutine behind, such as a
// handler that outlived its deadline.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
