package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// On a terminal the bar is redrawn in place with bytes, rate, ETA and
// listings; without one, plain lines; with --json or --quiet, nothing.
func TestProgressOnATerminal(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, tty: true, label: "syncing", began: time.Now().Add(-2 * time.Second)}
	p.source, p.phase, p.listings = "https://feed.example", "applying", 1200
	p.bytes(5<<20, 20<<20)
	line := out.String()
	for _, want := range []string{"\r\033[K", "syncing https://feed.example", "[=====", "5.0 MB of 20.0 MB", "MB/s", "ETA ", "1200 listings read"} {
		if !strings.Contains(line, want) {
			t.Errorf("the bar lacks %q: %q", want, line)
		}
	}
	p.done()
	if !strings.HasSuffix(out.String(), "\r\033[K") {
		t.Error("done should clear the bar")
	}
}

func TestProgressWithoutATerminal(t *testing.T) {
	var out bytes.Buffer
	p := &progress{w: &out, label: "backing up", began: time.Now().Add(-time.Second)}
	p.bytes(1<<10, 4<<10)
	p.bytes(2<<10, 4<<10) // within 2 s of the last line: not printed
	if got := out.String(); strings.Count(got, "\n") != 1 || strings.Contains(got, "\033") || !strings.Contains(got, "1.0 kB of 4.0 kB") {
		t.Fatalf("plain progress: %q", got)
	}
	var quiet bytes.Buffer
	q := newProgress(Env{Stderr: &quiet}, Invocation{Quiet: true}, "syncing")
	q.bytes(1, 2)
	j := newProgress(Env{Stderr: &quiet}, Invocation{JSON: true}, "syncing")
	j.bytes(1, 2)
	if quiet.Len() != 0 {
		t.Fatalf("--quiet / --json printed progress: %q", quiet.String())
	}
}
