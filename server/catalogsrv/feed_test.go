package catalogsrv_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"marketdesk/app/catalog"
	"marketdesk/server/catalogsrv"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/events"
)

// feedIDs reads a merged feed with the desktop's own reader and checks
// that every listing passes the desktop's checks.
func feedIDs(t *testing.T, body []byte) []string {
	t.Helper()
	ids := []string{}
	var again []string
	_, result, err := catalog.ReadRemoteFeed(bytes.NewReader(body), "merged feed", func(l catalog.FeedListing) (string, error) {
		ids = append(ids, l.ID)
		again = append(again, string(l.JSON))
		return "", nil
	})
	if err != nil {
		t.Fatalf("the desktop's reader refuses the merged feed: %v\n%s", err, body)
	}
	if result.SkippedCount() != 0 {
		t.Fatalf("the desktop's reader skips entries of the merged feed: %+v", result.Skipped)
	}
	// A fixed point: read again, every listing encodes to the bytes served.
	if want := `{"schema_version":1,"name":"Organization catalog","listings":[` + strings.Join(again, ",") + "]}\n"; string(body) != want {
		t.Fatalf("the merged feed is not its own re-encoding:\n%s\n%s", body, want)
	}
	return ids
}

// Two replicas on one database serve the same bytes under the same strong
// ETag; a poll with that ETag is answered 304 by either; a sync that changes
// the content changes the ETag, and one that does not keeps it.
func TestETagIsSharedByReplicasAndFollowsContent(t *testing.T) {
	o := newOrg(t)
	// Another process: its own pool and feed cache, the same PostgreSQL.
	second := o.replica(t, pgtest.OpenURL(t, o.dsn), catalogsrv.Options{AllowLoopbackFeeds: true})
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes"), listing("acme-chat", "Acme Chat")))
	var report catalogsrv.SyncReport
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url}).decode(t, &report)

	one := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	two := call(t, second, "GET", "/api/v1/catalog/feed", "member2", nil)
	etag := one.header.Get("ETag")
	if one.status != 200 || !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
		t.Fatalf("first replica: %d, ETag %q: want 200 and a strong ETag", one.status, etag)
	}
	if two.header.Get("ETag") != etag || !bytes.Equal(one.body, two.body) {
		t.Fatalf("replicas disagree: ETag %q vs %q, bodies equal: %v", etag, two.header.Get("ETag"), bytes.Equal(one.body, two.body))
	}
	if cc := one.header.Get("Cache-Control"); !strings.Contains(cc, "private") || !strings.Contains(cc, "must-revalidate") {
		t.Errorf("Cache-Control %q: want private and must-revalidate", cc)
	}
	if v := one.header.Get("Vary"); !strings.Contains(v, "Authorization") {
		t.Errorf("Vary %q, want Authorization in it", v)
	}
	if got := feedIDs(t, one.body); strings.Join(got, " ") != "acme-notes acme-chat" {
		t.Errorf("merged feed lists %v, want the feed's order", got)
	}
	for _, srv := range []string{"first", "second"} {
		h := o.api
		if srv == "second" {
			h = second
		}
		got := call(t, h, "GET", "/api/v1/catalog/feed", "member", nil, "If-None-Match", etag)
		if got.status != http.StatusNotModified || len(got.body) != 0 || got.header.Get("ETag") != etag {
			t.Errorf("%s replica, If-None-Match %s: %d, %d bytes, ETag %q; want 304, empty, same ETag", srv, etag, got.status, len(got.body), got.header.Get("ETag"))
		}
	}

	// The feed server says 304: nothing changes, nobody is told.
	before := len(o.pub.kinds())
	var again catalogsrv.SyncReport
	call(t, second, "POST", fmt.Sprintf("/api/v1/sources/%d/sync", report.Source.ID), "manager", nil).decode(t, &again)
	if !again.Unchanged || again.Revision != report.Revision || len(o.pub.kinds()) != before {
		t.Errorf("sync of an unchanged feed: %+v, %d new events; want unchanged, same revision, no event", again, len(o.pub.kinds())-before)
	}

	o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes", func(e map[string]any) { e["version"] = "1.1.0" })))
	call(t, second, "POST", fmt.Sprintf("/api/v1/sources/%d/sync", report.Source.ID), "manager", nil).decode(t, &again)
	if again.Updated != 1 || again.Removed != 1 || again.Revision != report.Revision+1 {
		t.Errorf("sync of a changed feed: %+v; want 1 updated, 1 removed, the next revision", again)
	}
	if e := o.pub.last(); e.Kind != events.CatalogChanged || e.AccountID != o.a || e.UserID != 0 {
		t.Errorf("last event %+v: want catalog.changed to the whole account", e)
	}
	for _, h := range []string{"first", "second"} {
		srv := o.api
		if h == "second" {
			srv = second
		}
		got := call(t, srv, "GET", "/api/v1/catalog/feed", "member", nil, "If-None-Match", etag)
		if got.status != 200 || got.header.Get("ETag") == etag {
			t.Fatalf("%s replica after the change: %d, ETag %q (old %q): want 200 and a new ETag", h, got.status, got.header.Get("ETag"), etag)
		}
		if ids := feedIDs(t, got.body); len(ids) != 1 || !bytes.Contains(got.body, []byte(`"version":"1.1.0"`)) {
			t.Errorf("%s replica serves %s", h, got.body)
		}
	}
	o.checkPublished(t)
}

