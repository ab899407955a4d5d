// Package testdb gives each test a fresh, migrated SQLite file of its own.
package testdb

import (
	"context"
	"path/filepath"
	"testing"

	"marketdesk/db"
)

// New opens a new migrated database in t.TempDir() and closes it when the test ends.
func New(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), db.FileName))
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
