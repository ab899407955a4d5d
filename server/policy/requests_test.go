package policy_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"marketdesk/server/policy"
)

func TestBlockedAppRefusesRequestsWithItsMessageAndLink(t *testing.T) {
	f := setup(t, policy.Options{})
	f.must(400, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "dropbox", "scope": "blocked",
		"message": "Use the company drive", "link": "http://intranet.example/drive"}) // https only
	f.must(400, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "dropbox", "scope": "account",
		"message": "a message is for blocks"})
	f.must(201, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "dropbox", "scope": "blocked",
		"message": "Use the company drive", "link": "https://intranet.example/drive"})

	r := f.call("member", "POST", "/api/v1/requests", map[string]any{"listing_id": "dropbox", "reason": "sharing files"})
	e, _ := r.body["error"].(map[string]any)
	block, _ := e["block"].(map[string]any)
	if r.status != 403 || r.code() != "blocked" || e["request_id"] == "" ||
		block["message"] != "Use the company drive" || block["link"] != "https://intranet.example/drive" || block["listing_id"] != "dropbox" {
		t.Fatalf("a request for a blocked app = %d %s", r.status, r.raw)
	}
	if e["message"] != "a marketplace manager blocked this app: Use the company drive" {
		t.Errorf("message = %q", e["message"])
	}
	// Members see the block (to show it before they ask).
	list := f.must(200, "member", "GET", "/api/v1/approvals?listing_id=dropbox", nil).body["approvals"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["message"] != "Use the company drive" {
		t.Errorf("the member's view of dropbox = %v", list)
	}
	// A pending request is not approved past a block.
	id := f.request("member2")
	f.exec("UPDATE requests SET listing_id = 'dropbox' WHERE id = $1", id)
	f.must(409, "manager", "POST", fmt.Sprintf("/api/v1/requests/%d/decision", id), map[string]any{"approve": true})
}

func TestRequestLifecycle(t *testing.T) {
	f := setup(t, policy.Options{})
	req := f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma", "reason": "design reviews"}).body
	id := num(req["id"])
	if req["status"] != "pending" || req["user_email"] != "member@example.test" || req["app_type"] != "user" {
		t.Fatalf("created = %v", req)
	}
	if kind, _, user := f.lastEvent(); kind != "request.created" || user != f.id("member") {
		t.Errorf("event = %s for %d", kind, user)
	}
	f.must(409, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma"}) // one pending per app
	f.must(400, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": " "})
	f.must(400, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "x", "app_type": "system"})

	// Others do not see it; the requester and managers do.
	path := fmt.Sprintf("/api/v1/requests/%d", id)
	f.must(404, "member2", "GET", path, nil)
	f.must(200, "member", "GET", path, nil)
	if n := len(f.must(200, "member2", "GET", "/api/v1/requests", nil).body["requests"].([]any)); n != 0 {
		t.Errorf("another member lists %d requests", n)
	}
	if n := len(f.must(200, "manager", "GET", "/api/v1/requests?status=pending", nil).body["requests"].([]any)); n != 1 {
		t.Errorf("the manager lists %d pending requests", n)
	}
	// Only the requester cancels.
	f.must(404, "member2", "DELETE", path, nil)
	f.must(403, "manager", "DELETE", path, nil)

	d := f.must(200, "manager", "POST", path+"/decision", map[string]any{"approve": true, "note": "for Q4", "expires_at": f.clock.Now().Add(90 * 24 * time.Hour)}).body
	if d["status"] != "approved" || d["decision_note"] != "for Q4" || num(d["decided_by"]) != f.id("manager") {
		t.Fatalf("decided = %v", d)
	}
	if kind, _, user := f.lastEvent(); kind != "request.decided" || user != f.id("member") {
		t.Errorf("event = %s for %d", kind, user)
	}
	f.must(409, "owner", "POST", path+"/decision", map[string]any{"approve": false}) // decided once
	f.must(409, "member", "DELETE", path, nil)

	// Approving pre-approved figma for Mel only, until the expiry.
	list := f.must(200, "member", "GET", "/api/v1/approvals?listing_id=figma", nil).body["approvals"].([]any)
	if len(list) != 1 || num(list[0].(map[string]any)["user_id"]) != f.id("member") || list[0].(map[string]any)["expires_at"] == nil {
		t.Fatalf("figma's approvals for Mel = %v", list)
	}
	if n := len(f.must(200, "member2", "GET", "/api/v1/approvals?listing_id=figma", nil).body["approvals"].([]any)); n != 0 {
		t.Errorf("Mia sees %d of Mel's approvals", n)
	}
	f.must(409, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma"}) // already pre-approved
	f.must(201, "member2", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma"})

	// Cancel and deny.
	own := num(f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "miro"}).body["id"])
	f.must(204, "member", "DELETE", fmt.Sprintf("/api/v1/requests/%d", own), nil)
	if kind, _, _ := f.lastEvent(); kind != "request.cancelled" {
		t.Errorf("event = %s", kind)
	}
	mia := num(f.must(200, "manager", "GET", "/api/v1/requests?status=pending", nil).body["requests"].([]any)[0].(map[string]any)["id"])
	f.must(400, "manager", "POST", fmt.Sprintf("/api/v1/requests/%d/decision", mia), map[string]any{"note": "approve is required"})
	f.must(200, "manager", "POST", fmt.Sprintf("/api/v1/requests/%d/decision", mia), map[string]any{"approve": false, "note": "use the team licence"})
	mine := f.must(200, "member2", "GET", "/api/v1/requests", nil).body["requests"].([]any)
	if len(mine) != 1 || mine[0].(map[string]any)["status"] != "denied" || mine[0].(map[string]any)["decision_note"] != "use the team licence" {
		t.Errorf("Mia's requests = %v", mine)
	}
}

func TestAccountLevelAppsCanBeRequested(t *testing.T) {
	f := setup(t, policy.Options{})
	id := num(f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "jira-cloud", "app_type": "account"}).body["id"])
	f.must(200, "owner", "POST", fmt.Sprintf("/api/v1/requests/%d/decision", id), map[string]any{"approve": true})
	list := f.must(200, "member2", "GET", "/api/v1/approvals?listing_id=jira-cloud", nil).body["approvals"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["scope"] != "account" {
		t.Fatalf("an approved account-level app = %v, want one account-wide pre-approval", list)
	}
	f.must(409, "member2", "POST", "/api/v1/requests", map[string]any{"listing_id": "jira-cloud", "app_type": "account"})
}