// The merged feed is one feed for a desktop: two sources, in the order they
// were added, the first keeping an id both list; a real desktop catalog
// (app/catalog on SQLite) adds it as a source and imports every listing.
func TestMergedFeedIsReadByTheDesktop(t *testing.T) {
	o := newOrg(t)
	first := o.feeds.serve("/one.json", feed("One", listing("acme-notes", "Acme Notes"), listing("acme-chat", "Acme Chat")))
	second := o.feeds.serve("/two.json", feed("Two", listing("zeta-crm", "Zeta CRM", richListing), listing("acme-notes", "Not Acme")))
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: first})
	var report catalogsrv.SyncReport
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: second}).decode(t, &report)
	if len(report.Skipped) != 1 || report.Skipped[0].Entry != "acme-notes" || !strings.Contains(report.Skipped[0].Reason, "already used by the source "+first) {
		t.Errorf("second source's report: %+v; want acme-notes skipped as already used by %s", report.Skipped, first)
	}
	merged := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if got := strings.Join(feedIDs(t, merged.body), " "); got != "acme-notes acme-chat zeta-crm" {
		t.Fatalf("merged feed lists %q", got)
	}
	for _, want := range []string{`"revocation_endpoint":"https://zeta.example/revoke"`, `"redirect_path":"/zeta/cb"`,
		`"published_at":"2025-01-01T08:00:00Z"`, `"default":false`, `"type":"account"`} {
		if !bytes.Contains(merged.body, []byte(want)) {
			t.Errorf("the merged feed lacks %s", want)
		}
	}
	if bytes.Contains(merged.body, []byte("whsec_not_a_secret")) {
		t.Error("the merged feed passes a feed's deauthorization_secret on to every desktop")
	}
	desktop := newDesktop(t, o.feeds.client)
	result := desktop.add(t, o.feeds.serve("/merged.json", merged.body))
	if result.Added != 3 || result.SkippedCount() != 0 || result.Error != "" {
		t.Errorf("the desktop imported the merged feed as %+v; want 3 added, none skipped", result)
	}
	o.checkPublished(t)
}

