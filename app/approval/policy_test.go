package approval

import (
	"testing"

	"marketdesk/app/account"
)

func TestDecide(t *testing.T) {
	member := account.User{Role: account.RoleMember}
	admin := account.User{Role: account.RoleAdmin}
	manager := account.User{Role: account.RoleAdmin, Manager: true}
	tests := []struct {
		name string
		f    Facts
		want Decision
	}{
		{"member, approved user app", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true, ApprovedForUser: true}, Decision{true, Allowed, false}},
		{"member, unapproved user app", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true}, Decision{false, NeedsPreapproval, false}},
		{"member, unapproved, requirement off", Facts{User: member, AppType: "user", Listed: true}, Decision{true, Allowed, false}},
		{"member, account app, approved", Facts{User: member, RequirePreapproval: true, AppType: "account", Listed: true, ApprovedForUser: true}, Decision{false, AdminsOnly, false}},
		{"member, account app, requirement off", Facts{User: member, AppType: "account", Listed: true}, Decision{false, AdminsOnly, false}},
		{"admin without privilege, account app", Facts{User: admin, AppType: "account", Listed: true}, Decision{false, AdminsOnly, false}},
		{"manager, account app", Facts{User: manager, RequirePreapproval: true, AppType: "account", Listed: true}, Decision{true, Allowed, false}},
		{"manager, unapproved user app", Facts{User: manager, RequirePreapproval: true, AppType: "user", Listed: true}, Decision{true, Allowed, true}},
		{"manager, approved user app", Facts{User: manager, RequirePreapproval: true, AppType: "user", Listed: true, ApprovedForUser: true}, Decision{true, Allowed, false}},
		{"manager, changed app", Facts{User: manager, RequirePreapproval: true, AppType: "user", Listed: true, ApprovalChanged: true}, Decision{false, NeedsReview, false}},
		{"admin without privilege, unapproved user app", Facts{User: admin, RequirePreapproval: true, AppType: "user", Listed: true}, Decision{false, NeedsPreapproval, false}},
		{"blocked beats approval", Facts{User: manager, AppType: "user", Listed: true, Blocked: true, ApprovedForUser: true}, Decision{false, Blocked, false}},
		{"approval given before the app changed", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true, ApprovalChanged: true}, Decision{false, NeedsReview, false}},
		{"changed app, requirement off", Facts{User: member, AppType: "user", Listed: true, ApprovalChanged: true}, Decision{true, Allowed, false}},
		{"changed app, blocked", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true, Blocked: true, ApprovalChanged: true}, Decision{false, Blocked, false}},
		{"delisted", Facts{User: manager, AppType: "user", Listed: false, ApprovedForUser: true}, Decision{false, NotListed, false}},
	}
	for _, tt := range tests {
		if got := Decide(tt.f); got != tt.want {
			t.Errorf("%s: Decide = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
