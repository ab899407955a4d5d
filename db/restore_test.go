package db

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMain lets the test binary play another process that keeps a database
// open (DB_TEST_HOLD=path): it opens it, says "open" and waits for stdin to close.
func TestMain(m *testing.M) {
	if path := os.Getenv("DB_TEST_HOLD"); path != "" {
		d, err := Open(context.Background(), path)
		if err != nil {
			panic(err)
		}
		os.Stdout.WriteString("open\n")
		bufio.NewReader(os.Stdin).ReadString('\n')
		d.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func newDatabase(t *testing.T, path, probe string) {
	t.Helper()
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Writer.Exec("INSERT INTO settings(key, value, updated_at) VALUES ('probe', ?, 'now')", probe); err != nil {
		t.Fatal(err)
	}
}

func probeOf(t *testing.T, path string) string {
	t.Helper()
	pool, err := readPool(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var v string
	pool.QueryRow("SELECT value FROM settings WHERE key = 'probe'").Scan(&v)
	return v
}

func TestRestoreReplacesTheDatabaseAndKeepsTheOldOne(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	newDatabase(t, path, "backed up")
	backup := filepath.Join(t.TempDir(), "b.db")
	if _, err := Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	d, _ := Open(ctx, path)
	d.Writer.Exec("UPDATE settings SET value = 'changed after' WHERE key = 'probe'")
	d.Close()

	res, err := Restore(ctx, path, backup)
	if err != nil {
		t.Fatal(err)
	}
	if got := probeOf(t, path); got != "backed up" {
		t.Fatalf("after restore the probe is %q", got)
	}
	if got := probeOf(t, res.SafetyCopy); got != "changed after" {
		t.Fatalf("the safety copy %s holds %q, want the state before the restore", res.SafetyCopy, got)
	}
	if _, err := os.Stat(path + ".restore-partial"); !os.IsNotExist(err) {
		t.Fatalf("partial file left: %v", err)
	}
}

func TestRestoreRefusesWhileAnotherProcessHasTheDatabaseOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	newDatabase(t, path, "current")
	backup := filepath.Join(t.TempDir(), "b.db")
	if _, err := Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	holder := exec.Command(os.Args[0])
	holder.Env = append(os.Environ(), "DB_TEST_HOLD="+path)
	stdin, _ := holder.StdinPipe()
	out, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Wait()
	defer stdin.Close()
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "open\n" {
		t.Fatalf("holder said %q", line)
	}
	before, _ := os.ReadFile(path)
	_, err := Restore(ctx, path, backup)
	var inUse *InUseError
	if !errors.As(err, &inUse) {
		t.Fatalf("Restore beside another process = %v, want InUseError", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the refused restore changed the database")
	}
	stdin.Close()
	holder.Wait()
	if _, err := Restore(ctx, path, backup); err != nil {
		t.Fatalf("Restore once the other process closed = %v", err)
	}
}

func TestRestoreRefusesADamagedBackup(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	newDatabase(t, path, "current")
	backup := filepath.Join(t.TempDir(), "b.db")
	if _, err := Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	damagePages(t, backup)
	before, _ := os.ReadFile(path)
	if _, err := Restore(ctx, path, backup); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the refused restore changed the database")
	}
}

// damagePages overwrites every page after the first (the header stays, so
// the schema version still reads) with a pattern no page has.
func damagePages(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := bytes.Repeat([]byte{0xA5}, int(info.Size())-4096)
	if _, err := f.WriteAt(junk, 4096); err != nil {
		t.Fatal(err)
	}
}
