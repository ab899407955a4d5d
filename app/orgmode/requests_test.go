package orgmode_test

import (
	"errors"
	"testing"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/approval"
	"marketdesk/app/orgmode"
)

// In organization mode a member's request reaches the server, a manager on
// another desktop sees it and decides with a note, and the member's
// service reads the decision. Then the server goes away: reads return the
// last known state, and an action says it needs the organization server.
func TestRequestDecidedAtTheOrganization(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw") // the first of the owners' group: owner
	member := signIn(t, o, "max", "max-pw")

	st, err := member.accounts.Status()
	if err != nil || !st.Initialized || st.Me.Email != "max@example.org" || st.Me.Role != account.RoleMember || st.Account.Name != "Example Org" {
		t.Fatalf("member status = %+v, %v", st, err)
	}
	asked, err := member.approvals.Ask("acme-notes", "for meeting notes")
	if err != nil || asked.Status != approval.StatusPending || asked.ID == 0 {
		t.Fatalf("ask = %+v, %v", asked, err)
	}
	if n, err := manager.approvals.PendingCount(); err != nil || n != 1 {
		t.Fatalf("manager's badge = %d, %v", n, err)
	}
	queue, err := manager.approvals.Requests(approval.StatusPending)
	if err != nil || len(queue) != 1 || queue[0].ID != asked.ID || queue[0].UserEmail != "max@example.org" || queue[0].Reason != "for meeting notes" {
		t.Fatalf("manager's queue = %+v, %v", queue, err)
	}
	// A member may not decide: the server refuses.
	if _, err := member.approvals.Decide(asked.ID, approval.Verdict{Approve: true}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("member decides: %v", err)
	}
	decided, err := manager.approvals.Decide(asked.ID, approval.Verdict{Approve: true, Note: "enjoy"})
	if err != nil || decided.Status != approval.StatusApproved {
		t.Fatalf("decide = %+v, %v", decided, err)
	}
	mine, err := member.approvals.MyRequests()
	if err != nil || len(mine) != 1 || mine[0].Status != approval.StatusApproved || mine[0].DecisionNote != "enjoy" || mine[0].DecidedAt == "" {
		t.Fatalf("member's requests after the decision = %+v, %v", mine, err)
	}
	// The local database holds only the stand-in of the SSO identity, with
	// no requests: the list above came from the server.
	if local, err := account.New(member.db, nil).Current(t.Context()); err != nil || local.Email != "max@example.org" {
		t.Fatalf("local stand-in of the member: %+v, %v", local, err)
	}
	var localRequests int
	if err := member.db.Reader.QueryRow("SELECT count(*) FROM requests").Scan(&localRequests); err != nil || localRequests != 0 {
		t.Fatalf("local requests: %d, %v", localRequests, err)
	}

	o.srv.CloseClientConnections()
	o.srv.Close()
	mine, err = member.approvals.MyRequests()
	if err != nil || len(mine) != 1 || mine[0].Status != approval.StatusApproved {
		t.Fatalf("offline: my requests = %+v, %v", mine, err)
	}
	if st, err := member.accounts.Status(); err != nil || st.Me.Email != "max@example.org" {
		t.Fatalf("offline: status = %+v, %v", st, err)
	}
	_, err = member.approvals.Ask("acme-chat", "")
	if !orgmode.IsNeedsServer(err) || apperr.CodeOf(err) != orgmode.NeedsServer {
		t.Fatalf("offline: ask = %v, want needs the organization server", err)
	}
	if err := member.approvals.Cancel(asked.ID); !orgmode.IsNeedsServer(err) {
		t.Fatalf("offline: cancel = %v", err)
	}
}

// "Switch user" and local account editing are refused in organization
// mode: your identity is your organization sign-in.
func TestSwitchUserRefusedInOrganizationMode(t *testing.T) {
	o := startOrg(t, nil)
	owner := signIn(t, o, "olga", "olga-pw")
	if _, err := owner.accounts.SwitchUser(1); !errors.Is(err, orgmode.ErrSSOIdentity) || apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("switch user: %v", err)
	}
	if _, err := owner.accounts.AddUser(account.NewUser{Profile: account.Profile{Name: "Eve", Email: "eve@example.org"}, Role: account.RoleMember}); !errors.Is(err, orgmode.ErrSSOIdentity) {
		t.Fatalf("add user: %v", err)
	}
	if _, err := owner.accounts.Init(account.InitInput{AccountName: "Local", Name: "Olga", Email: "olga@example.org"}); !errors.Is(err, orgmode.ErrSSOIdentity) {
		t.Fatalf("init a local account: %v", err)
	}
	users, err := owner.accounts.Users()
	if err != nil || len(users) != 1 || users[0].Email != "olga@example.org" || !users[0].Manager {
		t.Fatalf("users = %+v, %v", users, err)
	}
}
