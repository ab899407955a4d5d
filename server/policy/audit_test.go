package policy_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"marketdesk/server/policy"
)

// snapshot is the policy's tables as text, to see that nothing changed.
func (f *fixture) snapshot() string {
	f.t.Helper()
	var out []string
	for _, table := range []string{"accounts", "users", "preapprovals", "requests", "audit_log", "test_events"} {
		var s string
		q := fmt.Sprintf("SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM %s t", table)
		if err := f.db.Pool.QueryRow(context.Background(), q).Scan(&s); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, table+":\n"+s)
	}
	return strings.Join(out, "\n")
}

// Rule 7 in one transaction: when publishing the event fails after the
// change and its audit entry were written, all three roll back, for every
// route that changes something.
func TestAChangeAndItsAuditEntryCommitTogether(t *testing.T) {
	f := setup(t, policy.Options{RequestLimit: 1000})
	for _, rt := range f.routes {
		if rt.Method == "GET" {
			continue
		}
		c := accessCases()[rt.Method+" "+rt.Path]
		path, body := c.prepare(f, "owner")
		before := f.snapshot()
		f.pub.failWith(errors.New("the event store is down"))
		r := f.call("owner", rt.Method, path, body)
		f.pub.failWith(nil)
		if r.status != 500 || r.code() != "internal" || strings.Contains(string(r.raw), "event store") {
			t.Errorf("%s with a failing publisher = %d %s, want 500 internal without the cause", rt.Method+" "+rt.Path, r.status, r.raw)
		}
		if after := f.snapshot(); after != before {
			t.Errorf("%s %s: a failed change left rows behind:\nbefore %s\nafter %s", rt.Method, path, before, after)
		}
		// And with the publisher back, the same call commits all three.
		audit, evs := f.counts()
		if r := f.call("owner", rt.Method, path, body); r.status >= 300 {
			t.Errorf("%s %s after the failure = %d %s", rt.Method, path, r.status, r.raw)
		}
		if a, e := f.counts(); a <= audit || e <= evs {
			t.Errorf("%s %s: audit %d -> %d, events %d -> %d", rt.Method, path, audit, a, evs, e)
		}
	}
}

func TestAuditEntriesNameWhoWhatAndTheRequest(t *testing.T) {
	f := setup(t, policy.Options{})
	r := f.must(201, "manager", "POST", "/api/v1/approvals", map[string]any{"listing_id": "figma", "scope": "account", "note": "all hands"})
	page := f.must(200, "admin", "GET", "/api/v1/audit", nil).body
	entries := page["entries"].([]any)
	if len(entries) != 1 {
		t.Fatalf("audit = %v", page)
	}
	e := entries[0].(map[string]any)
	details, _ := e["details"].(map[string]any)
	if e["action"] != "approval.granted" || e["target"] != "figma" || e["actor_email"] != "manager@example.test" ||
		num(e["actor_id"]) != f.id("manager") || e["request_id"] != r.header.Get("X-Request-Id") || details["note"] != "all hands" {
		t.Fatalf("entry = %v (response request id %q)", e, r.header.Get("X-Request-Id"))
	}
	f.must(403, "member", "GET", "/api/v1/audit", nil)
}

func TestAuditPagesAndExport(t *testing.T) {
	f := setup(t, policy.Options{RequestLimit: 1000})
	// A name that a spreadsheet would run as a formula.
	f.exec("UPDATE users SET name = '=HYPERLINK(\"https://evil.example\")' WHERE id = $1", f.id("member"))
	for i := range 7 {
		f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": fmt.Sprintf("app-%d", i), "reason": "line 1\nline, 2"})
	}
	var ids []int64
	next := ""
	for pages := 0; ; pages++ {
		p := f.must(200, "owner", "GET", "/api/v1/audit?limit=3"+next, nil).body
		for _, e := range p["entries"].([]any) {
			ids = append(ids, num(e.(map[string]any)["id"]))
		}
		if p["next_before_id"] == nil {
			break
		}
		next = fmt.Sprintf("&before_id=%d", num(p["next_before_id"]))
		if pages > 5 {
			t.Fatal("paging does not end")
		}
	}
	if len(ids) != 7 {
		t.Fatalf("paged ids = %v, want 7", ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] >= ids[i-1] {
			t.Fatalf("pages are not newest first without repeats: %v", ids)
		}
	}

	r := f.must(200, "admin", "GET", "/api/v1/audit/export?format=csv", nil)
	rows, err := csv.NewReader(strings.NewReader(string(r.raw))).ReadAll()
	if err != nil || len(rows) != 8 || rows[0][0] != "id" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV export (%v): %d rows %s", err, len(rows), r.raw)
	}
	if rows[1][3] != `'=HYPERLINK("https://evil.example")` || rows[1][5] != "request.created" || rows[1][0] != fmt.Sprint(ids[6]) {
		t.Errorf("first CSV row = %q", rows[1])
	}
	r = f.must(200, "admin", "GET", "/api/v1/audit/export?format=json", nil)
	var all []map[string]any
	if err := json.Unmarshal(r.raw, &all); err != nil || len(all) != 7 || all[0]["actor_name"] != `=HYPERLINK("https://evil.example")` {
		t.Fatalf("JSON export (%v): %s", err, r.raw)
	}
	f.must(400, "admin", "GET", "/api/v1/audit/export?format=xml", nil)
	// Another account's export is empty, and still a valid document.
	r = f.must(200, "b-owner", "GET", "/api/v1/audit/export?format=json", nil)
	if err := json.Unmarshal(r.raw, &all); err != nil || len(all) != 0 {
		t.Fatalf("B's JSON export (%v): %s", err, r.raw)
	}
}

// The export reads the log in pages: a log longer than one page comes out
// whole and in order.
func TestAuditExportSpansPages(t *testing.T) {
	f := setup(t, policy.Options{})
	f.exec(`INSERT INTO audit_log (account_id, actor_name, actor_email, action, target)
		SELECT $1, 'bulk', '', 'bulk.entry', g::text FROM generate_series(1, 1234) g`, f.a.ID)
	r := f.must(200, "owner", "GET", "/api/v1/audit/export?format=json", nil)
	var all []map[string]any
	if err := json.Unmarshal(r.raw, &all); err != nil || len(all) != 1234 {
		t.Fatalf("export of 1234 entries (%v): %d", err, len(all))
	}
	for i, e := range all {
		if e["target"] != fmt.Sprint(i+1) {
			t.Fatalf("entry %d = %v", i, e)
		}
	}
}
