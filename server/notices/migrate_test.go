package notices_test

import (
	"context"
	"sync"
	"testing"

	"marketdesk/server/db/pgtest"
	"marketdesk/server/notices"
)

// Replicas starting together all migrate River's schema: each River
// migration is applied once, nobody fails, and a second start changes nothing.
func TestMigrateIsIdempotentAcrossReplicas(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	first := pgtest.OpenURL(t, dsn)
	if err := first.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		replica := pgtest.OpenURL(t, dsn) // a pool of its own, as another process would have
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = notices.Migrate(context.Background(), replica.Pool, quiet)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
	}
	count := func() (n int) {
		first.Pool.QueryRow(context.Background(), "SELECT count(*) FROM river_migration").Scan(&n)
		return n
	}
	applied := count()
	if applied == 0 {
		t.Fatal("river_migration is empty")
	}
	if err := notices.Migrate(context.Background(), first.Pool, quiet); err != nil {
		t.Fatal(err)
	}
	if count() != applied {
		t.Fatalf("a second Migrate changed river_migration: %d rows, was %d", count(), applied)
	}
	var dup int
	first.Pool.QueryRow(context.Background(), "SELECT count(*) - count(DISTINCT (line, version)) FROM river_migration").Scan(&dup)
	if dup != 0 {
		t.Fatalf("%d River migrations recorded twice", dup)
	}
}
