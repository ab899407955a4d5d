package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// noTerminalControls fails when out holds a byte or character a terminal
// would act on: ESC, BEL, other C0 controls but tab and newline, DEL, C1
// controls, bidi overrides.
func noTerminalControls(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if r == 0x1b || r == 0x07 || (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("%s writes %U at byte %d to the terminal:\n%q", what, r, i, out)
		}
	}
	if strings.Contains(out, "\xc2\x9b") || strings.Contains(out, "\x9b") {
		t.Fatalf("%s writes a C1 CSI:\n%q", what, out)
	}
}

// Issue 9: a feed's text must not drive the terminal. Listings whose name,
// developer, summary and scope description carry an OSC title change, a clear-screen
// CSI, a C1 CSI and a bidi override reach `apps search` and `apps show`
// without any of them; --json keeps the text, escaped.
func TestFeedTextCannotDriveTheTerminal(t *testing.T) {
	dir := t.TempDir()
	const attack = "\x1b]0;pwned\x07\x1b[2J\u009b2J\u202e"
	hostileName := map[string]any{"id": "ansi-name", "name": "Notes" + attack, "type": "user",
		"developer": map[string]any{"name": "Northwind" + attack, "website": "https://nw.example"}}
	hostileText := map[string]any{"id": "ansi-text", "name": "Plain Notes", "type": "user",
		"summary": "Shared notes" + attack + " for meetings.",
		"scopes":  []map[string]any{{"name": "meeting:read", "description": "See meetings" + attack}}}
	var entries []string
	for _, l := range []map[string]any{hostileName, hostileText} {
		entry := map[string]any{}
		json.Unmarshal([]byte(fmt.Sprintf(cliListing, l["id"], "x", "user")), &entry)
		for k, v := range l {
			entry[k] = v
		}
		body, _ := json.Marshal(entry)
		entries = append(entries, string(body))
	}
	path := writeFile(t, dir, "feed.json", `{"schema_version": 1, "listings": [`+strings.Join(entries, ",")+`]}`)
	home := []string{"MARKETDESK_HOME=" + filepath.Join(dir, "data")}

	// The feed validator may refuse the hostile name (and say why, also
	// without control characters); the summary and the website pass it.
	if r := marketdesk(t, home, "init", "--account", "Acme", "--name", "Olive Owner", "--email", "olive@acme.example"); r.code != 0 {
		t.Fatalf("init: %+v", r) // adding a source is for marketplace managers
	}
	r := marketdesk(t, home, "catalog", "add", path)
	noTerminalControls(t, "catalog add", r.stdout+r.stderr)
	if r.code != 0 {
		t.Fatalf("catalog add: %+v", r)
	}
	r = marketdesk(t, home, "apps", "search", "notes")
	noTerminalControls(t, "apps search", r.stdout+r.stderr)
	if r.code != 0 || !strings.Contains(r.stdout, "ansi-text") {
		t.Fatalf("apps search: %+v", r)
	}
	r = marketdesk(t, home, "apps", "show", "ansi-text")
	noTerminalControls(t, "apps show", r.stdout+r.stderr)
	if r.code != 0 || !strings.Contains(r.stdout, "Shared notes") || !strings.Contains(r.stdout, "for meetings.") {
		t.Fatalf("apps show: %+v", r)
	}
	// JSON stays JSON: the same text, its controls escaped.
	r = marketdesk(t, home, "apps", "show", "ansi-text", "--json")
	noTerminalControls(t, "apps show --json", r.stdout)
	var shown struct{ Summary string }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &shown) != nil || !strings.Contains(shown.Summary, attack) {
		t.Fatalf("apps show --json should carry the summary as it is, escaped: %+v", r)
	}
	r = marketdesk(t, home, "apps", "search", "notes", "--json")
	noTerminalControls(t, "apps search --json", r.stdout)
}
