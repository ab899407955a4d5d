package catalogsrv_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"marketdesk/server/catalogsrv"
	"marketdesk/server/events"
)

// Desktops report installs and removals; reporting the same thing again
// changes nothing; managers see who uses what; each change is audited and
// heard by the person and the managers (the event's UserID).
func TestInstallationsInventory(t *testing.T) {
	o := newOrg(t)
	put := func(token, app string, in catalogsrv.InstallationReport) response {
		return call(t, o.api, "PUT", "/api/v1/installations/"+app, token, in)
	}
	if got := put("member", "acme-notes", catalogsrv.InstallationReport{Version: "1.0.0"}); got.status != http.StatusCreated {
		t.Fatalf("first report: %d %s", got.status, got.body)
	}
	e := o.pub.last()
	var data catalogsrv.Installation
	if err := json.Unmarshal(e.Data, &data); err != nil || e.Kind != events.InstallationsChanged || e.UserID != o.tokens["member"].UserID || data.AppID != "acme-notes" {
		t.Errorf("event %+v (%v): want installations.changed for the member, carrying the installation", e, err)
	}
	if got := put("member", "acme-notes", catalogsrv.InstallationReport{Version: "1.0.0"}); got.status != http.StatusOK || o.auditCount(t, "installation.updated") != 0 {
		t.Errorf("the same report again: %d, %d updates audited; want 200 and no entry", got.status, o.auditCount(t, "installation.updated"))
	}
	if got := put("member", "acme-notes", catalogsrv.InstallationReport{Version: "1.1.0"}); got.status != http.StatusOK || o.auditCount(t, "installation.updated") != 1 {
		t.Errorf("a new version: %d, %d updates audited; want 200 and one entry", got.status, o.auditCount(t, "installation.updated"))
	}
	// Rule 3: account-level apps are installed by managers.
	if got := put("member", "zeta-crm", catalogsrv.InstallationReport{Scope: "account"}); got.status != http.StatusForbidden {
		t.Errorf("a member reports an account-level install: %d, want 403", got.status)
	}
	if got := put("admin", "zeta-crm", catalogsrv.InstallationReport{Scope: "account"}); got.status != http.StatusForbidden {
		t.Errorf("an admin without the privilege reports an account-level install: %d, want 403", got.status)
	}
	if got := call(t, o.api, "PUT", "/api/v1/installations/acme-chat", "member2", nil); got.status != http.StatusCreated || !strings.Contains(string(got.body), `"scope":"user"`) {
		t.Errorf("a report without a body: %d %s; want 201, a user-level install", got.status, got.body)
	}
	if got := put("manager", "zeta-crm", catalogsrv.InstallationReport{Scope: "account", Version: "2"}); got.status != http.StatusCreated {
		t.Errorf("a manager reports an account-level install: %d %s", got.status, got.body)
	}
	// Everyone hears of an account-level app (rule 3), not only its installer and the managers.
	if e := o.pub.last(); e.Kind != events.InstallationsChanged || e.UserID != 0 {
		t.Errorf("event %+v: want installations.changed for everyone in the account", e)
	}
	for _, bad := range []struct {
		app string
		in  catalogsrv.InstallationReport
	}{{"Not_An_Id", catalogsrv.InstallationReport{}}, {"acme-notes", catalogsrv.InstallationReport{Scope: "team"}},
		{"acme-notes", catalogsrv.InstallationReport{Version: "1\n2"}}} {
		if got := put("member", bad.app, bad.in); got.status != http.StatusBadRequest {
			t.Errorf("report %s %+v: %d, want 400", bad.app, bad.in, got.status)
		}
	}

	var inv catalogsrv.InstallationList
	call(t, o.api, "GET", "/api/v1/installations", "manager", nil).decode(t, &inv)
	if len(inv.Installations) != 3 || inv.Installations[1].AppID != "acme-notes" || inv.Installations[1].UserName != "User member" || inv.Installations[1].Version != "1.1.0" {
		t.Errorf("the manager's inventory: %+v", inv.Installations)
	}
	call(t, o.api, "GET", "/api/v1/installations?app_id=zeta-crm", "manager", nil).decode(t, &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].Scope != "account" {
		t.Errorf("filtered by app: %+v", inv.Installations)
	}
	// Others' user-level installations stay private; account-level apps are
	// everyone's (rule 3: members see them installed by the account).
	call(t, o.api, "GET", "/api/v1/installations", "admin", nil).decode(t, &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].AppID != "zeta-crm" || inv.Installations[0].Scope != "account" {
		t.Errorf("an admin without the privilege sees: %+v, want only the account-level app", inv.Installations)
	}

	if got := call(t, o.api, "DELETE", "/api/v1/installations/acme-notes", "member", nil); got.status != http.StatusNoContent {
		t.Errorf("removal: %d %s", got.status, got.body)
	}
	if got := call(t, o.api, "DELETE", "/api/v1/installations/acme-notes", "member", nil); got.status != http.StatusNotFound {
		t.Errorf("second removal: %d, want 404", got.status)
	}
	if n := o.auditCount(t, "installation.added") + o.auditCount(t, "installation.removed"); n != 4 {
		t.Errorf("%d added/removed audit entries, want 4", n)
	}
	call(t, o.api, "GET", "/api/v1/installations", "member", nil).decode(t, &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].AppID != "zeta-crm" {
		t.Errorf("after removal the member sees %+v, want only the account-level app", inv.Installations)
	}
	o.checkPublished(t)
}
