package orgmode_test

import (
	"context"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/app/audit"
)

// The audit log and the account's pre-approval switch are the
// organization's: the owner reads the server's log (filtered as the local
// log is), a member is refused by the server; turning the requirement off
// makes every user-level app installable for the member.
func TestAuditAndRequirementAtTheOrganization(t *testing.T) {
	o := startOrg(t, nil)
	owner := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	if _, err := member.approvals.Ask("daybook", "for my notes"); err != nil {
		t.Fatal(err)
	}
	log := func(d *desktop) *audit.Service {
		s := audit.NewService(d.db, func(context.Context, string) error { return nil }, nil)
		s.Org = d.orgmode
		return s
	}
	entries, err := log(owner).List(audit.Filter{Action: "request.", Actor: "MAX@"})
	if err != nil || len(entries) != 1 || entries[0].Action != "request.created" || entries[0].Target != "daybook" || entries[0].ActorEmail != "max@example.org" {
		t.Fatalf("the owner's filtered audit log = %+v, %v", entries, err)
	}
	if _, err := log(member).List(audit.Filter{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member reads the audit log: %v", err)
	}

	if _, err := member.accounts.SetRequirePreapproval(false); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member turns the requirement off: %v", err)
	}
	acct, err := owner.accounts.SetRequirePreapproval(false)
	if err != nil || acct.RequirePreapproval || acct.Name != "Example Org" {
		t.Fatalf("the owner turns the requirement off: %+v, %v", acct, err)
	}
	if a, err := member.approvals.ActionFor("punchcard"); err != nil || a.State != "install" {
		t.Fatalf("without the requirement: %+v, %v", a, err)
	}
}
