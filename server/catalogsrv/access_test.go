package catalogsrv_test

import (
	"fmt"
	"net/http"
	"testing"

	"marketdesk/server/catalogsrv"
)

// Per route: no token, a member, an admin without the manager privilege,
// a manager. Only what the rules allow succeeds, and a refused request
// changes nothing (no source, no audit entry, no event).
func TestOnlyWhatTheRulesAllowSucceeds(t *testing.T) {
	o := newOrg(t)
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))
	refused := map[string]int{"": http.StatusUnauthorized, "expired-or-forged": http.StatusUnauthorized,
		"member": http.StatusForbidden, "admin": http.StatusForbidden}

	for token, want := range refused {
		if got := call(t, o.api, "GET", "/api/v1/sources", token, nil); got.status != want {
			t.Errorf("GET sources as %q: %d %s, want %d", token, got.status, got.body, want)
		}
		if got := call(t, o.api, "POST", "/api/v1/sources", token, catalogsrv.NewSource{URL: url}); got.status != want {
			t.Errorf("POST sources as %q: %d %s, want %d", token, got.status, got.body, want)
		}
	}
	if n := o.auditCount(t, "catalog.source_added"); n != 0 || len(o.pub.kinds()) != 0 {
		t.Fatalf("refused adds left %d audit entries and events %v", n, o.pub.kinds())
	}

	added := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url})
	if added.status != http.StatusCreated {
		t.Fatalf("POST sources as manager: %d %s", added.status, added.body)
	}
	var report catalogsrv.SyncReport
	added.decode(t, &report)
	id := report.Source.ID
	syncPath, sourcePath := fmt.Sprintf("/api/v1/sources/%d/sync", id), fmt.Sprintf("/api/v1/sources/%d", id)

	for token, want := range refused {
		if got := call(t, o.api, "POST", syncPath, token, nil); got.status != want {
			t.Errorf("sync as %q: %d, want %d", token, got.status, want)
		}
		if got := call(t, o.api, "DELETE", sourcePath, token, nil); got.status != want {
			t.Errorf("DELETE source as %q: %d, want %d", token, got.status, want)
		}
	}
	if n := o.auditCount(t, "catalog.source_synced") + o.auditCount(t, "catalog.source_removed"); n != 0 {
		t.Fatalf("refused syncs and removals wrote %d audit entries", n)
	}

	// Signed-in routes: everyone of the account, nobody without a token.
	for _, token := range []string{"member", "admin", "manager", "owner"} {
		if got := call(t, o.api, "GET", "/api/v1/catalog/feed", token, nil); got.status != http.StatusOK {
			t.Errorf("GET feed as %s: %d", token, got.status)
		}
		if got := call(t, o.api, "PUT", "/api/v1/installations/acme-notes", token, catalogsrv.InstallationReport{Version: "1.0.0"}); got.status != http.StatusCreated {
			t.Errorf("PUT installation as %s: %d %s", token, got.status, got.body)
		}
		if got := call(t, o.api, "GET", "/api/v1/installations", token, nil); got.status != http.StatusOK {
			t.Errorf("GET installations as %s: %d", token, got.status)
		}
		if got := call(t, o.api, "DELETE", "/api/v1/installations/acme-notes", token, nil); got.status != http.StatusNoContent {
			t.Errorf("DELETE installation as %s: %d %s", token, got.status, got.body)
		}
	}
	for _, token := range []string{"", "expired-or-forged"} {
		for _, path := range []string{"/api/v1/catalog/feed", "/api/v1/installations"} {
			if got := call(t, o.api, "GET", path, token, nil); got.status != http.StatusUnauthorized {
				t.Errorf("GET %s with token %q: %d, want 401", path, token, got.status)
			}
		}
		for _, m := range []string{"PUT", "DELETE"} {
			if got := call(t, o.api, m, "/api/v1/installations/acme-notes", token, catalogsrv.InstallationReport{}); got.status != http.StatusUnauthorized {
				t.Errorf("%s installation with token %q: %d, want 401", m, token, got.status)
			}
		}
	}

	for _, c := range []struct{ method, path string }{{"GET", "/api/v1/sources"}, {"POST", syncPath}, {"DELETE", sourcePath}} {
		if got := call(t, o.api, c.method, c.path, "manager", nil); got.status/100 != 2 {
			t.Errorf("%s %s as manager: %d %s", c.method, c.path, got.status, got.body)
		}
	}
	if got, want := o.auditCount(t, "catalog.source_removed"), 1; got != want {
		t.Errorf("%d catalog.source_removed entries, want %d", got, want)
	}
	o.checkPublished(t)
}

