package openapi_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run when a test leaves a goroutine behind, such as
// one of the browser's connection readers.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
