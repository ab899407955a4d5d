package approval

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

// fixture is an account with an owner, a manager admin, a plain admin and two
// members, over a catalog of two user-level apps and one account-level app.
type fixture struct {
	ctx                         context.Context
	db                          *db.DB
	accounts                    *account.Store
	approvals                   *Store
	owner, manager, admin, m, n account.User
	syncer                      *catalog.Syncer
}

func listing(id, typ string) map[string]any {
	return map[string]any{
		"id": id, "name": "App " + id, "summary": "An app.", "description": "An app.", "icon": "icons/x.svg",
		"developer":  map[string]any{"name": "Dev", "website": "https://dev.example", "verified": true},
		"categories": []string{"Productivity"}, "type": typ,
		"scopes":  []map[string]any{{"name": "user:read", "description": "See your profile"}},
		"oauth":   map[string]any{"sandbox": true, "client_id": id},
		"links":   map[string]any{"privacy_policy": "https://dev.example/p", "terms": "https://dev.example/t"},
		"version": "1.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z",
	}
}

func setup(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	d := testdb.New(t)
	listings, _ := json.Marshal([]map[string]any{listing("app-a", "user"), listing("app-b", "user"), listing("app-acct", "account")})
	feed := fmt.Sprintf(`{"schema_version": 1, "listings": %s}`, listings)
	syncer := catalog.NewSyncer(d, fstest.MapFS{"catalog.json": {Data: []byte(feed)}}, nil, time.Now, nil)
	if err := syncer.EnsureEmbeddedSource(ctx); err != nil {
		t.Fatal(err)
	}
	if st := syncer.SyncAll(ctx); st.Results[0].Added != 3 {
		t.Fatalf("catalog: %+v", st.Results)
	}
	f := &fixture{ctx: ctx, db: d, accounts: account.New(d, time.Now), syncer: syncer}
	f.approvals = New(d, f.accounts, time.Now)
	var err error
	if f.owner, err = f.accounts.Init(ctx, "Acme", account.Profile{Name: "Olive Owner", Email: "olive@acme.example"}); err != nil {
		t.Fatal(err)
	}
	add := func(name, role string, manager bool) account.User {
		u, err := f.accounts.AddUser(ctx, f.owner, account.NewUser{Profile: account.Profile{Name: name, Email: name + "@acme.example"}, Role: role, Manager: manager})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.manager = add("mona", account.RoleAdmin, true)
	f.admin = add("adam", account.RoleAdmin, false)
	f.m = add("mel", account.RoleMember, false)
	f.n = add("nia", account.RoleMember, false)
	return f
}
