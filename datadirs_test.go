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
	ctx := context.Background()
	dir := t.TempDir()
	cat, err := openCatalog(ctx, dir, nil)
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
	ins, err := openInstaller(ctx, dir, keyring)
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
	probe, _ := openCatalog(ctx, t.TempDir(), nil)
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
