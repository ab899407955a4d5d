package policy_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/server/db/store"
	"marketdesk/server/policy"
)

// callers, least privileged first: no token, an expired token, a token for
// another audience, then the people of account A.
var callers = []string{"", "expired", "other-audience", "member", "admin", "manager", "owner"}

// routeCase is one route's access matrix. prepare makes the objects one
// call needs (fresh each time, so that every allowed call can succeed) and
// returns the path and body; want is the status per caller; a missing
// caller is refused: 401 without a valid token, 403 otherwise.
type routeCase struct {
	prepare func(f *fixture, who string) (path string, body any)
	want    map[string]int
}

func fixed(path string, body any) func(*fixture, string) (string, any) {
	return func(*fixture, string) (string, any) { return path, body }
}

var everyone = func(status int) map[string]int {
	return map[string]int{"member": status, "admin": status, "manager": status, "owner": status}
}
var administrators = func(status int) map[string]int {
	return map[string]int{"admin": status, "manager": status, "owner": status}
}
var managers = func(status int) map[string]int { return map[string]int{"manager": status, "owner": status} }

var fresh int

func freshName(prefix string) string { fresh++; return fmt.Sprintf("%s-%d", prefix, fresh) }

// request inserts a pending request of user for a fresh app.
func (f *fixture) request(user string) int64 {
	f.t.Helper()
	u := f.users[user]
	id, err := f.db.Queries.InsertAppRequest(context.Background(), store.InsertAppRequestParams{AccountID: u.AccountID,
		ListingID: freshName("app"), AppType: "user", UserID: u.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// approval inserts an account-wide pre-approval of a fresh app in account A.
func (f *fixture) approval() int64 {
	f.t.Helper()
	p, err := f.db.Queries.UpsertPreapproval(context.Background(), store.UpsertPreapprovalParams{AccountID: f.a.ID,
		ListingID: freshName("app"), Scope: "account", GrantedBy: pgtype.Int8{Int64: f.id("owner"), Valid: true}})
	if err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

func accessCases() map[string]routeCase {
	return map[string]routeCase{
		"GET " + policy.OpenAPIPath: {fixed(policy.OpenAPIPath, nil), map[string]int{"": 200, "expired": 200, "other-audience": 200,
			"member": 200, "admin": 200, "manager": 200, "owner": 200}},
		"GET /api/v1/me":      {fixed("/api/v1/me", nil), everyone(200)},
		"GET /api/v1/account": {fixed("/api/v1/account", nil), everyone(200)},
		"PUT /api/v1/account": {fixed("/api/v1/account", map[string]any{"require_preapproval": true}), administrators(200)},
		"GET /api/v1/users":   {fixed("/api/v1/users", nil), administrators(200)},
		"PUT /api/v1/users/{id}/role": {func(f *fixture, _ string) (string, any) {
			u := f.addUser(freshName("person"), f.a.ID, "member", false)
			return fmt.Sprintf("/api/v1/users/%d/role", u.ID), map[string]any{"role": "admin"}
		}, administrators(200)},
		"DELETE /api/v1/users/{id}": {func(f *fixture, _ string) (string, any) {
			return fmt.Sprintf("/api/v1/users/%d", f.addUser(freshName("person"), f.a.ID, "member", false).ID), nil
		}, administrators(204)},
		"GET /api/v1/approvals": {fixed("/api/v1/approvals", nil), everyone(200)},
		"POST /api/v1/approvals": {func(*fixture, string) (string, any) {
			return "/api/v1/approvals", map[string]any{"listing_id": freshName("app"), "scope": "account"}
		}, managers(201)},
		"DELETE /api/v1/approvals/{id}": {func(f *fixture, _ string) (string, any) {
			return fmt.Sprintf("/api/v1/approvals/%d", f.approval()), nil
		}, managers(204)},
		"GET /api/v1/approvals/reminders": {fixed("/api/v1/approvals/reminders?days=30", nil), managers(200)},
		"GET /api/v1/requests":            {fixed("/api/v1/requests", nil), everyone(200)},
		"POST /api/v1/requests": {func(*fixture, string) (string, any) {
			return "/api/v1/requests", map[string]any{"listing_id": freshName("app"), "reason": "for the quarterly report"}
		}, everyone(201)},
		// Another member's request: members and admins without the
		// privilege do not see it (404, as if it did not exist).
		"GET /api/v1/requests/{id}": {func(f *fixture, _ string) (string, any) {
			return fmt.Sprintf("/api/v1/requests/%d", f.request("member2")), nil
		}, map[string]int{"member": 404, "admin": 404, "manager": 200, "owner": 200}},
		// One's own request: anyone signed in cancels theirs.
		"DELETE /api/v1/requests/{id}": {func(f *fixture, who string) (string, any) {
			if _, ok := f.users[who]; !ok {
				who = "member2"
			}
			return fmt.Sprintf("/api/v1/requests/%d", f.request(who)), nil
		}, everyone(204)},
		"POST /api/v1/requests/{id}/decision": {func(f *fixture, _ string) (string, any) {
			return fmt.Sprintf("/api/v1/requests/%d/decision", f.request("member2")), map[string]any{"approve": true, "note": "ok for Q4"}
		}, managers(200)},
		"GET /api/v1/audit":        {fixed("/api/v1/audit", nil), administrators(200)},
		"GET /api/v1/audit/export": {fixed("/api/v1/audit/export?format=csv", nil), administrators(200)},
	}
}

// TestEveryRouteForEveryCaller is acceptance 1: per route, no token, an
// expired token, a token for another audience, a member, an admin without
// the privilege, a manager and an owner; only what the rules allow
// succeeds, and every change (and only a change) writes an audit entry and
// publishes an event.
func TestEveryRouteForEveryCaller(t *testing.T) {
	f := setup(t, policy.Options{RequestLimit: 1000})
	cases := accessCases()
	for _, rt := range f.routes {
		key := rt.Method + " " + rt.Path
		c, ok := cases[key]
		if !ok {
			t.Errorf("%s has no access case: add one", key)
			continue
		}
		delete(cases, key)
		for _, who := range callers {
			want, ok := c.want[who]
			if !ok {
				want = http.StatusForbidden
				if _, person := f.users[who]; !person {
					want = http.StatusUnauthorized
				}
			}
			path, body := c.prepare(f, who)
			audit, evs := f.counts()
			r := f.call(who, rt.Method, path, body)
			if r.status != want {
				t.Errorf("%s as %q = %d %s, want %d", key, who, r.status, r.raw, want)
			}
			if r.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s as %q: 401 without WWW-Authenticate", key, who)
			}
			audit2, evs2 := f.counts()
			changed := rt.Method != "GET" && r.status < 300
			if changed != (audit2 > audit) || changed != (evs2 > evs) {
				t.Errorf("%s as %q (%d): audit entries %d -> %d, events %d -> %d; want new ones exactly for a change",
					key, who, r.status, audit, audit2, evs, evs2)
			}
		}
	}
	for key := range cases {
		t.Errorf("access case %s matches no route", key)
	}
}

// A role taken away in the database counts at once, though the caller's
// token still says admin.
func TestRoleTakenAwayCountsBeforeTheTokenExpires(t *testing.T) {
	f := setup(t, policy.Options{})
	f.must(200, "admin", "GET", "/api/v1/users", nil)
	f.exec("UPDATE users SET role = 'member' WHERE id = $1", f.id("admin"))
	if r := f.call("admin", "GET", "/api/v1/users", nil); r.status != 403 || r.code() != "forbidden" {
		t.Fatalf("GET /api/v1/users by a demoted admin = %d %s", r.status, r.raw)
	}
	f.exec("DELETE FROM users WHERE id = $1", f.id("member"))
	if r := f.call("member", "GET", "/api/v1/me", nil); r.status != 401 || !strings.Contains(r.raw2(), "no longer in this account") || r.header.Get("WWW-Authenticate") == "" {
		t.Fatalf("GET /api/v1/me by a removed user = %d %s", r.status, r.raw)
	}
}

func (r response) raw2() string { return string(r.raw) }
