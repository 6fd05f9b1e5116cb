// Package e2e_test checks lambdaroute from the outside: the quickstart
// binary under the AWS Lambda runtime interface emulator and as a local
// HTTP server, and resolvers in-process on the shared sample events.
//
// go test -short skips the tests that run the emulator, and the tests that
// start binaries run only on Linux.
package e2e_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// rieModule is the only version of the emulator that the Go module proxy
// serves. Its tagged releases, such as v1.23.0, are not served.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

var (
	// repoRoot is the repository's root folder, an absolute path.
	repoRoot string

	// binDir contains the binaries that the tests build. TestMain removes
	// it when the tests end.
	binDir string
)

func TestMain(m *testing.M) {
	// testing.Short needs the flags parsed, and m.Run parses them too late.
	flag.Parse()
	os.Exit(runTests(m))
}

// runTests prepares the binaries' folder and the emulator, runs the tests,
// and checks that no goroutine outlived them.
func runTests(m *testing.M) int {
	root, err := filepath.Abs("../..")
	if err == nil {
		err = checkRepoRoot(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	repoRoot = root

	binDir, err = os.MkdirTemp("", "lambdaroute-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: creating a folder for test binaries failed:", err)
		return 1
	}
	defer os.RemoveAll(binDir)

	if !testing.Short() && runtime.GOOS == "linux" {
		if err := ensureEmulator(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
	}

	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: goroutines still running after the tests:", err)
			return 1
		}
	}
	return code
}

// checkRepoRoot confirms that root is this module's root folder.
func checkRepoRoot(root string) error {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return fmt.Errorf("reading the repository's go.mod failed: %w; run the tests from tests/e2e with go test", err)
	}
	if !strings.Contains(string(mod), "module github.com/lambdaroute/lambdaroute\n") {
		return fmt.Errorf("%s/go.mod is not the lambdaroute module", root)
	}
	return nil
}

// emulatorPath returns where the emulator binary is installed.
func emulatorPath() string {
	return filepath.Join(repoRoot, ".bin", "aws-lambda-rie")
}

// ensureEmulator installs the emulator into .bin unless it is there.
func ensureEmulator() error {
	info, err := os.Stat(emulatorPath())
	if err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
		return nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("checking for the emulator at %s failed: %w", emulatorPath(), err)
	}
	fmt.Fprintf(os.Stderr, "e2e: installing the Lambda runtime interface emulator into %s\n", filepath.Dir(emulatorPath()))
	cmd := exec.Command("go", "install", rieModule)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOBIN="+filepath.Dir(emulatorPath()))
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go install %s failed: %w\n%s", rieModule, err, out)
	}
	return nil
}

// builds caches one build per package, so that every test that needs a
// binary shares it.
var builds sync.Map // package path -> *buildResult

type buildResult struct {
	once sync.Once
	path string
	err  error
}

// buildLinuxBinary builds the main package at pkg (relative to the
// repository root) for Linux without cgo, as a Lambda custom runtime
// needs, and returns the binary's path.
func buildLinuxBinary(t *testing.T, pkg string) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("runs %s as a Linux binary, with Linux process groups and /proc; run it on Linux", pkg)
	}
	v, _ := builds.LoadOrStore(pkg, &buildResult{})
	b := v.(*buildResult)
	b.once.Do(func() {
		dir := filepath.Join(binDir, strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "_"))
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.err = err
			return
		}
		// The emulator runs a file named bootstrap, as Lambda does.
		b.path = filepath.Join(dir, "bootstrap")
		cmd := exec.Command("go", "build", "-o", b.path, pkg)
		cmd.Dir = repoRoot
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s failed: %w\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatalf("building %s: %v", pkg, b.err)
	}
	return b.path
}
