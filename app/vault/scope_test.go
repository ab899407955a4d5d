package vault

import (
	"context"
	"errors"
	"testing"

	"marketdesk/db"
	"marketdesk/db/testdb"
)

// dataDir is one data directory's database with installations in the given
// statuses (ids 1, 2, ...), as if installed by an older Marketdesk.
func dataDir(t *testing.T, statuses ...string) *db.DB {
	t.Helper()
	d := testdb.New(t)
	for _, st := range statuses {
		if _, err := d.Writer.Exec(`INSERT INTO installations (listing_id, level, installed_by_name, status, requested_scopes, created_at, updated_at)
			VALUES ('notes', 'account', 'Olive', ?, '[]', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`, st); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func scopedFor(t *testing.T, base *Vault, d *db.DB) (*Vault, int) {
	t.Helper()
	v, moved, err := base.ForDatabase(context.Background(), d)
	if err != nil {
		t.Fatalf("ForDatabase: %v", err)
	}
	return v, moved
}

func mustGet(t *testing.T, v *Vault, key, want string) {
	t.Helper()
	if got, err := v.Get(context.Background(), key); err != nil || got != want {
		t.Fatalf("%s%s = %q, %v; want %q", v.prefix, key, got, err, want)
	}
}

func mustMiss(t *testing.T, v *Vault, key string) {
	t.Helper()
	if got, err := v.Get(context.Background(), key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("%s%s = %q, %v; want no item", v.prefix, key, got, err)
	}
}

// Two data directories both have installation 1: each reads, overwrites and
// deletes only its own item in the one keyring.
func TestTwoDataDirectoriesCannotOverwriteOrDeleteEachOthersItems(t *testing.T) {
	ctx := context.Background()
	base := realVault(t)
	a, _ := scopedFor(t, base, dataDir(t, "active"))
	b, _ := scopedFor(t, base, dataDir(t, "active"))
	if a.Scope() == "" || a.Scope() == b.Scope() {
		t.Fatalf("scopes %q and %q must be set and differ", a.Scope(), b.Scope())
	}
	must(t, a.Set(ctx, TokenItem(1), "token of A"))
	must(t, b.Set(ctx, TokenItem(1), "token of B"))
	must(t, a.Set(ctx, SecretItem(1, "api_key"), "key of A"))
	mustGet(t, a, TokenItem(1), "token of A")
	mustGet(t, b, TokenItem(1), "token of B")
	mustMiss(t, b, SecretItem(1, "api_key"))
	mustMiss(t, base, TokenItem(1)) // nothing lands under the shared, unscoped name

	must(t, a.Delete(ctx, TokenItem(1)))
	mustMiss(t, a, TokenItem(1))
	mustGet(t, b, TokenItem(1), "token of B")
	must(t, b.Delete(ctx, TokenItem(1)))
	must(t, a.Delete(ctx, SecretItem(1, "api_key")))
}

// Items written before scopes existed move to the scoped names on start:
// only those this database still uses, once, and a second data directory
// with the same installation id cannot claim them afterwards.
func TestLegacyKeychainItemsMoveToTheScopedNamesOnStart(t *testing.T) {
	ctx := context.Background()
	base := realVault(t)
	d := dataDir(t, "active", "failed") // 1 live, 2 failed
	if _, err := d.Writer.Exec(`INSERT INTO installation_settings (installation_id, key, value) VALUES (1, 'api_key', '{"secret":true}'), (1, 'channel', '"#general"')`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Writer.Exec(`INSERT INTO outbox (id, kind, installation_id, listing_id, url, body, status, next_attempt_at, created_at)
		VALUES ('rev_1', 'revocation', 1, 'notes', 'https://as.example/revoke', '{"client_id":"notes","token_item":"revocation/rev_1"}', 'pending', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
		       ('rev_2', 'revocation', 1, 'notes', 'https://as.example/revoke', '{"client_id":"notes","token_item":"revocation/rev_2"}', 'delivered', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	legacy := map[string]string{TokenItem(1): "tok1", SecretItem(1, "api_key"): "sk", RevocationItem("rev_1"): "rev1",
		TokenItem(2): "tok2 (failed install)", RevocationItem("rev_2"): "delivered already"}
	for k, v := range legacy {
		must(t, base.Set(ctx, k, v))
	}
	t.Cleanup(func() {
		for k := range legacy {
			base.Delete(ctx, k)
		}
	})

	v, moved := scopedFor(t, base, d)
	if moved != 3 {
		t.Fatalf("moved %d items, want 3 (token, secret setting, pending revocation)", moved)
	}
	for _, k := range []string{TokenItem(1), SecretItem(1, "api_key"), RevocationItem("rev_1")} {
		mustGet(t, v, k, legacy[k])
		mustMiss(t, base, k)
	}
	for _, k := range []string{TokenItem(2), RevocationItem("rev_2")} { // not this database's live items
		mustGet(t, base, k, legacy[k])
		mustMiss(t, v, k)
	}
	if _, again := scopedFor(t, base, d); again != 0 {
		t.Fatalf("a second start moved %d items", again)
	}
	other, moved := scopedFor(t, base, dataDir(t, "active"))
	if moved != 0 {
		t.Fatalf("another data directory claimed %d items", moved)
	}
	mustMiss(t, other, TokenItem(1))
	for _, k := range []string{TokenItem(1), SecretItem(1, "api_key"), RevocationItem("rev_1")} {
		must(t, v.Delete(ctx, k))
	}
}

// A move interrupted between the copy and the delete leaves the same value
// under both names: the legacy copy goes. A legacy item with another value
// beside an existing scoped item is someone else's: it stays.
func TestAdoptFinishesAnInterruptedMoveAndLeavesOthersItems(t *testing.T) {
	ctx := context.Background()
	base := realVault(t)
	v, err := base.Scoped("abc123")
	must(t, err)
	must(t, base.Set(ctx, "k1", "same"))
	must(t, v.Set(ctx, "k1", "same"))
	must(t, base.Set(ctx, "k2", "theirs"))
	must(t, v.Set(ctx, "k2", "ours"))
	for _, k := range []string{"k1", "k2"} {
		if moved, err := v.Adopt(ctx, k); err != nil || moved {
			t.Fatalf("Adopt(%s) = %v, %v; want false, nil", k, moved, err)
		}
	}
	mustMiss(t, base, "k1")
	mustGet(t, base, "k2", "theirs")
	mustGet(t, v, "k2", "ours")
	for _, k := range []string{"k1", "k2"} {
		v.Delete(ctx, k)
		base.Delete(ctx, k)
	}
}

func TestScopeMustBeAPlainID(t *testing.T) {
	for _, bad := range []string{"", "a/b", "..", "ABC", "x y"} {
		if _, err := New().Scoped(bad); err == nil {
			t.Errorf("Scoped(%q) accepted", bad)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
