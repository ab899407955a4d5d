package main_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"marketdesk/server/db/pgtest"
)

var binary struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binary.path != "" {
		os.RemoveAll(filepath.Dir(binary.path))
	}
	os.Exit(code)
}

// build compiles the server once, the way it ships: CGO_ENABLED=0.
func build(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "marketdesk-server-test")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "marketdesk-server")
		cmd := exec.Command("go", "build", "-o", binary.path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		binary.out, binary.err = cmd.CombinedOutput()
	})
	if binary.err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", binary.err, binary.out)
	}
	return binary.path
}

// The server runs where no desktop libraries are installed: it must link
// neither Wails nor anything that needs WebKit/GTK or cgo.
func TestLinksNoDesktopPackages(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		lower := strings.ToLower(pkg)
		for _, banned := range []string{"wails", "webkit", "gtk", "marketdesk/app/desktop", "go-keyring"} {
			if strings.Contains(lower, banned) {
				t.Errorf("marketdesk-server links %s", pkg)
			}
		}
	}
}

func TestServesUntilSIGTERM(t *testing.T) {
	t.Parallel()
	bin := build(t)
	dsn := pgtest.NewDatabase(t)
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "MARKETDESK_SERVER_DATABASE_URL="+dsn)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan map[string]any, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) != nil {
				m = map[string]any{"msg": "NOT JSON: " + sc.Text()}
			}
			lines <- m
		}
		close(lines)
	}()
	addr := waitFor(t, lines, "listening")["address"].(string)

	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz of a freshly started server = %d %s (it migrates at start)", resp.StatusCode, body)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, lines, "stopped")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v, want status 0", err)
	}
}

func TestBadConfigurationExitsWithStatus2(t *testing.T) {
	t.Parallel()
	bin := build(t)
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")} // no database URL anywhere
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "database_url is not set") {
		t.Fatalf("exit = %v, output %q; want status 2 saying database_url is not set", err, out)
	}
}

func waitFor(t *testing.T, lines <-chan map[string]any, msg string) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the server exited before logging %q", msg)
			}
			if l["msg"] == msg {
				return l
			}
			if l["level"] == "ERROR" || strings.HasPrefix(l["msg"].(string), "NOT JSON") {
				t.Fatalf("server log: %v", l)
			}
		case <-ctx.Done():
			t.Fatalf("the server did not log %q within a minute", msg)
		}
	}
}
