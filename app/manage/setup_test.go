package manage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
	"marketdesk/app/netguard"
	"marketdesk/app/sandbox"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

type fixture struct {
	ctx       context.Context
	db        *db.DB
	accounts  *account.Store
	installer *install.Installer
	manager   *Manager
	outbox    *Outbox
	sandbox   *sandbox.Server
	vault     *vault.Vault
	owner, m  account.User
	syncer    *catalog.Syncer
	approvals *approval.Store
}

var formFields = []map[string]any{
	{"key": "channel", "label": "Channel", "type": "text", "required": true},
	{"key": "limit", "label": "Limit", "type": "number", "min": 1, "max": 100, "default": 10},
	{"key": "notify", "label": "Notify", "type": "toggle", "default": true},
	{"key": "mode", "label": "Mode", "type": "select", "options": []map[string]any{{"value": "fast", "label": "Fast"}, {"value": "safe", "label": "Safe"}}},
	{"key": "days", "label": "Days", "type": "multiselect", "options": []map[string]any{{"value": "mon", "label": "Mon"}, {"value": "tue", "label": "Tue"}}},
	{"key": "site", "label": "Site", "type": "url"},
	{"key": "owner_email", "label": "Owner email", "type": "email"},
	{"key": "api_key", "label": "API key", "type": "secret", "required": true},
	{"key": "notes", "label": "Notes", "type": "multiline"},
}

func app(id, typ string, configuration map[string]any, deauthURL string) map[string]any {
	l := map[string]any{
		"id": id, "name": "App " + id, "summary": "An app.", "description": "An app.", "icon": "icons/x.svg",
		"developer":  map[string]any{"name": "Dev", "website": "https://dev.example", "verified": true},
		"categories": []string{"Productivity"}, "type": typ,
		"scopes":  []map[string]any{{"name": "meeting:read", "description": "See your meetings"}},
		"oauth":   map[string]any{"sandbox": true, "client_id": id},
		"links":   map[string]any{"privacy_policy": "https://dev.example/p", "terms": "https://dev.example/t"},
		"version": "1.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z",
	}
	if configuration != nil {
		l["configuration"] = configuration
	}
	if deauthURL != "" {
		l["deauthorization_url"] = deauthURL
	}
	return l
}

func setup(t testing.TB, apps ...map[string]any) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d := testdb.New(t)
	v := vaulttest.Real(t)
	body, _ := json.Marshal(apps)
	feed := []byte(fmt.Sprintf(`{"schema_version": 1, "listings": %s}`, body))
	f := &fixture{ctx: ctx, db: d, vault: v, accounts: account.New(d, time.Now)}
	f.syncer = catalog.NewSyncer(d, fstest.MapFS{"catalog.json": {Data: feed}}, nil, time.Now, nil)
	f.syncer.EnsureEmbeddedSource(ctx)
	if st := f.syncer.SyncAll(ctx); st.Results[0].Error != "" || len(st.Results[0].Skipped) > 0 {
		t.Fatalf("catalog: %+v", st.Results)
	}
	var err error
	f.owner, _ = f.accounts.Init(ctx, "Acme", account.Profile{Name: "Olive", Email: "olive@acme.example"})
	f.m, _ = f.accounts.AddUser(ctx, f.owner, account.NewUser{Profile: account.Profile{Name: "Mel", Email: "mel@acme.example"}, Role: account.RoleMember})
	approvals := approval.New(d, f.accounts, time.Now)
	f.approvals = approvals
	for _, a := range apps {
		approvals.PreApprove(ctx, f.owner, a["id"].(string), approval.Grant{ForAccount: true})
	}
	searcher := catalog.NewSearcher(d)
	current, byID := sandbox.UsersFromAccounts(f.accounts)
	if f.sandbox, err = sandbox.New(sandbox.Config{ClientByID: sandbox.ClientsFromCatalog(searcher), CurrentUser: current, UserByID: byID, DB: d, Vault: v}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.sandbox.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.sandbox.Close() })
	f.installer = install.New(install.Config{DB: d, Listings: searcher, Approvals: approvals, Vault: v,
		Resolver: install.SandboxResolver{Issuer: f.sandbox.Issuer, Expect: f.sandbox.ExpectFlow}, Now: time.Now, Timeout: 20 * time.Second})
	f.manager = New(d, f.installer, searcher, v, time.Now)
	f.outbox = NewOutbox(d, v, nil, time.Now, f.sandbox.Issuer)
	// As in main: notices and revocations go through the netguard client,
	// whose one plain-http origin is the (current) sandbox.
	guard := netguard.New(netguard.Config{Sandbox: func() string { return f.outbox.sandbox() }})
	f.outbox.client = guard.Client()
	f.manager.SetClient(guard.Client())
	return f
}

// install installs an app as member M (or the owner for account-level apps).
func (f *fixture) install(t testing.TB, id string, who account.User) install.Installation {
	t.Helper()
	p, err := f.installer.Prepare(f.ctx, who, id)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := f.installer.Authorize(f.ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// introspect asks the sandbox whether a token is still active.
func (f *fixture) introspect(t testing.TB, token string) bool {
	t.Helper()
	resp, err := http.PostForm(f.sandbox.Issuer()+"/sandbox/introspect", map[string][]string{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Active bool }
	json.NewDecoder(resp.Body).Decode(&out)
	return out.Active
}
