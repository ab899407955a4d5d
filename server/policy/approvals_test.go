package policy_test

import (
	"fmt"
	"testing"
	"time"

	"marketdesk/server/policy"
)

// A pre-approval with an expiry counts until then, is listed for the
// managers' reminder before, and lapses after: computed when read.
func TestPreapprovalExpiryLapses(t *testing.T) {
	f := setup(t, policy.Options{})
	now := f.clock.Now()
	f.must(400, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "figma", "scope": "user",
		"user_ids": []int64{f.id("member")}, "expires_at": now.Add(-time.Minute)}) // already past
	a := f.must(201, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "figma", "scope": "user",
		"user_ids": []int64{f.id("member")}, "expires_at": now.Add(48 * time.Hour)}).body["approvals"].([]any)[0].(map[string]any)
	if a["lapsed"] != false || a["scope"] != "user" {
		t.Fatalf("granted = %v", a)
	}
	if kind, _, user := f.lastEvent(); kind != "approvals.changed" || user != f.id("member") {
		t.Errorf("event = %s for %d, want approvals.changed for Mel", kind, user)
	}
	f.must(409, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma"}) // in force

	reminders := func(days int) []any {
		return f.must(200, "manager", "GET", fmt.Sprintf("/api/v1/approvals/reminders?days=%d", days), nil).body["approvals"].([]any)
	}
	if n := len(reminders(1)); n != 0 {
		t.Errorf("reminders within 1 day: %d, want 0", n)
	}
	if r := reminders(3); len(r) != 1 || r[0].(map[string]any)["listing_id"] != "figma" {
		t.Errorf("reminders within 3 days: %v", r)
	}
	f.must(400, "manager", "GET", "/api/v1/approvals/reminders?days=-1", nil)

	f.clock.Add(48*time.Hour + time.Second)
	list := f.must(200, "member", "GET", "/api/v1/approvals?listing_id=figma", nil).body["approvals"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["lapsed"] != true {
		t.Fatalf("after the expiry: %v, want it lapsed", list)
	}
	if n := len(reminders(3)); n != 0 {
		t.Errorf("a lapsed pre-approval is still in the reminders (%d)", n)
	}
	f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma"}) // it no longer counts

	// Renewing (granting again) puts it back in force.
	f.must(201, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "figma", "scope": "user", "user_ids": []int64{f.id("member")}})
	list = f.must(200, "member", "GET", "/api/v1/approvals?listing_id=figma", nil).body["approvals"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["lapsed"] != false || list[0].(map[string]any)["expires_at"] != nil {
		t.Fatalf("renewed: %v", list)
	}
}

func TestGrantsAndRevocations(t *testing.T) {
	f := setup(t, policy.Options{})
	f.must(400, "owner", "POST", "/api/v1/approvals", map[string]any{"listing_id": "slack", "scope": "user"}) // no users
	f.must(400, "owner", "POST", "/api/v1/approvals", map[string]any{"listing_id": "slack", "scope": "account", "user_ids": []int64{1}})
	f.must(400, "owner", "POST", "/api/v1/approvals", map[string]any{"listing_id": "slack", "scope": "everyone"})
	f.must(404, "owner", "POST", "/api/v1/approvals", map[string]any{"listing_id": "slack", "scope": "user", "user_ids": []int64{999999}})
	two := f.must(201, "owner", "POST", "/api/v1/approvals", map[string]any{"listing_id": "slack", "scope": "user",
		"user_ids": []int64{f.id("member"), f.id("member2")}, "note": "pilot"}).body["approvals"].([]any)
	if len(two) != 2 {
		t.Fatalf("granted for two users: %v", two)
	}
	all := f.must(200, "manager", "GET", "/api/v1/approvals", nil).body["approvals"].([]any)
	if len(all) != 2 {
		t.Errorf("the manager sees %d approvals", len(all))
	}
	id := num(two[0].(map[string]any)["id"])
	audit, _ := f.counts()
	f.must(204, "manager", "DELETE", fmt.Sprintf("/api/v1/approvals/%d", id), nil)
	f.must(404, "manager", "DELETE", fmt.Sprintf("/api/v1/approvals/%d", id), nil)
	if after, _ := f.counts(); after != audit+1 {
		t.Errorf("revoking wrote %d audit entries", after-audit)
	}
	if n := len(f.must(200, "manager", "GET", "/api/v1/approvals", nil).body["approvals"].([]any)); n != 1 {
		t.Errorf("after revoking one: %d", n)
	}
}
