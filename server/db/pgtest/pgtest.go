// Package pgtest gives each server test its own fresh PostgreSQL database in
// the private cluster that scripts/pg-session.sh starts (MARKETDESK_TEST_PG).
//
// Without MARKETDESK_TEST_PG a test fails when CI=true (a server suite that
// silently skips in CI proves nothing) and is skipped locally, saying how to
// run it.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db"
)

// EnvVar names the URL of the cluster's maintenance database.
const EnvVar = "MARKETDESK_TEST_PG"

// ClusterURL is the cluster's URL, or the test ends (see the package doc).
func ClusterURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvVar)
	if base != "" {
		return base
	}
	const how = EnvVar + " is not set: run the server tests inside scripts/pg-session.sh " +
		"(scripts/keychain-session.sh scripts/pg-session.sh go test ./server/...), which starts a private PostgreSQL 15"
	if os.Getenv("CI") == "true" {
		t.Fatal(how)
	}
	t.Skip(how)
	return ""
}

// NewDatabase creates an empty database with a random name, dropped when the
// test ends, and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := ClusterURL(t)
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Fatalf("%s must be a postgres:// URL, got %q", EnvVar, base)
	}
	name := "md_test_" + randomHex(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test cluster (%s): %v", EnvVar, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { drop(t, base, name) })
	u.Path = "/" + name
	return u.String()
}

// Open returns a fresh database, opened but not migrated, closed when the
// test ends.
func Open(t testing.TB) *db.DB {
	t.Helper()
	return OpenURL(t, NewDatabase(t))
}

// OpenURL opens the database at dsn, closed when the test ends.
func OpenURL(t testing.TB, dsn string) *db.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(d.Close)
	return d
}

// Migrated returns a fresh database at the binary's schema version.
func Migrated(t testing.TB) *db.DB {
	t.Helper()
	d := Open(t)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return d
}

func drop(t testing.TB, base, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Errorf("drop test database %s: %v", name, err)
		return
	}
	defer admin.Close(ctx)
	// FORCE: a pool the test left open must not keep the database alive.
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Errorf("drop test database %s: %v", name, err)
	}
}

func randomHex(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
