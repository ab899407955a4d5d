package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 16, acceptance 3: the completion scripts load in bash, zsh and fish.
func TestCompletionScriptsParse(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := marketdesk(t, nil, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "__complete") {
			t.Fatalf("completion %s: %+v", shell, r)
		}
		if _, err := exec.LookPath(shell); err != nil {
			t.Fatalf("%s is missing: scripts/deps.sh test installs it", shell)
		}
		script := writeFile(t, t.TempDir(), "marketdesk."+shell, r.stdout)
		if out, err := exec.Command(shell, "-n", script).CombinedOutput(); err != nil {
			t.Errorf("%s -n refuses the script: %v\n%s", shell, err, out)
		}
	}
	if r := marketdesk(t, nil, "completion", "tcsh"); r.code != 2 || !strings.Contains(r.stderr, "bash, zsh or fish") {
		t.Fatalf("completion of an unknown shell: %+v", r)
	}
}

// bash completes commands, subcommands and app ids of the local catalog
// through the real script and the real binary (as "marketdesk" on PATH).
func TestBashCompletesAnAppID(t *testing.T) {
	dir := t.TempDir()
	home := []string{"MARKETDESK_HOME=" + dir}
	if r := marketdesk(t, home, "catalog", "sync"); r.code != 0 {
		t.Fatalf("catalog sync: %+v", r)
	}
	bin := t.TempDir()
	writeFile(t, bin, "marketdesk", "#!/bin/sh\nMARKETDESK_AS_CLI=argv exec "+os.Args[0]+" \"$@\"\n")
	os.Chmod(filepath.Join(bin, "marketdesk"), 0o755)
	script := writeFile(t, t.TempDir(), "marketdesk.bash", marketdesk(t, nil, "completion", "bash").stdout)

	complete := func(words ...string) []string {
		t.Helper()
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		prog := "source " + script + "\nCOMP_WORDS=(marketdesk " + strings.Join(quoted, " ") + ")\n" +
			"COMP_CWORD=" + string(rune('0'+len(words))) + "\n_marketdesk\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.Command("bash", "--norc", "-c", prog)
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "MARKETDESK_HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash completion of %v: %v\n%s", words, err, out)
		}
		return strings.Fields(string(out))
	}
	if got := complete("install", "tidepool"); strings.Join(got, " ") != "tidepool-notes" {
		t.Errorf("install tidepool<TAB> = %q, want tidepool-notes", got)
	}
	other := t.TempDir()
	if got := complete("--data-dir", other, "install", "tidepool"); len(got) != 0 {
		t.Errorf("install tidepool<TAB> in an empty --data-dir = %q, want nothing", got)
	}
	if got := complete("approvals", "bl"); strings.Join(got, " ") != "block" {
		t.Errorf("approvals bl<TAB> = %q, want block", got)
	}
	if got := complete("install", "--no"); strings.Join(got, " ") != "--no-browser" {
		t.Errorf("install --no<TAB> = %q, want --no-browser", got)
	}
	if got := complete("ins"); strings.Join(got, " ") != "install installed" {
		t.Errorf("ins<TAB> = %q, want install installed", got)
	}
}

// The man page is roff generated from the command definitions.
func TestManPage(t *testing.T) {
	r := marketdesk(t, nil, "man")
	for _, want := range []string{".TH MARKETDESK 1", "marketdesk install APP_ID [\\-\\-yes] [\\-\\-no\\-browser]", ".SH EXIT STATUS"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("man lacks %q: %+v", want, r)
		}
	}
	if strings.Contains(r.stdout, "__complete") {
		t.Error("the man page shows the hidden __complete")
	}
}
