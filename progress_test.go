package main

import (
	"strings"
	"testing"
)

// Long work shows progress on standard error when it is not a terminal, and
// nothing with --json or --quiet (stdout keeps only the result).
func TestProgressLinesOfLongWork(t *testing.T) {
	home := []string{"MARKETDESK_HOME=" + t.TempDir()}
	r := marketdesk(t, home, "catalog", "sync")
	if r.code != 0 || !strings.Contains(r.stderr, "syncing the embedded catalog") || strings.Contains(r.stderr, "\033") {
		t.Fatalf("catalog sync without a terminal: %+v", r)
	}
	if r := marketdesk(t, home, "catalog", "sync", "--json"); r.code != 0 || r.stderr != "" {
		t.Fatalf("catalog sync --json printed more than the object: %+v", r)
	}
	backup := t.TempDir() + "/copy.db"
	if r := marketdesk(t, home, "backup", backup, "--quiet"); r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "backed up") {
		t.Fatalf("backup --quiet: %+v", r)
	}
}
