package e2e_test

// This file starts and stops the programs under test: each runs in a
// process group of its own, writes its output to a file, and is stopped
// with SIGTERM, then SIGKILL, so that no test leaves a process behind.

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	// stopGrace is how long a process gets to exit after SIGTERM before it
	// is killed.
	stopGrace = 5 * time.Second

	// readyTimeout bounds the wait for a server to start listening. It is
	// generous because CI builds and tests other packages at the same time
	// on two cores.
	readyTimeout = 20 * time.Second

	// pollInterval is the pause between readiness checks.
	pollInterval = 50 * time.Millisecond
)

// process is a program started by a test.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string

	// exited is closed once the process has exited and been waited for;
	// waitErr is then its exit status.
	exited  chan struct{}
	waitErr error

	// binaries are the executables whose processes must all be gone once
	// this one is stopped, including any that it started itself.
	binaries []string

	stopOnce sync.Once
}

// startProcess starts exe with args and env in a new process group, with
// stdout and stderr going to a log file, and stops it when the test ends.
// binaries lists every executable that the process runs, exe included.
func startProcess(t *testing.T, name, exe string, args, env, binaries []string) *process {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("creating the log file of %s failed: %v", name, err)
	}
	defer logFile.Close()

	cmd := exec.Command(exe, args...)
	cmd.Dir = filepath.Dir(exe)
	cmd.Env = env
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s (%s) failed: %v", name, exe, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, exited: make(chan struct{}), binaries: binaries}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.stop(t)
		if t.Failed() {
			t.Logf("output of %s:\n%s", name, p.output())
		}
	})
	return p
}

// output returns what the process has written so far.
func (p *process) output() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(reading %s failed: %v)", p.logPath, err)
	}
	return string(b)
}

// running reports whether the process has not exited yet.
func (p *process) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM to the process group, kills the group if it is still
// there after stopGrace, and then checks that no process of p.binaries is
// left, killing and reporting any that is. It returns the exit status.
func (p *process) stop(t *testing.T) error {
	t.Helper()
	p.stopOnce.Do(func() {
		pgid := p.cmd.Process.Pid
		if p.running() {
			_ = syscall.Kill(-pgid, syscall.SIGTERM)
		}
		select {
		case <-p.exited:
		case <-time.After(stopGrace):
			t.Errorf("%s did not exit within %v of SIGTERM; killing its process group %d", p.name, stopGrace, pgid)
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			select {
			case <-p.exited:
			case <-time.After(stopGrace):
				t.Errorf("%s (pid %d) is still running after SIGKILL", p.name, pgid)
			}
		}
		leftovers := waitGone(p.binaries, stopGrace)
		for _, pid := range leftovers {
			t.Errorf("process %d of %s is still running after %s exited; killing it", pid, p.binaries, p.name)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		if len(leftovers) > 0 {
			if pids := waitGone(p.binaries, stopGrace); len(pids) > 0 {
				t.Errorf("processes %v of %s are still running after SIGKILL", pids, p.binaries)
			}
		}
	})
	return p.waitErr
}

// waitGone waits up to timeout for every process running one of binaries
// to end, and returns the pids still running then.
func waitGone(binaries []string, timeout time.Duration) []int {
	deadline := time.Now().Add(timeout)
	for {
		pids := processesRunning(binaries)
		if len(pids) == 0 || time.Now().After(deadline) {
			return pids
		}
		time.Sleep(pollInterval)
	}
}

// processesRunning returns the pids of the processes whose executable is
// one of binaries, read from /proc. An exited process that is not yet
// reaped has no executable link and is not counted.
func processesRunning(binaries []string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil {
			continue
		}
		exe = strings.TrimSuffix(exe, " (deleted)")
		for _, b := range binaries {
			if exe == b {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
// It never returns 8080 or 9001, the emulator's and the local server's
// default ports, which other programs on the machine may take at any time.
func freePort(t *testing.T) int {
	t.Helper()
	for range 10 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("finding a free port on 127.0.0.1 failed: %v", err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		if err := ln.Close(); err != nil {
			t.Fatalf("closing the port probe failed: %v", err)
		}
		if port != 8080 && port != 9001 {
			return port
		}
	}
	t.Fatalf("the kernel kept handing out port 8080 or 9001")
	return 0
}

// waitListening polls addr until it accepts a TCP connection, failing the
// test if p exits first or readyTimeout passes.
func waitListening(t *testing.T, p *process, addr string) {
	t.Helper()
	deadline := time.Now().Add(readyTimeout)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		if !p.running() {
			t.Fatalf("%s exited (%v) before listening on %s", p.name, p.waitErr, addr)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is not listening on %s after %v: %v", p.name, addr, readyTimeout, err)
		}
		time.Sleep(pollInterval)
	}
}

// waitOutput polls p's output until it contains marker and returns the
// line that holds it, failing the test if p exits first or readyTimeout
// passes.
func waitOutput(t *testing.T, p *process, marker string) string {
	t.Helper()
	deadline := time.Now().Add(readyTimeout)
	for {
		out := p.output()
		if i := strings.Index(out, marker); i >= 0 {
			start := strings.LastIndexByte(out[:i], '\n') + 1
			end := strings.IndexByte(out[i:], '\n')
			if end >= 0 {
				return out[start : i+end]
			}
		}
		if !p.running() {
			t.Fatalf("%s exited (%v) before writing %q", p.name, p.waitErr, marker)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not write %q within %v", p.name, marker, readyTimeout)
		}
		time.Sleep(pollInterval)
	}
}

// childEnv returns the test's environment for a child process, without
// the variables that would change how a lambdaroute binary or the
// emulator starts, plus extra.
func childEnv(extra ...string) []string {
	dropped := []string{"AWS_LAMBDA_RUNTIME_API=", "AWS_LAMBDA_MAX_CONCURRENCY=", "AWS_LAMBDA_FUNCTION_TIMEOUT=",
		"LAMBDAROUTE_SOURCE=", "PORT=", "POWERTOOLS_DEV="}
	var env []string
	for _, kv := range os.Environ() {
		keep := true
		for _, prefix := range dropped {
			if strings.HasPrefix(kv, prefix) {
				keep = false
			}
		}
		if keep {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}
