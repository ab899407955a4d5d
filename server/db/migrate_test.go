package db_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
)

func TestMigrateFreshDatabase(t *testing.T) {
	t.Parallel()
	d := pgtest.Open(t)
	ctx := context.Background()
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := d.SchemaVersion(ctx)
	if err != nil || v != db.LatestVersion() {
		t.Fatalf("schema version = %d, %v; want %d", v, err, db.LatestVersion())
	}
	for _, table := range []string{"accounts", "users", "audit_log"} {
		var exists bool
		if err := d.Pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", table).Scan(&exists); err != nil || !exists {
			t.Errorf("table %s after migrate: exists=%v err=%v", table, exists, err)
		}
	}
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	ctx := context.Background()
	if _, err := d.Queries.CreateAccount(ctx, "Acme"); err != nil {
		t.Fatal(err)
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if got := count(t, d, "schema_migrations"); got != len(db.Migrations()) {
		t.Errorf("schema_migrations rows = %d, want one per migration (%d)", got, len(db.Migrations()))
	}
	if got := count(t, d, "accounts"); got != 1 {
		t.Errorf("accounts after a second migrate = %d, want the 1 created before", got)
	}
}

// Replicas start together: each runs Migrate on its own pool. Without the
// advisory lock they would race on CREATE TABLE and all but one would fail.
func TestConcurrentMigratorsApplyEachMigrationOnce(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	const replicas = 4
	pools := make([]*db.DB, replicas)
	for i := range pools {
		pools[i] = pgtest.OpenURL(t, dsn)
	}
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	start := make(chan struct{})
	for i, d := range pools {
		wg.Go(func() {
			<-start
			errs[i] = d.Migrate(context.Background())
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	if got := count(t, pools[0], "schema_migrations"); got != len(db.Migrations()) {
		t.Errorf("schema_migrations rows = %d, want %d", got, len(db.Migrations()))
	}
}

func TestNewerSchemaIsRefusedAndLeftUntouched(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	ctx := context.Background()
	newer := db.LatestVersion() + 1
	if _, err := d.Pool.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, 'from_the_future.sql')", newer); err != nil {
		t.Fatal(err)
	}
	err := d.Migrate(ctx)
	var newerErr *db.NewerSchemaError
	if !errors.As(err, &newerErr) || newerErr.Found != newer || newerErr.Supported != db.LatestVersion() {
		t.Fatalf("Migrate on a newer schema = %v, want *NewerSchemaError{%d, %d}", err, newer, db.LatestVersion())
	}
	if !strings.Contains(err.Error(), "newer marketdesk-server") {
		t.Errorf("message does not say what happened: %q", err)
	}
	if got := count(t, d, "schema_migrations"); got != len(db.Migrations())+1 {
		t.Errorf("schema_migrations rows = %d after a refused migrate, want %d", got, len(db.Migrations())+1)
	}
	if _, err := d.Ready(ctx); !errors.As(err, &newerErr) {
		t.Errorf("Ready on a newer schema = %v, want *NewerSchemaError", err)
	}
}

func TestMigrateReleasesTheLock(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	var held int
	err := d.Pool.QueryRow(context.Background(),
		"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").Scan(&held)
	if err != nil || held != 0 {
		t.Fatalf("advisory locks held after Migrate = %d, %v; want 0", held, err)
	}
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}
