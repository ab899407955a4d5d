package scale

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"marketdesk/server/auth/authtest"
)

// replica is one marketdesk-server process on a loopback port.
type replica struct {
	name string
	base string // http://127.0.0.1:port
	cmd  *exec.Cmd
	stop func() // SIGTERM, then kill after 5 s; once
}

// buildServer builds ./cmd/marketdesk-server as the product ships it
// (CGO_ENABLED=0) into the benchmark's temporary directory.
func buildServer(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "marketdesk-server")
	cmd := exec.Command("go", "build", "-o", bin, "marketdesk/cmd/marketdesk-server")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build marketdesk-server: %v\n%s", err, out)
	}
	return bin
}

// startReplica runs the server on dsn with sign-in off but the token
// audience of authtest, so tokens minted in the database are accepted. Logs
// at warn: an access log line per poll would cost more than the poll.
func startReplica(b *testing.B, bin, name, dsn string) *replica {
	b.Helper()
	port := freePort(b)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"MARKETDESK_SERVER_DATABASE_URL="+dsn,
		"MARKETDESK_SERVER_LISTEN=127.0.0.1:"+strconv.Itoa(port),
		"MARKETDESK_SERVER_LOG_LEVEL=warn",
		"MARKETDESK_SERVER_SHUTDOWN_TIMEOUT=2s",
		"MARKETDESK_SERVER_AUTH_PUBLIC_URL="+authtest.Audience)
	logFile, err := os.Create(filepath.Join(b.TempDir(), name+".log"))
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		b.Fatalf("start replica %s: %v", name, err)
	}
	r := &replica{name: name, base: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	r.stop = sync.OnceFunc(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if b.Failed() {
			out, _ := os.ReadFile(logFile.Name())
			b.Logf("replica %s log:\n%s", name, tail(string(out), 4000))
		}
	})
	b.Cleanup(r.stop)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(r.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return r
			}
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logFile.Name())
			b.Fatalf("replica %s not ready after 60 s: %v\n%s", name, err, tail(string(out), 4000))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(b *testing.B) int {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// rssKB is a process's resident set (VmRSS) in KB.
func rssKB(b *testing.B, pid int) int64 {
	b.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb
		}
	}
	b.Fatalf("no VmRSS for pid %d", pid)
	return 0
}

// cpuTicks is a process's user + system CPU time in clock ticks (100 Hz on
// Linux), and its parent's pid (fields 14, 15 and 4 of /proc/PID/stat).
func cpuTicks(pid int) (ticks int64, ppid int, err error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	s := string(raw)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // the command may hold spaces
	ppid, _ = strconv.Atoi(fields[1])
	u, _ := strconv.ParseInt(fields[11], 10, 64)
	k, _ := strconv.ParseInt(fields[12], 10, 64)
	return u + k, ppid, nil
}

const ticksPerSecond = 100

// postgresTicks is the CPU time of the cluster: its postmaster (whose pid
// is the first line of postmaster.pid in the data directory next to the
// socket that MARKETDESK_TEST_PG names) and every child (backends, workers).
// Other helpers' clusters on the machine are not counted.
func postgresTicks(b *testing.B, socketDir string) int64 {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join(socketDir, "data", "postmaster.pid"))
	if err != nil {
		b.Logf("PostgreSQL CPU not measured: %v", err)
		return 0
	}
	master, _ := strconv.Atoi(strings.SplitN(string(raw), "\n", 2)[0])
	total, _, _ := cpuTicks(master)
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if t, ppid, err := cpuTicks(pid); err == nil && ppid == master {
			total += t
		}
	}
	return total
}
