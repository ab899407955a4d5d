package settings

import (
	"context"
	"testing"
	"time"

	"marketdesk/app/apperr"
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
