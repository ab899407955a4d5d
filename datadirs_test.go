package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/cli"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
)

// dataDirUnderTest is one data directory opened through main's wiring, on a
// keyring it shares with other data directories.
type dataDirUnderTest struct {
	ins    *cli.Installs
	me     account.User
	scoped *vault.Vault // the same scope main gave the installer, to probe the keyring
}

func openDataDir(t *testing.T, keyring *vault.Vault, apps []string) *dataDirUnderTest {
	t.Helper()
	return openDataDirAt(t, t.TempDir(), keyring, apps)
}

func openDataDirAt(t *testing.T, dir string, keyring *vault.Vault, apps []string) *dataDirUnderTest {
	t.Helper()
	ctx := context.Background()
	cat, err := openCatalog(ctx, dir, nil, newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	cat.Syncer.SyncAll(ctx)
	accounts := account.New(cat.DB, time.Now)
	owner, err := accounts.Init(ctx, "Acme", account.Profile{Name: "Olive", Email: "olive@acme.example"})
	if err != nil {
		t.Fatal(err)
	}
	approvals := approval.New(cat.DB, accounts, time.Now)
	for _, id := range apps {
		if _, err := approvals.PreApprove(ctx, owner, id, approval.Grant{ForAccount: true}); err != nil {
			t.Fatal(err)
		}
	}
	cat.DB.Close()
	ins, err := openInstaller(ctx, dir, keyring, newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ins.Close)
	scoped, _, err := keyring.ForDatabase(ctx, ins.DB)
	if err != nil {
		t.Fatal(err)
	}
	return &dataDirUnderTest{ins: ins, me: owner, scoped: scoped}
}

func (d *dataDirUnderTest) install(t *testing.T, appID string) int64 {
	t.Helper()
	ctx := context.Background()
	p, err := d.ins.Installer.Prepare(ctx, d.me, appID)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := d.ins.Installer.Authorize(ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return inst.ID
}

func (d *dataDirUnderTest) token(t *testing.T, id int64) string {
	t.Helper()
	tok, err := d.ins.Installer.TokenOf(context.Background(), id)
	if err != nil {
		t.Fatalf("token of installation %d: %v", id, err)
	}
	return tok.AccessToken
}

// Issue 9: two data directories (--data-dir, $MARKETDESK_HOME) on one
// keyring number their installations from 1. Installing the same app and
// different apps in each, then removing in one, never reads, overwrites or
// deletes the other's items.
func TestTwoDataDirectoriesInOneKeyringNeverTouchEachOthersTokens(t *testing.T) {
	keyring := vaulttest.Real(t)
	ctx := context.Background()
	probe, _ := openCatalog(ctx, t.TempDir(), nil, newOutbound())
	probe.Syncer.SyncAll(ctx)
	var apps []string
	rows, err := probe.DB.Reader.Query("SELECT id FROM listings WHERE type = 'user' ORDER BY id LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		apps = append(apps, id)
	}
	rows.Close()
	probe.DB.Close()
	if len(apps) != 3 {
		t.Fatalf("the embedded catalog has %d user-level apps, want 3", len(apps))
	}

	a, b := openDataDir(t, keyring, apps), openDataDir(t, keyring, apps)
	// The same app first in both (installation 1 in each), then different apps (2 in each).
	if a1, b1 := a.install(t, apps[0]), b.install(t, apps[0]); a1 != 1 || b1 != 1 {
		t.Fatalf("installation ids %d and %d, want 1 in both data directories", a1, b1)
	}
	if a2, b2 := a.install(t, apps[1]), b.install(t, apps[2]); a2 != 2 || b2 != 2 {
		t.Fatalf("installation ids %d and %d, want 2 in both data directories", a2, b2)
	}
	tokA2, tokB1, tokB2 := a.token(t, 2), b.token(t, 1), b.token(t, 2)
	if a.token(t, 1) == tokB1 {
		t.Fatal("both data directories read the same token for installation 1")
	}

	if err := a.ins.Manager.Remove(ctx, a.me, 1, false); err != nil {
		t.Fatal(err)
	}
	if b.token(t, 1) != tokB1 || b.token(t, 2) != tokB2 {
		t.Fatal("removing in one data directory changed the other's tokens")
	}
	if err := b.ins.Manager.Remove(ctx, b.me, 2, false); err != nil {
		t.Fatal(err)
	}
	if got := a.token(t, 2); got != tokA2 {
		t.Fatal("removing in one data directory changed the other's token of installation 2")
	}
	// The keyring itself: each scope holds exactly what its data directory
	// still has, and nothing sits under the shared, unscoped names.
	for _, c := range []struct {
		v    *vault.Vault
		id   int64
		want bool
	}{{a.scoped, 1, false}, {a.scoped, 2, true}, {b.scoped, 1, true}, {b.scoped, 2, false}, {keyring, 1, false}, {keyring, 2, false}} {
		_, err := c.v.Get(ctx, vault.TokenItem(c.id))
		if found := err == nil; found != c.want || (err != nil && !errors.Is(err, vault.ErrNotFound)) {
			t.Errorf("scope %q item %s: found=%v (%v), want %v", c.v.Scope(), vault.TokenItem(c.id), found, err, c.want)
		}
	}
	if a.scoped.Scope() == b.scoped.Scope() {
		t.Fatal("two data directories share a keychain scope")
	}
}

// A data directory used by a version before keychain scopes has its token
// under the unscoped name: after the next start (main's wiring), the token
// sits under the scoped name, loads, and the unscoped item is gone.
func TestLegacyTokenMovesToTheScopedNameWhenMarketdeskStarts(t *testing.T) {
	keyring := vaulttest.Real(t)
	ctx := context.Background()
	dir := t.TempDir()
	probe, _ := openCatalog(ctx, dir, nil, newOutbound())
	probe.Syncer.SyncAll(ctx)
	var app string
	probe.DB.Reader.QueryRow("SELECT id FROM listings WHERE type = 'user' ORDER BY id LIMIT 1").Scan(&app)
	probe.DB.Close()
	d := openDataDirAt(t, dir, keyring, []string{app})
	id := d.install(t, app)
	tok := d.token(t, id)
	// Turn the clock back: the item under its old name, the move not yet done.
	item := vault.TokenItem(id)
	body, err := d.scoped.Get(ctx, item)
	if err != nil {
		t.Fatal(err)
	}
	if err := keyring.Set(ctx, item, body); err != nil {
		t.Fatal(err)
	}
	d.scoped.Delete(ctx, item)
	if _, err := d.ins.DB.Writer.Exec("DELETE FROM settings WHERE key = 'keychain_legacy_adopted_at'"); err != nil {
		t.Fatal(err)
	}
	d.ins.Close()

	ins, err := openInstaller(ctx, dir, keyring, newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	got, err := ins.Installer.TokenOf(ctx, id)
	if err != nil || got.AccessToken != tok {
		t.Fatalf("after the start the installation's token is %v, %v; want the legacy one", got, err)
	}
	if _, err := keyring.Get(ctx, item); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("the unscoped item is still there (another data directory could claim it): %v", err)
	}
	d.scoped.Delete(ctx, item)
}
