package manage

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
	"marketdesk/app/oauthflow/hostileas"
	"marketdesk/app/vault"
)

// issued is a listing whose authorization server is found by discovery
// from its issuer.
func issued(id, issuer string) map[string]any {
	l := app(id, "user", nil, "")
	l["oauth"] = map[string]any{"issuer": issuer, "client_id": id + "-client"}
	return l
}

// trusting rebuilds the installer, the manager and the outbox with an HTTP
// client that trusts the test servers' certificates.
func (f *fixture) trusting(client *http.Client) {
	searcher := catalog.NewSearcher(f.db)
	f.installer = install.New(install.Config{DB: f.db, Listings: searcher, Approvals: f.approvals, Vault: f.vault,
		Resolver: install.SandboxResolver{Issuer: f.sandbox.Issuer}, Client: client, Now: time.Now, Timeout: 20 * time.Second})
	f.manager = New(f.db, f.installer, searcher, f.vault, time.Now)
	f.manager.client = client
	f.outbox = NewOutbox(f.db, f.vault, client, time.Now, f.sandbox.Issuer)
}

func (f *fixture) installAt(t *testing.T, id string, as *hostileas.Server) install.Installation {
	t.Helper()
	p, err := f.installer.Prepare(f.ctx, f.m, id)
	if err != nil {
		t.Fatal(err)
	}
	b := hostileas.NewBrowser(as)
	inst, err := f.installer.Authorize(f.ctx, p, b, nil)
	b.Wait()
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// republish syncs the embedded catalog again with other listings (a feed
// that changed).
func (f *fixture) republish(t *testing.T, apps ...map[string]any) {
	t.Helper()
	body, _ := json.Marshal(apps)
	feed := fmt.Appendf(nil, `{"schema_version": 1, "listings": %s}`, body)
	st := catalog.NewSyncer(f.db, fstest.MapFS{"catalog.json": {Data: feed}}, nil, time.Now, nil).SyncAll(f.ctx)
	if st.Results[0].Error != "" || len(st.Results[0].Skipped) > 0 {
		t.Fatalf("republish: %+v", st.Results)
	}
}

// A removal whose revocation fails while the issuer-based server is briefly
// down is retried by the outbox at the endpoint stored at install (a
// concrete https URL), and delivered: the server no longer honours the
// token and the parked keychain item is gone.
func TestDeferredRevocationIsDeliveredForIssuerListings(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	f := setup(t, issued("ledger", as.Issuer))
	client := as.Client()
	f.trusting(client)
	inst := f.installAt(t, "ledger", as)
	tok, _ := f.installer.TokenOf(f.ctx, inst.ID)
	if !as.Active(tok.RefreshToken) {
		t.Fatal("the token should be active before removal")
	}
	as.Configure(func(o *hostileas.Options) { o.RevocationFailures = 2 }) // the removal's attempt and the outbox's first
	if err := f.manager.Remove(f.ctx, f.m, inst.ID, false); err != nil {
		t.Fatalf("the removal must complete locally: %v", err)
	}
	var url, item string
	f.db.Reader.QueryRow("SELECT url, json_extract(body, '$.token_item') FROM outbox WHERE kind = 'revocation'").Scan(&url, &item)
	if url != as.Issuer+"/revoke" {
		t.Fatalf("the deferred revocation targets %q, want the stored https endpoint", url)
	}
	if n := f.outbox.DeliverDue(f.ctx); n != 0 {
		t.Fatal("the server is still down: nothing can be delivered")
	}
	f.db.Writer.Exec("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00Z'") // the retry time comes
	f.outbox.DeliverDue(f.ctx)
	msgs, _ := f.outbox.Messages(f.ctx)
	for _, m := range msgs {
		if m.Kind == "revocation" && m.Status != "delivered" {
			t.Fatalf("revocation not delivered: %+v", m)
		}
	}
	if attempts, _ := as.Revocations(); as.Active(tok.RefreshToken) || attempts != 3 {
		t.Fatalf("the server still honours the token (revocation requests: %d)", attempts)
	}
	if _, err := f.vault.Get(f.ctx, item); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("the parked token %s is still in the keychain: %v", item, err)
	}
}

