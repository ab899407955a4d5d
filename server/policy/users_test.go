package policy_test

import (
	"fmt"
	"testing"

	"marketdesk/server/policy"
)

func rolePath(id int64) string { return fmt.Sprintf("/api/v1/users/%d/role", id) }

func TestRoleRules(t *testing.T) {
	f := setup(t, policy.Options{})
	mel, mia := f.id("member"), f.id("member2")
	cases := []struct {
		who    string
		target int64
		body   map[string]any
		status int
		code   string
	}{
		// only owners make owners
		{"admin", mel, map[string]any{"role": "owner"}, 403, "forbidden"},
		{"manager", mel, map[string]any{"role": "owner"}, 403, "forbidden"},
		// only managers give the privilege; it is for admins only
		{"admin", mel, map[string]any{"role": "admin", "manager": true}, 403, "forbidden"},
		{"owner", mel, map[string]any{"role": "member", "manager": true}, 400, "invalid_input"},
		{"owner", mel, map[string]any{"role": "boss"}, 400, "invalid_input"},
		// an admin without the privilege may not take it from a manager
		{"admin", f.id("manager"), map[string]any{"role": "member"}, 403, "forbidden"},
		// nor change an owner
		{"manager", f.id("owner"), map[string]any{"role": "admin", "manager": true}, 403, "forbidden"},
		// nobody removes the last owner, not even the owner themselves
		{"owner", f.id("owner"), map[string]any{"role": "admin"}, 409, "conflict"},
		// what is allowed
		{"admin", mel, map[string]any{"role": "admin"}, 200, ""},
		{"manager", mel, map[string]any{"role": "admin", "manager": true}, 200, ""},
		{"owner", mia, map[string]any{"role": "owner"}, 200, ""},
		{"owner", f.id("owner"), map[string]any{"role": "member"}, 200, ""}, // there are two owners now
	}
	for _, c := range cases {
		audit, _ := f.counts()
		r := f.call(c.who, "PUT", rolePath(c.target), c.body)
		if r.status != c.status || (c.code != "" && r.code() != c.code) {
			t.Errorf("%s: PUT role %v on %d = %d %s, want %d %s", c.who, c.body, c.target, r.status, r.raw, c.status, c.code)
		}
		if after, _ := f.counts(); (after > audit) != (c.status == 200) {
			t.Errorf("%s: PUT role %v: audit %d -> %d", c.who, c.body, audit, after)
		}
	}
	me := f.must(200, "member", "GET", "/api/v1/me", nil).body
	if me["manager"] != true || me["user"].(map[string]any)["role"] != "admin" {
		t.Errorf("Mel after the changes: %v", me)
	}
	if kind, _, user := f.lastEvent(); kind != "role.changed" || user != f.id("owner") {
		t.Errorf("last event = %s for user %d, want role.changed for the demoted owner", kind, user)
	}
	// The privilege stays with an admin whose body does not mention it.
	// Mia, an owner now, signs in again: her new token says so.
	mia2 := f.tokens["member2"]
	mia2.Role, mia2.Manager = "owner", true
	f.tokens["member2"] = mia2
	r := f.must(200, "member2", "PUT", rolePath(mel), map[string]any{"role": "admin"})
	if r.body["manager"] != true {
		t.Errorf("an admin's privilege after a change that does not mention it: %v", r.body)
	}
}

func TestRemovingUsers(t *testing.T) {
	f := setup(t, policy.Options{})
	cases := []struct {
		who    string
		target int64
		status int
	}{
		{"member", f.id("member2"), 403},
		{"admin", f.id("owner"), 403},   // only owners remove owners
		{"admin", f.id("manager"), 403}, // only managers remove managers
		{"owner", f.id("owner"), 409},   // the last owner stays
		{"admin", 999999, 404},
		{"admin", f.id("member2"), 204},
		{"manager", f.id("admin"), 204},
	}
	for _, c := range cases {
		if r := f.call(c.who, "DELETE", fmt.Sprintf("/api/v1/users/%d", c.target), nil); r.status != c.status {
			t.Errorf("%s removes %d = %d %s, want %d", c.who, c.target, r.status, r.raw, c.status)
		}
	}
	users := f.must(200, "owner", "GET", "/api/v1/users", nil).body["users"].([]any)
	if len(users) != 3 {
		t.Errorf("users after removing two of five: %v", users)
	}
	// Removed, their token no longer works.
	if r := f.call("member2", "GET", "/api/v1/me", nil); r.status != 401 {
		t.Errorf("a removed user's token = %d", r.status)
	}
}

func TestAccountSettings(t *testing.T) {
	f := setup(t, policy.Options{})
	a := f.must(200, "member", "GET", "/api/v1/account", nil).body
	if a["name"] != "Acme" || a["require_preapproval"] != true {
		t.Fatalf("account = %v", a)
	}
	f.must(400, "admin", "PUT", "/api/v1/account", map[string]any{"name": "  "})
	f.must(400, "admin", "PUT", "/api/v1/account", map[string]any{"require_preapproval": false, "typo": 1})
	// An admin without the privilege renames the account, but may not turn
	// the requirement off: that would pre-approve every app (rule 1).
	f.must(200, "admin", "PUT", "/api/v1/account", map[string]any{"name": "Acme Corp", "require_preapproval": true})
	if r := f.call("admin", "PUT", "/api/v1/account", map[string]any{"require_preapproval": false}); r.status != 403 || r.code() != "forbidden" {
		t.Fatalf("an admin turning pre-approval off = %d %s", r.status, r.raw)
	}
	a = f.must(200, "manager", "PUT", "/api/v1/account", map[string]any{"require_preapproval": false}).body
	if a["name"] != "Acme Corp" || a["require_preapproval"] != false {
		t.Fatalf("account after PUT = %v", a)
	}
	if kind, acct, user := f.lastEvent(); kind != "account.changed" || acct != f.a.ID || user != 0 {
		t.Errorf("event = %s %d %d", kind, acct, user)
	}
	me := f.must(200, "member", "GET", "/api/v1/me", nil).body
	if me["account"].(map[string]any)["require_preapproval"] != false || me["manager"] != false || me["administers"] != false {
		t.Errorf("me = %v", me)
	}
}