// A hostile feed is judged on the server exactly as a desktop judges it:
// the same entries are skipped for the same reasons, the same ones kept;
// text with a script stays text, and the merged feed carries no markup a
// careless reader could run.
func TestHostileFeedIsValidatedAsOnTheDesktop(t *testing.T) {
	o := newOrg(t)
	hostile := feed("Hostile",
		listing("script-summary", "Script Summary", func(e map[string]any) {
			e["summary"] = `<script>alert(document.cookie)</script>`
			e["description"] = "<img src=x onerror=alert(1)> [click](javascript:alert(1))"
		}),
		listing("js-link", "JS Link", func(e map[string]any) {
			e["links"] = map[string]any{"privacy_policy": "javascript:alert(1)", "terms": "https://x.example/terms"}
		}),
		listing("bidi-name", "Evil\u202eemaN"),
		listing("sandboxed", "Sandboxed", func(e map[string]any) { e["oauth"] = map[string]any{"sandbox": true, "client_id": "sandboxed"} }),
		listing("file-icon", "File Icon", func(e map[string]any) { e["icon"] = "file:///etc/passwd" }),
		listing("no-links", "No Links", func(e map[string]any) { delete(e, "links") }),
		`{"id": "lone-surrogate", "name": "Bad \ud800 text"}`,
		`"not an object"`,
		listing("script-summary", "Second Of The Id"),
		listing("fine-app", "Fine App"),
	)
	url := o.feeds.serve("/hostile.json", hostile)
	got := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url})
	if got.status != http.StatusCreated {
		t.Fatalf("adding the hostile feed: %d %s", got.status, got.body)
	}
	var server catalogsrv.SyncReport
	got.decode(t, &server)

	desktop := newDesktop(t, o.feeds.client).add(t, url)
	if desktop.Error != "" {
		t.Fatalf("the desktop refused the feed: %s", desktop.Error)
	}
	if server.Added != desktop.Added || server.Added != 2 {
		t.Errorf("server kept %d listings, desktop %d; want 2 each", server.Added, desktop.Added)
	}
	if a, b := problems(server.Skipped), problems(desktop.Skipped); a != b {
		t.Errorf("skipped entries differ:\nserver:  %s\ndesktop: %s", a, b)
	}
	if len(server.Skipped) != 8 {
		t.Errorf("server skipped %d entries, want 8: %s", len(server.Skipped), problems(server.Skipped))
	}

	merged := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if ids := strings.Join(feedIDs(t, merged.body), " "); ids != "script-summary fine-app" {
		t.Errorf("merged feed lists %q", ids)
	}
	for _, bad := range []string{"<script", "<img", "javascript:alert(1)\"", "\u202e", `"verified"`} {
		if bytes.Contains(merged.body, []byte(bad)) {
			t.Errorf("the merged feed contains %q:\n%s", bad, merged.body)
		}
	}
	o.checkPublished(t)
}

func problems(list []catalog.EntryProblem) string {
	var b strings.Builder
	for _, p := range list {
		fmt.Fprintf(&b, "[%s: %s] ", p.Entry, p.Reason)
	}
	return b.String()
}

// A feed that cannot be read adds no source, publishes nothing and leaves
// exactly one audit entry saying who tried what.
func TestFailedAddLeavesOnlyItsAuditEntry(t *testing.T) {
	o := newOrg(t)
	for _, c := range []struct {
		doc  string
		want string
	}{
		{`{"listings": []}`, "must start with"},
		{`{"schema_version": "1", "listings": []}`, "must be a JSON number"},
		{`{"schema_version": 1, "listings": [`, "cut short"},
	} {
		url := o.feeds.serve(fmt.Sprintf("/bad%d.json", len(c.doc)), []byte(c.doc))
		got := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url})
		if got.status != http.StatusBadRequest || !strings.Contains(string(got.body), c.want) {
			t.Errorf("adding %s: %d %s; want 400 naming %q", c.doc, got.status, got.body, c.want)
		}
	}
	var list catalogsrv.SourceList
	call(t, o.api, "GET", "/api/v1/sources", "manager", nil).decode(t, &list)
	if len(list.Sources) != 0 || len(o.pub.kinds()) != 0 {
		t.Errorf("failed adds left sources %+v and events %v", list.Sources, o.pub.kinds())
	}
	if n := o.auditCount(t, "catalog.source_add_failed"); n != 3 {
		t.Errorf("%d catalog.source_add_failed entries, want 3", n)
	}
	var revisions int
	if err := o.d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM catalog_revisions WHERE revision > 0").Scan(&revisions); err != nil || revisions != 0 {
		t.Errorf("failed adds moved the catalog revision (%d, %v)", revisions, err)
	}
}

// The server fetches only https feeds, and never from its own machine
// unless a test says so: a manager's URL must not reach the server's
// loopback services.
func TestFeedURLsAreGuarded(t *testing.T) {
	o := newOrg(t)
	strict := o.replica(t, o.d, catalogsrv.Options{})
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))
	for _, u := range []string{url, strings.Replace(url, "https://", "http://", 1), "file:///etc/passwd", "https://user:pw@example.test/feed.json", ""} {
		got := call(t, strict, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: u})
		if got.status != http.StatusBadRequest {
			t.Errorf("adding %q: %d %s, want 400", u, got.status, got.body)
		}
	}
	if hits := o.feeds.hits["/acme.json"]; hits != 0 {
		t.Errorf("the loopback feed was fetched %d times", hits)
	}
}

