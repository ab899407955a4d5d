package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
)

func TestInTxCommitsTheChangeWithItsAuditEntry(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	ctx := context.Background()
	var accountID int64
	err := d.InTx(ctx, func(q *store.Queries) error {
		a, err := q.CreateAccount(ctx, "Acme")
		if err != nil {
			return err
		}
		accountID = a.ID
		_, err = q.InsertAuditEntry(ctx, store.InsertAuditEntryParams{
			AccountID: a.ID, ActorName: "setup", ActorEmail: "", Action: "account.create", Target: "Acme", Details: []byte("{}"),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := d.Queries.ListAuditEntries(ctx, store.ListAuditEntriesParams{AccountID: accountID, Limit: 10})
	if err != nil || len(entries) != 1 || entries[0].Action != "account.create" {
		t.Fatalf("audit entries = %+v, %v; want the one account.create", entries, err)
	}
}

func TestInTxRollsBackOnError(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	ctx := context.Background()
	failure := errors.New("the audit entry could not be written")
	err := d.InTx(ctx, func(q *store.Queries) error {
		if _, err := q.CreateAccount(ctx, "Acme"); err != nil {
			return err
		}
		return failure
	})
	if !errors.Is(err, failure) {
		t.Fatalf("InTx = %v, want the callback's error", err)
	}
	if n := count(t, d, "accounts"); n != 0 {
		t.Fatalf("accounts after a rolled back transaction = %d, want 0", n)
	}
}

func TestNotFoundAndIsUnique(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	ctx := context.Background()
	_, err := d.Queries.GetAccount(ctx, 42)
	if !errors.Is(db.NotFound(err), db.ErrNotFound) {
		t.Errorf("GetAccount of a missing id: NotFound(%v) is not ErrNotFound", err)
	}
	a, err := d.Queries.CreateAccount(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	user := store.CreateUserParams{AccountID: a.ID, Issuer: "https://idp.test", Subject: "alice", Role: "member"}
	if _, err := d.Queries.CreateUser(ctx, user); err != nil {
		t.Fatal(err)
	}
	_, err = d.Queries.CreateUser(ctx, user)
	if !db.IsUnique(err) {
		t.Errorf("second user with the same issuer and subject: IsUnique(%v) = false", err)
	}
	if db.IsUnique(errors.New("duplicate key value violates unique constraint")) {
		t.Error("IsUnique matched an error by its message")
	}
}

func TestReadyWhenSchemaBehindOrDatabaseGone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	empty := pgtest.Open(t)
	if _, err := empty.Ready(ctx); err == nil || apperr.CodeOf(err) != apperr.Unavailable {
		t.Errorf("Ready on an unmigrated database = %v, want unavailable", err)
	}
	d := pgtest.Migrated(t)
	if v, err := d.Ready(ctx); err != nil || v != db.LatestVersion() {
		t.Fatalf("Ready after Migrate = %d, %v", v, err)
	}
	d.Close()
	if _, err := d.Ready(ctx); apperr.CodeOf(err) != apperr.Unavailable {
		t.Errorf("Ready with the pool closed = %v, want unavailable", err)
	}
}

func TestOpenUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, err := db.Open(ctx, "postgres:///postgres?host="+t.TempDir()+"&connect_timeout=2")
	if apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("Open with no server behind the socket = %v, want unavailable", err)
	}
	_, err = db.Open(ctx, "postgres://user:s3cret@[::1")
	if apperr.CodeOf(err) != apperr.Invalid || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open of a malformed URL = %v, want invalid_input without the password", err)
	}
}
