//go:build unix

package db

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Another OS user on the machine must not read the database: the file and
// the -wal and -shm SQLite makes beside it are 0600 even under umask 022.
func TestDatabaseFilesAreNotReadableByOtherUsers(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), FileName)
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Writer.Exec("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), perm)
		}
	}
}

// A database an older Marketdesk created 0644 becomes 0600 on the next start.
func TestExistingWorldReadableDatabaseIsNarrowedOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	for _, p := range []string{path, path + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			os.Chmod(p, 0o644)
		}
	}
	d, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, p := range []string{path, path + "-shm"} {
		if info, err := os.Stat(p); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %o after a start, want 600", filepath.Base(p), info.Mode().Perm())
		}
	}
}