// A poll is answered from the revision row and the replica's copy of the
// feed: nothing is rebuilt while the revision stays. (Listings changed
// behind the server's back, without a new revision, are not seen.)
func TestPollsDoNotRebuildTheFeed(t *testing.T) {
	o := newOrg(t)
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url})
	first := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if _, err := o.d.Pool.Exec(context.Background(), "DELETE FROM catalog_listings"); err != nil {
		t.Fatal(err)
	}
	again := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if !bytes.Equal(first.body, again.body) || len(feedIDs(t, again.body)) != 1 {
		t.Errorf("the second GET rebuilt the feed: %s", again.body)
	}
	if got := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "If-None-Match", `"other", `+first.header.Get("ETag")); got.status != http.StatusNotModified {
		t.Errorf("If-None-Match with the current tag among others: %d, want 304", got.status)
	}
	if got := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "If-None-Match", `"c1-0000"`); got.status != http.StatusOK {
		t.Errorf("If-None-Match with a stale tag: %d, want 200", got.status)
	}
}

// richListing uses every optional part of the format, so the round trip
// through the server covers them.
func richListing(e map[string]any) {
	e["screenshots"] = []map[string]any{{"url": "https://zeta.example/1.png", "caption": "Pipeline"}, {"url": "https://zeta.example/2.png"}}
	e["type"] = "account"
	e["categories"] = []string{"Sales & CRM", "Productivity"}
	e["oauth"] = map[string]any{"client_id": "zeta", "authorization_endpoint": "https://zeta.example/authorize",
		"token_endpoint": "https://zeta.example/token", "revocation_endpoint": "https://zeta.example/revoke", "redirect_path": "/zeta/cb"}
	e["configuration"] = map[string]any{"kind": "form", "fields": []map[string]any{
		{"key": "pipeline", "label": "Pipeline", "type": "select", "required": true, "default": "sales",
			"options": []map[string]any{{"value": "sales", "label": "Sales"}, {"value": "support", "label": "Support"}}},
		{"key": "limit", "label": "Limit", "type": "number", "min": 1, "max": 50, "default": 10, "help": "Deals per page"},
		{"key": "notify", "label": "Notify", "type": "toggle", "default": false},
		{"key": "tags", "label": "Tags", "type": "multiselect", "default": []string{"a"}, "options": []map[string]any{{"value": "a", "label": "A"}}},
		{"key": "token", "label": "API token", "type": "secret", "placeholder": "zt_…"},
	}}
	e["links"] = map[string]any{"privacy_policy": "https://zeta.example/privacy", "terms": "https://zeta.example/terms",
		"support": "https://zeta.example/support", "documentation": "https://zeta.example/docs"}
	e["deauthorization_url"] = "https://zeta.example/deauthorized"
	e["deauthorization_secret"] = "whsec_not_a_secret"
	e["published_at"] = "2025-01-01T10:00:00+02:00"
}

// The feed is also served gzipped (compressed once per revision), as its own
// representation with its own strong ETag; either tag names the revision,
// so a poll with one is answered 304 whatever the encoding asked.
func TestFeedIsServedGzipped(t *testing.T) {
	o := newOrg(t)
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))})
	plain := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "Accept-Encoding", "identity")
	zipped := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "Accept-Encoding", "br, gzip;q=0.8")
	refused := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "Accept-Encoding", "gzip;q=0")
	if plain.header.Get("Content-Encoding") != "" || refused.header.Get("Content-Encoding") != "" || zipped.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding: identity %q, gzip;q=0 %q, gzip %q", plain.header.Get("Content-Encoding"),
			refused.header.Get("Content-Encoding"), zipped.header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped.body))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain.body) {
		t.Fatalf("the gzip feed is not the feed (%v)", err)
	}
	pt, zt := plain.header.Get("ETag"), zipped.header.Get("ETag")
	if pt == zt || !strings.Contains(zipped.header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("ETags %s and %s, Vary %q: want a tag per representation and Vary: Accept-Encoding", pt, zt, zipped.header.Get("Vary"))
	}
	if got := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "Accept-Encoding", "identity", "If-None-Match", zt); got.status != http.StatusNotModified || got.header.Get("ETag") != pt {
		t.Errorf("plain poll with the gzip tag: %d, ETag %s; want 304 with the plain tag", got.status, got.header.Get("ETag"))
	}
}
