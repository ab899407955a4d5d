package settings

import (
	"context"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

func TestPutGetAndFirstRun(t *testing.T) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	s := New(testdb.New(t), func() time.Time { return clock })

	if _, err := s.Get(ctx, "theme"); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("missing key: err = %v, want not_found", err)
	}
	if err := s.Put(ctx, "theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "theme", "light"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get(ctx, "theme"); v != "light" {
		t.Fatalf("theme = %q, want light", v)
	}

	if err := s.RecordFirstRun(ctx); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(24 * time.Hour)
	if err := s.RecordFirstRun(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get(ctx, KeyFirstRunAt); v != "2026-11-29T10:00:00Z" {
		t.Fatalf("first run = %q, want the first call's time", v)
	}
}

// Once recorded, the first run is only read: the app starts at once even
// while another process (a long catalog sync) holds the write lock.
func TestRecordedFirstRunDoesNotWaitForAWriter(t *testing.T) {
	ctx := context.Background()
	d := testdb.New(t)
	s := New(d, time.Now)
	if err := s.RecordFirstRun(ctx); err != nil {
		t.Fatal(err)
	}
	other, err := db.Open(ctx, d.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Writer.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE settings SET value = value WHERE key = ?", KeyFirstRunAt); err != nil {
		t.Fatal(err)
	}
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.RecordFirstRun(quick); err != nil {
		t.Fatalf("RecordFirstRun beside a writer = %v, want nil at once", err)
	}
}
