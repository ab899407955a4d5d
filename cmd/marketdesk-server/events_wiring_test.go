package main_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"marketdesk/server/db/pgtest"
)

// The live-update hub starts with the server, its route is mounted behind
// sign-in, and it stops with the server.
func TestServesTheEventStream(t *testing.T) {
	t.Parallel()
	bin := build(t)
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "MARKETDESK_SERVER_DATABASE_URL="+pgtest.NewDatabase(t))
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
	// The hub and the HTTP listener start side by side: either may log first.
	var addr string
	hubListens := false
	for addr == "" || !hubListens {
		l := waitForAny(t, lines, "listening", "live updates: listening for new events")
		if a, ok := l["address"].(string); ok {
			addr = a
		} else {
			hubListens = true
		}
	}

	resp, err := http.Get("http://" + addr + "/api/v1/events")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/events without a token = %d, want 401 (the route must be mounted behind sign-in)", resp.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, lines, "stopped")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v, want status 0", err)
	}
}

func waitForAny(t *testing.T, lines <-chan map[string]any, msgs ...string) map[string]any {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the server exited before logging any of %q", msgs)
			}
			if msg, _ := l["msg"].(string); slices.Contains(msgs, msg) {
				return l
			}
			if l["level"] == "ERROR" {
				t.Fatalf("server log: %v", l)
			}
		case <-timeout:
			t.Fatalf("the server logged none of %q within a minute", msgs)
		}
	}
}
