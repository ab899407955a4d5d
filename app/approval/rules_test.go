package approval

import (
	"slices"
	"testing"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
)

// Every manager-only method, called directly as a member and as an admin
// without the privilege, is refused with "forbidden" and changes nothing.
func TestManagerOnlyMethodsRefuseOthers(t *testing.T) {
	f := setup(t)
	pending, err := f.approvals.Ask(f.ctx, f.n, "app-b", "please")
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]func(u account.User) error{
		"PreApprove": func(u account.User) error {
			_, err := f.approvals.PreApprove(f.ctx, u, "app-a", Grant{ForAccount: true})
			return err
		},
		"Revoke": func(u account.User) error { return f.approvals.Revoke(f.ctx, u, "app-a") },
		"Block":  func(u account.User) error { return f.approvals.Block(f.ctx, u, "app-a", "") },
		"BulkPreApprove": func(u account.User) error {
			_, err := f.approvals.BulkPreApprove(f.ctx, u, []string{"app-a"}, "")
			return err
		},
		"BulkRevoke": func(u account.User) error {
			_, err := f.approvals.BulkRevoke(f.ctx, u, []string{"app-a"})
			return err
		},
		"Apps": func(u account.User) error {
			_, err := f.approvals.Apps(f.ctx, u, AppFilter{})
			return err
		},
		"Requests": func(u account.User) error {
			_, err := f.approvals.Requests(f.ctx, u, "")
			return err
		},
		"PendingCount": func(u account.User) error {
			_, err := f.approvals.PendingCount(f.ctx, u)
			return err
		},
		"DecideRequest": func(u account.User) error {
			_, err := f.approvals.DecideRequest(f.ctx, u, pending.ID, Verdict{Approve: true})
			return err
		},
		"AddUser": func(u account.User) error {
			_, err := f.accounts.AddUser(f.ctx, u, account.NewUser{Profile: account.Profile{Name: "X", Email: "x@acme.example"}, Role: account.RoleMember})
			return err
		},
		"UpdateUser": func(u account.User) error {
			_, err := f.accounts.UpdateUser(f.ctx, u, f.m.ID, account.NewUser{Profile: account.Profile{Name: "Mel", Email: "mel@acme.example"}, Role: account.RoleAdmin})
			return err
		},
		"RemoveUser": func(u account.User) error { return f.accounts.RemoveUser(f.ctx, u, f.m.ID) },
		"SetManager": func(u account.User) error {
			_, err := f.accounts.SetManager(f.ctx, u, f.admin.ID, true)
			return err
		},
		"SetRequirePreapproval": func(u account.User) error {
			_, err := f.accounts.SetRequirePreapproval(f.ctx, u, false)
			return err
		},
	}
	before := snapshot(t, f)
	for name, call := range calls {
		for _, who := range []account.User{f.m, f.admin} {
			if err := call(who); apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("%s as %s (%s): err = %v, want forbidden", name, who.Name, who.Role, err)
			}
		}
	}
	if after := snapshot(t, f); after != before {
		t.Errorf("refused calls changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot summarizes every table a refused call could have touched.
func snapshot(t *testing.T, f *fixture) string {
	t.Helper()
	var s string
	for _, q := range []string{
		"SELECT count(*) || ':' || coalesce(group_concat(listing_id || scope), '') FROM approvals",
		"SELECT count(*) || ':' || coalesce(group_concat(status), '') FROM requests",
		"SELECT count(*) || ':' || coalesce(group_concat(role || marketplace_manager || email), '') FROM users",
		"SELECT require_preapproval FROM account",
		"SELECT count(*) FROM audit_log",
	} {
		var v string
		if err := f.db.Reader.QueryRow(q).Scan(&v); err != nil {
			t.Fatal(err)
		}
		s += v + " | "
	}
	return s
}

func TestUnknownIdsAreNotFound(t *testing.T) {
	f := setup(t)
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "nope", Grant{ForAccount: true}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown app: %v", err)
	}
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "app-a", Grant{UserIDs: []int64{999}}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown user: %v", err)
	}
	if _, err := f.approvals.DecideRequest(f.ctx, f.owner, 999, Verdict{}); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown request: %v", err)
	}
	if err := f.accounts.RemoveUser(f.ctx, f.owner, 999); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown user removal: %v", err)
	}
}

func TestApprovingAnAppThatLeftTheCatalogIsRefused(t *testing.T) {
	f := setup(t)
	f.db.Writer.Exec("UPDATE listings SET no_longer_listed = 1 WHERE id = 'app-a'")
	_, err := f.approvals.PreApprove(f.ctx, f.owner, "app-a", Grant{ForAccount: true})
	if apperr.CodeOf(err) != apperr.Invalid || err.Error() != "App app-a is no longer listed in the catalog and cannot be approved" {
		t.Fatalf("err = %v", err)
	}
}

func TestLastOwnerStays(t *testing.T) {
	f := setup(t)
	if err := f.accounts.RemoveUser(f.ctx, f.owner, f.owner.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("removing the last owner: %v", err)
	}
	_, err := f.accounts.UpdateUser(f.ctx, f.owner, f.owner.ID, account.NewUser{Profile: account.Profile{Name: "Olive", Email: "olive@acme.example"}, Role: account.RoleMember})
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("demoting the last owner: %v", err)
	}
	if _, err := f.accounts.AddUser(f.ctx, f.manager, account.NewUser{Profile: account.Profile{Name: "Z", Email: "z@acme.example"}, Role: account.RoleOwner}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a non-owner manager making an owner: %v", err)
	}
	// The wrong users: an admin with the manager privilege, and a member.
	if err := f.accounts.RemoveUser(f.ctx, f.manager, f.owner.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a non-owner manager removing the owner: %v", err)
	}
	if err := f.accounts.RemoveUser(f.ctx, f.m, f.owner.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a member removing the owner: %v", err)
	}
	if users, _ := f.accounts.Users(f.ctx); !slices.ContainsFunc(users, func(u account.User) bool { return u.ID == f.owner.ID }) {
		t.Error("the last owner is gone")
	}
}
