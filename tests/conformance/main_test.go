// Package conformance_test replays the Powertools for AWS Lambda (Python)
// event handler conformance cases and the collected bug reports against
// lambdaroute, through every entry point and, where a case applies to more
// than one, every event source.
//
// The cases, their event files and the expected outputs live in the shared
// folder next to this repository (../../../shared from here): the sample
// events under events/powertools and the bug-report events under cases.
package conformance_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run when a test leaves a goroutine behind, such as an
// async handler that ResolveAsync or a middleware never waited for.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
