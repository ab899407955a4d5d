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
		{"member, approved user app", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true, ApprovedForUser: true}, Decision{true, Allowed}},
		{"member, unapproved user app", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true}, Decision{false, NeedsPreapproval}},
		{"member, unapproved, requirement off", Facts{User: member, AppType: "user", Listed: true}, Decision{true, Allowed}},
		{"member, account app, approved", Facts{User: member, RequirePreapproval: true, AppType: "account", Listed: true, ApprovedForUser: true}, Decision{false, AdminsOnly}},
		{"member, account app, requirement off", Facts{User: member, AppType: "account", Listed: true}, Decision{false, AdminsOnly}},
		{"admin without privilege, account app", Facts{User: admin, AppType: "account", Listed: true}, Decision{false, AdminsOnly}},
		{"manager, account app", Facts{User: manager, RequirePreapproval: true, AppType: "account", Listed: true}, Decision{true, Allowed}},
		{"manager, unapproved user app", Facts{User: manager, RequirePreapproval: true, AppType: "user", Listed: true}, Decision{false, NeedsPreapproval}},
		{"blocked beats approval", Facts{User: manager, AppType: "user", Listed: true, Blocked: true, ApprovedForUser: true}, Decision{false, Blocked}},
		{"approval given before the app changed", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true, ApprovalChanged: true}, Decision{false, NeedsReview}},
		{"changed app, requirement off", Facts{User: member, AppType: "user", Listed: true, ApprovalChanged: true}, Decision{true, Allowed}},
		{"changed app, blocked", Facts{User: member, RequirePreapproval: true, AppType: "user", Listed: true, Blocked: true, ApprovalChanged: true}, Decision{false, Blocked}},
		{"delisted", Facts{User: manager, AppType: "user", Listed: false, ApprovedForUser: true}, Decision{false, NotListed}},
	}
	for _, tt := range tests {
		if got := Decide(tt.f); got != tt.want {
			t.Errorf("%s: Decide = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
