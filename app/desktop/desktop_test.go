package desktop

import (
	"regexp"
	"testing"
)

func TestInstanceIDIsPerDataDirectory(t *testing.T) {
	a, b := InstanceID("/home/ann/.local/share/marketdesk"), InstanceID("/tmp/other")
	if a == b {
		t.Fatal("two data directories must not share a single-instance lock")
	}
	if a != InstanceID("/home/ann/.local/share/marketdesk") {
		t.Fatal("the same data directory must always give the same lock")
	}
	// Wails turns the id into a D-Bus name: letters, digits, dots, no leading digit per element.
	if !regexp.MustCompile(`^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$`).MatchString(a) {
		t.Fatalf("id %q is not a valid reverse-DNS name", a)
	}
}
