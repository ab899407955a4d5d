package policy_test

import (
	"fmt"
	"testing"

	"marketdesk/server/policy"
)

// An owner of account B cannot see or touch account A's objects: they are
// not found (404), as if they did not exist, and nothing changes.
func TestAnotherAccountsObjectsAreNotFound(t *testing.T) {
	f := setup(t, policy.Options{})
	req := f.request("member")
	approval := f.approval()
	f.must(204, "manager", "DELETE", fmt.Sprintf("/api/v1/requests/%d", f.request("manager")), nil) // some audit in A
	audit, evs := f.counts()

	touches := []struct {
		method, path string
		body         any
	}{
		{"GET", fmt.Sprintf("/api/v1/requests/%d", req), nil},
		{"DELETE", fmt.Sprintf("/api/v1/requests/%d", req), nil},
		{"POST", fmt.Sprintf("/api/v1/requests/%d/decision", req), map[string]any{"approve": true}},
		{"DELETE", fmt.Sprintf("/api/v1/approvals/%d", approval), nil},
		{"PUT", fmt.Sprintf("/api/v1/users/%d/role", f.id("member")), map[string]any{"role": "admin"}},
		{"DELETE", fmt.Sprintf("/api/v1/users/%d", f.id("member")), nil},
		{"POST", "/api/v1/approvals", map[string]any{"listing_id": "x", "scope": "user", "user_ids": []int64{f.id("member")}}},
	}
	for _, c := range touches {
		if r := f.call("b-owner", c.method, c.path, c.body); r.status != 404 || r.code() != "not_found" {
			t.Errorf("B's owner: %s %s = %d %s, want 404", c.method, c.path, r.status, r.raw)
		}
	}
	if a, e := f.counts(); a != audit || e != evs {
		t.Errorf("refused calls changed the audit log (%d -> %d) or events (%d -> %d)", audit, a, evs, e)
	}
	lists := map[string]string{"/api/v1/requests": "requests", "/api/v1/approvals": "approvals", "/api/v1/audit": "entries"}
	for path, key := range lists {
		if n := len(f.must(200, "b-owner", "GET", path, nil).body[key].([]any)); n != 0 {
			t.Errorf("B's owner lists %d of A's %s", n, key)
		}
	}
	users := f.must(200, "b-owner", "GET", "/api/v1/users", nil).body["users"].([]any)
	if len(users) != 2 {
		t.Errorf("B's owner lists %d users, want B's two", len(users))
	}
	me := f.must(200, "b-member", "GET", "/api/v1/me", nil).body
	if me["account"].(map[string]any)["name"] != "Bolt" {
		t.Errorf("B's member: %v", me)
	}
}
