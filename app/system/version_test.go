package system

import "testing"

// The version people read carries the commit it was built from; a build
// without one (go build, go test) shows the version alone.
func TestVersionLine(t *testing.T) {
	defer func(v, c string) { Version, Commit = v, c }(Version, Commit)
	Version, Commit = "0.1.0", "0b29c75387"
	if got := VersionLine(); got != "0.1.0 (commit 0b29c75387)" {
		t.Fatalf("VersionLine() = %q", got)
	}
	Commit = ""
	if got := VersionLine(); got != "0.1.0" {
		t.Fatalf("without a commit: %q", got)
	}
}
