package install

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/oauthflow"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db/testdb"
)

// A listing's authorization server publishes an unsafe endpoint in its
// metadata: Prepare refuses it with a typed error and records nothing
// (discovery runs before the installation is written), so nothing is
// opened and no half installation is left.
func TestHostileDiscoveryRecordsNoInstallation(t *testing.T) {
	var tokenHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tokenHits.Add(1) }))
	defer plain.Close()
	cases := map[string]func(issuer string) map[string]string{
		"argument-like authorize": func(iss string) map[string]string {
			return map[string]string{"authorization_endpoint": "--renderer-cmd-prefix=/bin/sh", "token_endpoint": iss + "/token"}
		},
		"file authorize": func(iss string) map[string]string {
			return map[string]string{"authorization_endpoint": "file:///etc/passwd", "token_endpoint": iss + "/token"}
		},
		"smb authorize": func(iss string) map[string]string {
			return map[string]string{"authorization_endpoint": "smb://attacker.example/x", "token_endpoint": iss + "/token"}
		},
		"http token": func(iss string) map[string]string {
			return map[string]string{"authorization_endpoint": iss + "/authorize", "token_endpoint": plain.URL + "/token"}
		},
		"http revocation": func(iss string) map[string]string {
			return map[string]string{"authorization_endpoint": iss + "/authorize", "token_endpoint": iss + "/token", "revocation_endpoint": plain.URL + "/revoke"}
		},
	}
	ctx := context.Background()
	v := vaulttest.Real(t)
	for name, metadata := range cases {
		var issuer string
		srv := netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m := metadata(issuer)
			m["issuer"] = issuer
			json.NewEncoder(w).Encode(m)
		}))
		issuer = srv.URL
		d := testdb.New(t)
		l := listing("hostile", "user", "")
		l["oauth"] = map[string]any{"issuer": issuer, "client_id": "hostile"}
		apps, _ := json.Marshal([]map[string]any{l})
		syncer := catalog.NewSyncer(d, fstest.MapFS{"catalog.json": {Data: fmt.Appendf(nil, `{"schema_version": 1, "listings": %s}`, apps)}}, nil, time.Now, nil)
		syncer.EnsureEmbeddedSource(ctx)
		if st := syncer.SyncAll(ctx); st.Results[0].Added != 1 {
			t.Fatalf("catalog: %+v", st.Results)
		}
		accounts := account.New(d, time.Now)
		owner, _ := accounts.Init(ctx, "Acme", account.Profile{Name: "Olive", Email: "olive@acme.example"})
		approvals := approval.New(d, accounts, time.Now)
		approvals.PreApprove(ctx, owner, "hostile", approval.Grant{ForAccount: true})
		g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv)
		in := New(Config{DB: d, Listings: catalog.NewSearcher(d), Approvals: approvals, Vault: v,
			Resolver: SandboxResolver{Issuer: func() string { return "" }}, Client: g.Client(), Now: time.Now})

		_, err := in.Prepare(ctx, owner, "hostile")
		var refused *oauthflow.EndpointError
		if !errors.As(err, &refused) {
			t.Errorf("%s: Prepare = %v, want an EndpointError", name, err)
		}
		var rows int
		d.Reader.QueryRow("SELECT count(*) FROM installations").Scan(&rows)
		if rows != 0 {
			t.Errorf("%s: %d installation(s) recorded", name, rows)
		}
	}
	if tokenHits.Load() != 0 {
		t.Fatalf("the cleartext endpoint received %d request(s)", tokenHits.Load())
	}
}
