package manage

import (
	"context"
	"encoding/json"
	"marketdesk/app/apperr"
	"testing"

	"marketdesk/app/account"
	"marketdesk/app/audit"
)

// historyAs calls the bound History as the signed-in user who.
func (f *fixture) historyAs(t *testing.T, who account.User, listingID string) []audit.Entry {
	t.Helper()
	if _, err := f.accounts.SwitchUser(f.ctx, f.owner, who.ID); err != nil {
		t.Fatal(err)
	}
	svc := NewService(context.Background(), f.manager, f.outbox, f.accounts, nil, func(string, any) {})
	entries, err := svc.History(listingID)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func installationOf(e audit.Entry) int64 {
	var d struct{ Installation int64 }
	json.Unmarshal([]byte(e.Details), &d)
	return d.Installation
}

// The audit log is for managers: a member's History of an app holds only the
// events of their own installation of it: not another member's, not the
// account's installation, not approvals; and "notes" never brings
// "meeting-notes".
func TestMemberHistoryShowsOnlyTheirOwnInstallationOfThatExactApp(t *testing.T) {
	f := setup(t, app("notes", "user", nil, ""), app("meeting-notes", "user", nil, ""), app("board", "account", nil, ""))
	other, err := f.accounts.AddUser(f.ctx, f.owner, account.NewUser{Profile: account.Profile{Name: "Ola", Email: "ola@acme.example"}, Role: account.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	mine := f.install(t, "notes", f.m)
	theirs := f.install(t, "notes", other)
	f.install(t, "meeting-notes", f.m)
	board := f.install(t, "board", f.owner)

	got := f.historyAs(t, f.m, "notes")
	if len(got) == 0 {
		t.Fatal("a member sees no history of their own installation")
	}
	for _, e := range got {
		if e.Target != "notes" || installationOf(e) != mine.ID {
			t.Errorf("member sees %s on %s (installation %d); only installation %d of notes is theirs", e.Action, e.Target, installationOf(e), mine.ID)
		}
	}
	if got := f.historyAs(t, f.m, "board"); len(got) != 0 {
		t.Errorf("member reads the account's installation history: %+v", got)
	}
	if got := f.historyAs(t, other, "meeting-notes"); len(got) != 0 {
		t.Errorf("member reads another member's installation history: %+v", got)
	}

	// Managers read the whole history of the exact app, and only of that app.
	seen := map[int64]bool{}
	approvals := 0
	for _, e := range f.historyAs(t, f.owner, "notes") {
		if e.Target != "notes" {
			t.Errorf("History(notes) returned an entry about %q", e.Target)
		}
		seen[installationOf(e)] = true
		if e.Action == "approval.granted" {
			approvals++
		}
	}
	if !seen[mine.ID] || !seen[theirs.ID] || approvals == 0 {
		t.Errorf("a manager should see both installations and the approval of notes: %v, %d approvals", seen, approvals)
	}
	if got := f.historyAs(t, f.owner, "board"); len(got) == 0 || installationOf(got[0]) != board.ID {
		t.Errorf("a manager should see the account's installation: %+v", got)
	}
}

// Developer notices carry every user's removals: managers see them, a
// member is refused by the service, not only by a hidden section.
func TestDeveloperNoticesAreForManagers(t *testing.T) {
	f := setup(t, app("notes", "user", nil, ""))
	svc := NewService(context.Background(), f.manager, f.outbox, f.accounts, nil, func(string, any) {})
	if _, err := svc.Outbox(); err != nil {
		t.Fatalf("the owner's outbox: %v", err)
	}
	if _, err := f.accounts.SwitchUser(f.ctx, f.owner, f.m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Outbox(); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a member's Outbox: %v, want forbidden", err)
	}
	if _, err := svc.DeveloperNotices(); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a member's DeveloperNotices: %v, want forbidden", err)
	}
}
