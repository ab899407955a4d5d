package catalogsrv_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"marketdesk/server/catalogsrv"
)

// A desktop registers an install before its browser opens; the server
// refuses what the account's policy forbids: a blocked app (to managers
// too), and while pre-approval is required, a member's user-level app with
// no pre-approval for the account or for them. An installation already on
// record may be re-reported after a block.
func TestAdmissionRefusesWhatThePolicyForbids(t *testing.T) {
	o := newOrg(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := o.d.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec("UPDATE accounts SET require_preapproval = true WHERE id = $1", o.a)
	put := func(token, app string) response {
		return call(t, o.api, "PUT", "/api/v1/installations/"+app, token, catalogsrv.InstallationReport{Version: "1"})
	}
	if got := put("member", "acme-notes"); got.status != http.StatusForbidden || !strings.Contains(string(got.body), "not pre-approved") {
		t.Fatalf("a member's unapproved app: %d %s", got.status, got.body)
	}
	if got := put("manager", "acme-notes"); got.status != http.StatusCreated {
		t.Fatalf("a manager needs no pre-approval: %d %s", got.status, got.body)
	}
	exec("INSERT INTO preapprovals (account_id, listing_id, scope, user_id) VALUES ($1, 'acme-notes', 'user', $2)", o.a, o.tokens["member"].UserID)
	if got := put("member", "acme-notes"); got.status != http.StatusCreated {
		t.Fatalf("pre-approved for the member: %d %s", got.status, got.body)
	}
	if got := put("member2", "acme-notes"); got.status != http.StatusForbidden {
		t.Fatalf("pre-approved for another member only: %d %s", got.status, got.body)
	}
	exec("INSERT INTO preapprovals (account_id, listing_id, scope, message) VALUES ($1, 'zeta-crm', 'blocked', 'use the CRM we have')", o.a)
	if got := put("owner", "zeta-crm"); got.status != http.StatusForbidden || !strings.Contains(string(got.body), "use the CRM we have") {
		t.Fatalf("a blocked app, owner: %d %s", got.status, got.body)
	}
	exec("INSERT INTO preapprovals (account_id, listing_id, scope) VALUES ($1, 'acme-notes', 'blocked')", o.a)
	if got := put("member", "acme-notes"); got.status != http.StatusOK {
		t.Fatalf("re-reporting an installation on record after a block: %d %s", got.status, got.body)
	}
	if got := put("member2", "acme-notes"); got.status != http.StatusForbidden || !strings.Contains(string(got.body), "blocked") {
		t.Fatalf("a new installation after the block: %d %s", got.status, got.body)
	}
}
