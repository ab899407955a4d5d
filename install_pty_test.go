//go:build linux

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"marketdesk/app/cli/ptytest"
)

// At a terminal, install asks for the confirmation, then for each field of
// the app's form, and saves them: the app is active without a configure.
func TestInstallAtATerminalAsksAndConfigures(t *testing.T) {
	home := newInstallHome(t)
	master, tty := ptytest.Open(t)
	raw, _ := json.Marshal([]string{"install", formApp})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), "MARKETDESK_AS_CLI="+string(raw), browserEnv(t, "allow")), home...)
	cmd.Stdin = tty
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	// Typed ahead: the terminal hands them over one line per read. The
	// fields are notebook (required), share_with_guests, export_format.
	master.Write([]byte("y\nWork\ntrue\n\n"))
	if err := cmd.Run(); err != nil {
		t.Fatalf("install at a terminal: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	for _, want := range []string{"Install Tidepool Notes? [y/N]", "(required)"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("no %q in:\n%s", want, errOut.String())
		}
	}
	if !strings.Contains(out.String(), "installed; status active") {
		t.Fatalf("the answers should make the app active: %s\n%s", out.String(), errOut.String())
	}
}