// A feed that moves an installed app to another authorization server does
// not move the installation: refresh, reconnect and revocation go to the
// server it was installed with, and the installation says its app's server
// changed.
func TestInstallationKeepsItsServerWhenTheFeedChangesIt(t *testing.T) {
	real := hostileas.New(t, hostileas.Options{ExpiresIn: 30}) // within a minute: Token refreshes
	other := hostileas.New(t, hostileas.Options{})
	f := setup(t, issued("ledger", real.Issuer))
	// One client that trusts both test servers.
	client := real.Client()
	client.Transport.(*http.Transport).TLSClientConfig.RootCAs.AddCert(other.Certificate())
	f.trusting(client)
	inst := f.installAt(t, "ledger", real)
	tok, _ := f.installer.TokenOf(f.ctx, inst.ID)

	f.republish(t, issued("ledger", other.Issuer))
	// Nobody installs the app at its new server before a manager's review.
	if _, err := f.installer.Prepare(f.ctx, f.owner, "ledger"); apperr.CodeOf(err) != apperr.Forbidden || !strings.Contains(err.Error(), "changed since your admins approved it") {
		t.Fatalf("a new install of the changed app: %v", err)
	}
	if got, _ := f.installer.For(f.ctx, f.m, "ledger"); got == nil || !got.AuthorizationChanged {
		t.Fatalf("the installation should say its app's server changed: %+v", got)
	}
	if _, err := f.installer.Token(f.ctx, f.m, "ledger"); err != nil {
		t.Fatal(err)
	}
	if real.Refreshes() != 1 || other.Refreshes() != 0 {
		t.Fatalf("refreshes: installed-with server %d, feed's new server %d", real.Refreshes(), other.Refreshes())
	}
	p, err := f.installer.PrepareReconnect(f.ctx, f.m, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := hostileas.NewBrowser(real)
	_, err = f.installer.Authorize(f.ctx, p, b, nil)
	b.Wait()
	if err != nil {
		t.Fatalf("reconnect: %v", err)
	}
	if real.Authorizations() != 2 || other.Authorizations() != 0 {
		t.Fatalf("consents: installed-with server %d, feed's new server %d", real.Authorizations(), other.Authorizations())
	}
	tok, _ = f.installer.TokenOf(f.ctx, inst.ID) // the latest one
	if err := f.manager.Remove(f.ctx, f.m, inst.ID, false); err != nil {
		t.Fatal(err)
	}
	realRevocations, _ := real.Revocations()
	otherRevocations, _ := other.Revocations()
	if otherRevocations != 0 || realRevocations != 1 || real.Active(tok.RefreshToken) {
		t.Fatalf("revocations: installed-with server %d, feed's new server %d", realRevocations, otherRevocations)
	}
	if !strings.HasPrefix(real.Issuer, "https://127.0.0.1:") {
		t.Fatal("test servers must be on loopback")
	}
}

// An installation made before 0009 knows only its issuer (the migration
// stored it): its endpoints are discovered from that issuer once, pinned,
// and its tokens refreshed and revoked there.
func TestInstallationFromBefore0009DiscoversAndPinsItsServer(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{ExpiresIn: 30})
	f := setup(t, issued("ledger", as.Issuer))
	client := as.Client()
	f.trusting(client)
	inst := f.installAt(t, "ledger", as)
	f.db.Writer.Exec("UPDATE installations SET authorization_endpoint = '', token_endpoint = '', revocation_endpoint = '' WHERE id = ?", inst.ID)
	if _, err := f.installer.Token(f.ctx, f.m, "ledger"); err != nil || as.Refreshes() != 1 {
		t.Fatalf("refresh of an installation from before 0009: %v (refreshes %d)", err, as.Refreshes())
	}
	var pinned string
	f.db.Reader.QueryRow("SELECT token_endpoint || ' ' || revocation_endpoint FROM installations WHERE id = ?", inst.ID).Scan(&pinned)
	if pinned != as.Issuer+"/token "+as.Issuer+"/revoke" {
		t.Fatalf("pinned endpoints: %q", pinned)
	}
	tok, _ := f.installer.TokenOf(f.ctx, inst.ID)
	if err := f.manager.Remove(f.ctx, f.m, inst.ID, false); err != nil {
		t.Fatal(err)
	}
	if as.Active(tok.RefreshToken) {
		t.Fatal("the removal did not revoke the token")
	}
}
