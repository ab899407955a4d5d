package orgmode_test

import (
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/app/approval"
)

// A manager's pre-approvals and blocks go to the server; the member's
// detail page reads them from there: install once approved, request
// otherwise, pending after asking, blocked after a block, request again
// after a revoke. A member may not pre-approve.
func TestDetailPageActionFollowsTheOrganization(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	me, err := member.orgmode.Me(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	state := func(app string) string {
		t.Helper()
		a, err := member.approvals.ActionFor(app)
		if err != nil {
			t.Fatalf("action for %s: %v", app, err)
		}
		return a.State
	}
	if got := state("daybook"); got != "request" {
		t.Fatalf("before any approval: %q", got)
	}
	if _, err := member.approvals.Ask("daybook", ""); err != nil {
		t.Fatal(err)
	}
	if got := state("daybook"); got != "pending" {
		t.Fatalf("after asking: %q", got)
	}
	if _, err := member.approvals.PreApprove("punchcard", approval.Grant{ForAccount: true}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member pre-approves: %v", err)
	}
	got, err := manager.approvals.PreApprove("punchcard", approval.Grant{UserIDs: []int64{me.ID}, Note: "for Max"})
	if err != nil || got.Scope != approval.ScopeUsers || len(got.UserIDs) != 1 || got.UserIDs[0] != me.ID {
		t.Fatalf("pre-approve for the member: %+v, %v", got, err)
	}
	if got := state("punchcard"); got != "install" {
		t.Fatalf("after the pre-approval: %q", got)
	}
	if a, err := manager.approvals.ActionFor("punchcard"); err != nil || a.Approval.Scope != approval.ScopeUsers {
		t.Fatalf("the manager's view: %+v, %v", a, err)
	}
	if err := manager.approvals.Block("punchcard", "retired"); err != nil {
		t.Fatal(err)
	}
	if got := state("punchcard"); got != approval.Blocked {
		t.Fatalf("after the block: %q", got)
	}
	if err := manager.approvals.Revoke("punchcard"); err != nil {
		t.Fatal(err)
	}
	if got := state("punchcard"); got != "request" {
		t.Fatalf("after the revoke: %q", got)
	}
	if err := manager.approvals.Revoke("punchcard"); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("revoking nothing: %v", err)
	}
}

// Admin → Apps shows the organization's approvals over the local catalog,
// with its pending requests; bulk actions go to the server; members may
// not see the list.
func TestAppsListAndBulkAtTheOrganization(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	manager.syncEmbedded(t)
	member.syncEmbedded(t)
	if _, err := member.approvals.Ask("daybook", ""); err != nil {
		t.Fatal(err)
	}
	res, err := manager.approvals.BulkPreApprove([]string{"punchcard", "quickslate"}, "team tools")
	if err != nil || len(res.Done) != 2 || len(res.Failed) != 0 {
		t.Fatalf("bulk pre-approve: %+v, %v", res, err)
	}
	apps, err := manager.approvals.Apps(approval.AppFilter{State: approval.ScopeAccount})
	if err != nil || len(apps) != 2 || apps[0].Note != "team tools" {
		t.Fatalf("approved for the account: %+v, %v", apps, err)
	}
	all, err := manager.approvals.Apps(approval.AppFilter{Text: "daybook"})
	if err != nil || len(all) != 1 || all[0].State != approval.ScopeNone || all[0].PendingRequests != 1 {
		t.Fatalf("daybook in the list: %+v, %v", all, err)
	}
	if res, err := manager.approvals.BulkRevoke([]string{"punchcard", "daybook"}); err != nil || len(res.Done) != 1 || res.Failed["daybook"] == "" {
		t.Fatalf("bulk revoke: %+v, %v", res, err)
	}
	if _, err := member.approvals.Apps(approval.AppFilter{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member sees the list: %v", err)
	}
}
