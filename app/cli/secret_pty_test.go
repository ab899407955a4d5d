//go:build linux

package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"marketdesk/app/cli/ptytest"
)

// A secret typed at a terminal is not echoed: someone looking at the screen
// (or a terminal recording) never sees it.
func TestSecretTypedAtATerminalIsNotEchoed(t *testing.T) {
	master, tty := ptytest.Open(t)
	var prompt bytes.Buffer
	in := newSecretInput(tty, &prompt)
	type answer struct {
		value string
		err   error
	}
	done := make(chan answer, 1)
	go func() {
		v, err := in.read("api_key", "API key")
		done <- answer{v, err}
	}()
	// Type only once echo is off, as a person would after the prompt.
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err == nil && st.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("echo was never turned off")
		}
		time.Sleep(5 * time.Millisecond)
	}
	master.Write([]byte("sk_typed_secret\n"))
	got := <-done
	if got.err != nil || got.value != "sk_typed_secret" {
		t.Fatalf("read = %q, %v", got.value, got.err)
	}
	if !strings.Contains(prompt.String(), "API key") {
		t.Fatalf("no prompt: %q", prompt.String())
	}
	// What the terminal showed: read without blocking, after a moment.
	time.Sleep(200 * time.Millisecond)
	fd := int(master.Fd())
	if err := unix.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	echoed := make([]byte, 4096)
	n, _ := unix.Read(fd, echoed)
	if n > 0 && strings.Contains(string(echoed[:n]), "sk_typed") {
		t.Fatalf("the terminal echoed the secret: %q", echoed[:n])
	}
	if st, _ := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS); st.Lflag&unix.ECHO == 0 {
		t.Fatal("echo was not turned back on")
	}
}
