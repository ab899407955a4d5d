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
	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/oauthflow/hostileas"
)

// fromFeed adds a feed served on 127.0.0.2 (classified feedClass) listing
// "ledger", whose authorization server as is on 127.0.0.1, classified
// Private (an intranet server); a manager pre-approves it; the installer,
// the manager and the outbox use the app's guarded client.
func fromFeed(t *testing.T, as *hostileas.Server, feedClass netguard.Class) *fixture {
	t.Helper()
	l := issued("ledger", as.Issuer)
	l["icon"] = "https://127.0.0.2/x.svg" // a remote feed's icons are https URLs
	listings, _ := json.Marshal([]map[string]any{l})
	feed := netguardtest.TLSServerOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"schema_version": 1, "listings": %s}`, listings)
	}))
	f := setup(t, app("notes", "user", nil, ""))
	classes := map[string]netguard.Class{"127.0.0.1": netguard.Private, "127.0.0.2": feedClass}
	client := netguardtest.Guard(f.sandbox.Issuer, classes, nil, feed, as.Server).Client()
	syncer := catalog.NewSyncer(f.db, fstest.MapFS{}, client, time.Now, nil)
	if res, err := syncer.AddSource(f.ctx, f.owner, feed.URL+"/feed.json"); err != nil || res.Added != 1 {
		t.Fatalf("add the %s feed: %+v, %v", feedClass, res, err)
	}
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "ledger", approval.Grant{ForAccount: true}); err != nil {
		t.Fatal(err)
	}
	f.trusting(client)
	return f
}

// An intranet feed (served from a private address) keeps working with its
// own authorization server on a private address: discovery, consent, token
// exchange, refresh, reconnect, the removal's revocation and the outbox's
// retry all reach it, as requests made for that feed's origin class.
func TestIntranetFeedUsesItsIntranetAuthorizationServer(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{ExpiresIn: 30}) // within a minute: Token refreshes
	f := fromFeed(t, as, netguard.Private)
	inst := f.installAt(t, "ledger", as)
	if _, err := f.installer.Token(f.ctx, f.m, "ledger"); err != nil || as.Refreshes() != 1 {
		t.Fatalf("refresh at the intranet server: %v (refreshes %d)", err, as.Refreshes())
	}
	p, err := f.installer.PrepareReconnect(f.ctx, f.m, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := hostileas.NewBrowser(as)
	_, err = f.installer.Authorize(f.ctx, p, b, nil)
	b.Wait()
	if err != nil || as.Authorizations() != 2 {
		t.Fatalf("reconnect at the intranet server: %v (consents %d)", err, as.Authorizations())
	}
	tok, _ := f.installer.TokenOf(f.ctx, inst.ID)
	as.Configure(func(o *hostileas.Options) { o.RevocationFailures = 1 }) // the removal's attempt reaches it and fails
	if err := f.manager.Remove(f.ctx, f.m, inst.ID, false); err != nil {
		t.Fatal(err)
	}
	if attempts, _ := as.Revocations(); attempts != 1 {
		t.Fatalf("the removal's revocation did not reach the intranet server (%d attempts)", attempts)
	}
	if n := f.outbox.DeliverDue(f.ctx); n != 1 {
		msgs, _ := f.outbox.Messages(f.ctx)
		t.Fatalf("the outbox's retry was not delivered: %+v", msgs)
	}
	if attempts, _ := as.Revocations(); attempts != 2 || as.Active(tok.RefreshToken) {
		t.Fatalf("the intranet server still honours the token (%d attempts)", attempts)
	}
}

// A feed served from a public address cannot make Marketdesk contact an
// authorization server on a private address: the install is refused before
// the browser opens (at discovery, by the dialler's address check) and
// nothing is recorded.
func TestPublicFeedCannotUseAnIntranetAuthorizationServer(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	f := fromFeed(t, as, netguard.Public)
	_, err := f.installer.Prepare(f.ctx, f.m, "ledger")
	var refused *netguard.RefusedAddressError
	if !errors.As(err, &refused) || refused.Origin != netguard.Public || refused.Class != netguard.Private {
		t.Fatalf("Prepare = %v, want the private address refused for a public feed", err)
	}
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "will not contact") {
		t.Fatalf("code %s (%v), want %s: a refusal, not a network failure", apperr.CodeOf(err), err, apperr.Invalid)
	}
	if as.Authorizations() != 0 || len(as.Exchanges()) != 0 {
		t.Fatal("the intranet server was used")
	}
	var rows int
	f.db.Reader.QueryRow("SELECT count(*) FROM installations").Scan(&rows)
	if rows != 0 {
		t.Fatalf("%d installation(s) recorded", rows)
	}
}
