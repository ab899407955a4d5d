package db_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"marketdesk/db"
	"marketdesk/db/testdb"
)

func TestOpenMigratesAndSetsPragmas(t *testing.T) {
	d := testdb.New(t)
	ctx := context.Background()
	var version int
	if err := d.Reader.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version != db.LatestVersion() {
		t.Fatalf("user_version = %d, want %d", version, db.LatestVersion())
	}
	var mode string
	var fk, busy int
	d.Writer.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	d.Writer.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	d.Writer.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
	if mode != "wal" || fk != 1 || busy < 1000 {
		t.Fatalf("journal_mode=%s foreign_keys=%d busy_timeout=%d", mode, fk, busy)
	}
	if _, err := d.Reader.ExecContext(ctx, "INSERT INTO settings VALUES ('k','v','t')"); err == nil {
		t.Fatal("the reader pool must be query-only")
	}
	if got := d.Writer.Stats().MaxOpenConnections; got != 1 {
		t.Fatalf("writer has %d connections, want exactly 1", got)
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), db.FileName)
	for i := 0; i < 2; i++ {
		d, err := db.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		d.Close()
	}
}

// A file from a newer Marketdesk is refused before anything writes to it.
func TestNewerSchemaIsRefusedAndLeftUntouched(t *testing.T) {
	path := writeNewerDatabase(t, db.LatestVersion()+41)
	before, _ := os.ReadFile(path)

	_, err := db.Open(context.Background(), path)
	var newer *db.NewerSchemaError
	if !errors.As(err, &newer) {
		t.Fatalf("Open = %v, want NewerSchemaError", err)
	}
	msg := err.Error()
	wantFound := fmt.Sprintf("schema version %d", db.LatestVersion()+41)
	wantSupported := fmt.Sprintf("up to version %d", db.LatestVersion())
	for _, want := range []string{wantFound, wantSupported, "untouched"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("the refused database file changed")
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("refusing must not create a WAL file")
	}
}

func TestSchemaVersionOfMissingFile(t *testing.T) {
	v, exists, err := db.SchemaVersion(context.Background(), filepath.Join(t.TempDir(), "none.db"))
	if v != 0 || exists || err != nil {
		t.Fatalf("got %d %v %v", v, exists, err)
	}
}

func TestGarbageFileIsAClearError(t *testing.T) {
	path := filepath.Join(t.TempDir(), db.FileName)
	os.WriteFile(path, bytes.Repeat([]byte("not a database "), 100), 0o600)
	_, err := db.Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open of garbage = %v, want an error naming the file", err)
	}
}

// writeNewerDatabase makes a rollback-journal database at the given version,
// as an older or newer Marketdesk might leave it after a clean shutdown.
func writeNewerDatabase(t *testing.T, version int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), db.FileName)
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	d.Reader.Close() // its idle connection would keep the file in WAL mode
	for _, q := range []string{"PRAGMA journal_mode=DELETE", fmt.Sprintf("PRAGMA user_version=%d", version)} {
		if _, err := d.Writer.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()
	return path
}