// An account sees and changes only its own catalog and inventory: another
// account's source is "not found" (never "forbidden", which would confirm
// it exists), and a member lists only their own installations.
func TestAccountsAreIsolated(t *testing.T) {
	o := newOrg(t)
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))
	var report catalogsrv.SyncReport
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url}).decode(t, &report)
	src := fmt.Sprintf("/api/v1/sources/%d", report.Source.ID)

	var list catalogsrv.SourceList
	call(t, o.api, "GET", "/api/v1/sources", "b-owner", nil).decode(t, &list)
	if len(list.Sources) != 0 {
		t.Errorf("account B sees account A's sources: %+v", list.Sources)
	}
	if got := call(t, o.api, "POST", src+"/sync", "b-owner", nil); got.status != http.StatusNotFound {
		t.Errorf("B syncs A's source: %d %s, want 404", got.status, got.body)
	}
	if got := call(t, o.api, "DELETE", src, "b-owner", nil); got.status != http.StatusNotFound {
		t.Errorf("B removes A's source: %d %s, want 404", got.status, got.body)
	}
	a := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	b := call(t, o.api, "GET", "/api/v1/catalog/feed", "b-member", nil)
	if ids := feedIDs(t, b.body); len(ids) != 0 {
		t.Errorf("account B's feed lists A's apps: %v", ids)
	}
	if len(feedIDs(t, a.body)) != 1 {
		t.Errorf("account A's feed: %s", a.body)
	}
	// B may add the same URL: sources belong to an account.
	if got := call(t, o.api, "POST", "/api/v1/sources", "b-owner", catalogsrv.NewSource{URL: url}); got.status != http.StatusCreated {
		t.Errorf("B adds the same feed: %d %s", got.status, got.body)
	}

	call(t, o.api, "PUT", "/api/v1/installations/acme-notes", "member", catalogsrv.InstallationReport{Version: "1"})
	call(t, o.api, "PUT", "/api/v1/installations/acme-notes", "member2", catalogsrv.InstallationReport{Version: "1"})
	call(t, o.api, "PUT", "/api/v1/installations/acme-notes", "b-member", catalogsrv.InstallationReport{Version: "1"})
	var inv catalogsrv.InstallationList
	call(t, o.api, "GET", fmt.Sprintf("/api/v1/installations?user_id=%d", o.tokens["member2"].UserID), "member", nil).decode(t, &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].UserID != o.tokens["member"].UserID {
		t.Errorf("a member asking for another's installations got %+v, want only their own", inv.Installations)
	}
	call(t, o.api, "GET", "/api/v1/installations", "b-owner", nil).decode(t, &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].UserID != o.tokens["b-member"].UserID {
		t.Errorf("B's owner sees %+v, want only B's member", inv.Installations)
	}
	// member2's removal cannot touch member's installation.
	call(t, o.api, "DELETE", "/api/v1/installations/acme-notes", "member2", nil)
	call(t, o.api, "GET", "/api/v1/installations?app_id=acme-notes", "manager", nil).decode(t, &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].UserID != o.tokens["member"].UserID {
		t.Errorf("after member2's removal the manager sees %+v, want member's only", inv.Installations)
	}
	o.checkPublished(t)
}
