package db

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"marketdesk/app/apperr"
)

// holdWrite opens its own connection to path and keeps a write transaction
// open on it until the returned function is called (which commits).
func holdWrite(t *testing.T, path string) (commit func()) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := raw.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "INSERT INTO settings (key, value, updated_at) VALUES ('held', 'v', 'now')"); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	commit = func() {
		once.Do(func() {
			if _, err := conn.ExecContext(context.Background(), "COMMIT"); err != nil {
				t.Error(err)
			}
			conn.Close()
			raw.Close()
		})
	}
	t.Cleanup(commit)
	return commit
}

// Opening a current database writes nothing, so it succeeds at once while
// another process is in the middle of a long write, and reads beside it.
func TestOpenAndReadBesideAWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	first, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	holdWrite(t, path)

	start := time.Now()
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open beside a writer: %v", err)
	}
	defer d.Close()
	var n int
	if err := d.Reader.QueryRow("SELECT count(*) FROM settings WHERE key = 'held'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("read beside a writer: n=%d, %v (the uncommitted row must not show)", n, err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("open and read took %v: they waited for the writer", took)
	}
}

// A migration waits for the other process's write under the exclusive lock,
// then reads the version again inside it: a process that saw an old version
// before the lock finds the file migrated by another and applies nothing
// twice.
func TestMigrationWaitsForTheLockAndRereadsTheVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	commit := holdWrite(t, path)

	done := make(chan error, 1)
	start := time.Now()
	go func() {
		conn, err := d.Writer.Conn(context.Background())
		if err != nil {
			done <- err
			return
		}
		defer conn.Close()
		done <- migrateLocked(context.Background(), conn, path, 0) // as if it had read version 0 before the lock
	}()
	select {
	case err := <-done:
		t.Fatalf("the migration did not wait for the writer: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	commit()
	if err := <-done; err != nil {
		t.Fatalf("migration after the writer committed: %v", err)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Fatalf("migration finished after %v, before the writer let go", took)
	}
	if v, _, err := SchemaVersion(context.Background(), path); err != nil || v != LatestVersion() {
		t.Fatalf("version %d, %v; want %d", v, err, LatestVersion())
	}
}

// Processes that open a new file together all succeed; one migrates.
func TestConcurrentOpensOfANewFileMigrateOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := Open(context.Background(), path)
			if err == nil {
				d.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	if v, _, _ := SchemaVersion(context.Background(), path); v != LatestVersion() {
		t.Fatalf("version %d, want %d", v, LatestVersion())
	}
}

// A lock held past the busy timeout becomes a BusyError that names the file
// and what to do, with the conflict code, never SQLite's bare words.
func TestBusyBecomesATypedError(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	holdWrite(t, path)
	impatient, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(50)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	_, raw := impatient.Begin()
	if !Busy(raw) {
		t.Fatalf("Busy(%v) = false", raw)
	}
	if Busy(errors.New("database is locked")) || Busy(nil) {
		t.Fatal("Busy must look at SQLite's code, not at words")
	}
	err = busyOr(raw, path)
	var busy *BusyError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "try again") {
		t.Fatalf("busyOr: %v", err)
	}
	if apperr.CodeOf(err) != apperr.Conflict || !Busy(err) {
		t.Fatalf("code %s", apperr.CodeOf(err))
	}
	if other := errors.New("disk I/O error"); busyOr(other, path) != other {
		t.Fatal("busyOr changed an error that is not BUSY")
	}
}
