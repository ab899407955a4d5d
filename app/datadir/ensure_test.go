//go:build unix

package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"marketdesk/app/apperr"
)

// Another OS user must not list or read the data directory: one an older
// Marketdesk (or the person) made 0755 is narrowed to 0700 on start.
func TestExistingWorldReadableDataDirectoryBecomesPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "marketdesk")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // whatever the umask
	if err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Fatalf("mode %o after Ensure, want 700", info.Mode().Perm())
	}
	fresh := filepath.Join(t.TempDir(), "new", "marketdesk")
	if err := Ensure(fresh); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(fresh); info.Mode().Perm() != 0o700 {
		t.Fatalf("a new data directory has mode %o, want 700", info.Mode().Perm())
	}
}

// A data directory owned by another user (say one planted in a shared
// place, or another person's) is refused with the owner and the fix, and is
// left as it was. As root the test hands the directory to nobody; otherwise
// it pretends to be another uid through the seam.
func TestDataDirectoryOwnedByAnotherUserIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "theirs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	owner := 65534 // nobody
	if os.Getuid() == 0 {
		if err := os.Chown(dir, owner, owner); err != nil {
			t.Fatal(err)
		}
	} else {
		owner = os.Getuid()
		me := owner + 1
		currentUID = func() int { return me }
		t.Cleanup(func() { currentUID = os.Getuid })
	}
	err := Ensure(dir)
	var foreign *ForeignOwnerError
	if !errors.As(err, &foreign) || apperr.CodeOf(err) != apperr.Forbidden || foreign.Owner != owner {
		t.Fatalf("Ensure = %v, want a ForeignOwnerError naming uid %d", err, owner)
	}
	for _, want := range []string{"uid " + strconv.Itoa(owner), "--data-dir", "chown"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q: %v", want, err)
		}
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o755 {
		t.Fatalf("the refused directory was changed to %o", info.Mode().Perm())
	}
}