func TestNoRequestWhenPreapprovalIsNotRequired(t *testing.T) {
	f := setup(t, policy.Options{})
	f.must(200, "owner", "PUT", "/api/v1/account", map[string]any{"require_preapproval": false})
	r := f.call("member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma"})
	if r.status != 409 || r.code() != "conflict" {
		t.Fatalf("a request while pre-approval is not required = %d %s", r.status, r.raw)
	}
}

// The limit holds across replicas: two servers on one database share it.
func TestCreatingRequestsIsRateLimitedPerUser(t *testing.T) {
	f := setup(t, policy.Options{RequestLimit: 4, RequestWindow: time.Minute})
	other := f.serve(policy.Routes(f.db, f.pub, policy.Options{RequestLimit: 4, RequestWindow: time.Minute, Now: f.clock.Now}))
	for i := range 4 {
		srv := f.srv
		if i%2 == 1 {
			srv = other
		}
		body := map[string]any{"listing_id": fmt.Sprintf("app-%d", i)}
		if i == 3 {
			body = map[string]any{"listing_id": ""} // refused attempts count too
		}
		if r := f.callOn(srv, "member", "POST", "/api/v1/requests", body); r.status >= 500 || r.status == 429 {
			t.Fatalf("request %d = %d %s", i, r.status, r.raw)
		}
	}
	for _, srv := range []string{"first", "second"} {
		s := f.srv
		if srv == "second" {
			s = other
		}
		r := f.callOn(s, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "one-more"})
		secs, _ := strconv.Atoi(r.header.Get("Retry-After"))
		if r.status != 429 || r.code() != "rate_limited" || secs < 1 || secs > 60 {
			t.Fatalf("the fifth request on the %s replica = %d %s, Retry-After %q", srv, r.status, r.raw, r.header.Get("Retry-After"))
		}
	}
	// Someone else is not limited by Mel's requests.
	f.must(201, "member2", "POST", "/api/v1/requests", map[string]any{"listing_id": "one-more"})
	// The window closes: Mel may ask again.
	f.exec("UPDATE rate_limits SET window_start = window_start - interval '61 seconds' WHERE user_id = $1", f.id("member"))
	f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "one-more"})
}

// Desktops poll their policy with ETags: 304 while nothing changed, 200
// with a new ETag after a change or when a pre-approval lapses.
func TestPolledRoutesAnswer304WhileNothingChanged(t *testing.T) {
	f := setup(t, policy.Options{})
	poll := func(path, etag string) response {
		t.Helper()
		req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer member")
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return response{status: resp.StatusCode, header: resp.Header}
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/account", "/api/v1/approvals", "/api/v1/requests"} {
		first := poll(path, "")
		etag := first.header.Get("ETag")
		if first.status != 200 || etag == "" || first.header.Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("GET %s = %d, ETag %q, Cache-Control %q", path, first.status, etag, first.header.Get("Cache-Control"))
		}
		if r := poll(path, etag); r.status != 304 {
			t.Errorf("GET %s with its ETag = %d, want 304", path, r.status)
		}
		if r := poll(path, `"something-else"`); r.status != 200 {
			t.Errorf("GET %s with another ETag = %d, want 200", path, r.status)
		}
	}
	etag := poll("/api/v1/approvals", "").header.Get("ETag")
	f.must(201, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "figma", "scope": "account",
		"expires_at": f.clock.Now().Add(time.Hour)})
	r := poll("/api/v1/approvals", etag)
	if r.status != 200 || r.header.Get("ETag") == etag {
		t.Fatalf("after a grant: %d, ETag %q (was %q)", r.status, r.header.Get("ETag"), etag)
	}
	etag = r.header.Get("ETag")
	f.clock.Add(time.Hour)
	if r := poll("/api/v1/approvals", etag); r.status != 200 {
		t.Errorf("after the pre-approval lapsed: %d, want 200 (it is lapsed now)", r.status)
	}
}
