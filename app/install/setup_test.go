package install

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/sandbox"
	"marketdesk/app/vault"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

type fixture struct {
	ctx       context.Context
	db        *db.DB
	accounts  *account.Store
	approvals *approval.Store
	installer *Installer
	sandbox   *sandbox.Server
	vault     *vault.Vault
	owner, m  account.User
}

func listing(id, typ, config string) map[string]any {
	l := map[string]any{
		"id": id, "name": "App " + id, "summary": "An app.", "description": "An app.", "icon": "icons/x.svg",
		"developer":  map[string]any{"name": "Dev", "website": "https://dev.example", "verified": true},
		"categories": []string{"Productivity"}, "type": typ,
		"scopes": []map[string]any{{"name": "meeting:read", "description": "See your meetings"},
			{"name": "recording:read", "description": "Read your recordings", "sensitive": true}},
		"oauth":   map[string]any{"sandbox": true, "client_id": id},
		"links":   map[string]any{"privacy_policy": "https://dev.example/p", "terms": "https://dev.example/t"},
		"version": "1.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z",
	}
	if config == "form" {
		l["configuration"] = map[string]any{"kind": "form", "fields": []map[string]any{{"key": "channel", "label": "Channel", "type": "text", "required": true}}}
	}
	return l
}

// setup: an account (owner, member M) over a catalog of sandbox apps, the
// sandbox server running, and an installer on the real keychain.
func setup(t testing.TB, v *vault.Vault) *fixture {
	t.Helper()
	return setupWith(t, v, nil)
}

// setupWith is setup with more listings in the catalog, all pre-approved for
// the account (the hostile authorization server tests list apps on them).
func setupWith(t testing.TB, v *vault.Vault, extra []map[string]any) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d := testdb.New(t)
	all := append([]map[string]any{listing("notes", "user", ""), listing("board", "user", "form"), listing("archive", "account", ""), listing("locked", "user", "")}, extra...)
	apps, _ := json.Marshal(all)
	syncer := catalog.NewSyncer(d, fstest.MapFS{"catalog.json": {Data: fmt.Appendf(nil, `{"schema_version": 1, "listings": %s}`, apps)}}, nil, time.Now, nil)
	syncer.EnsureEmbeddedSource(ctx)
	if st := syncer.SyncAll(ctx); st.Results[0].Added != len(all) {
		t.Fatalf("catalog: %+v", st.Results)
	}
	f := &fixture{ctx: ctx, db: d, accounts: account.New(d, time.Now), vault: v}
	f.approvals = approval.New(d, f.accounts, time.Now)
	var err error
	if f.owner, err = f.accounts.Init(ctx, "Acme", account.Profile{Name: "Olive", Email: "olive@acme.example"}); err != nil {
		t.Fatal(err)
	}
	if f.m, err = f.accounts.AddUser(ctx, f.owner, account.NewUser{Profile: account.Profile{Name: "Mel", Email: "mel@acme.example"}, Role: account.RoleMember}); err != nil {
		t.Fatal(err)
	}
	approved := []string{"notes", "board"}
	for _, l := range extra {
		approved = append(approved, l["id"].(string))
	}
	for _, id := range approved {
		if _, err := f.approvals.PreApprove(ctx, f.owner, id, approval.Grant{ForAccount: true}); err != nil {
			t.Fatal(err)
		}
	}
	searcher := catalog.NewSearcher(d)
	current, byID := sandbox.UsersFromAccounts(f.accounts)
	f.sandbox, err = sandbox.New(sandbox.Config{ClientByID: sandbox.ClientsFromCatalog(searcher), CurrentUser: current, UserByID: byID, DB: d, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sandbox.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.sandbox.Close() })
	f.installer = New(Config{DB: d, Listings: searcher, Approvals: f.approvals, Vault: v,
		Resolver: SandboxResolver{Issuer: f.sandbox.Issuer, Expect: f.sandbox.ExpectFlow}, Now: time.Now, Timeout: 20 * time.Second})
	return f
}
