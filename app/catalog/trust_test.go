package catalog

import (
	"strings"
	"testing"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
)

// A member, and an admin without the marketplace-manager privilege, cannot
// add, remove or trust a catalog source: each call is refused and the
// database is exactly as it was.
func TestMembersCannotAddRemoveOrTrustSources(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "team.json", feed(entry("team-app", "Team App")))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	srcs, _ := f.syncer.Sources(f.ctx)
	teamID := srcs[1].ID
	other := f.writeFeed(t, "other.json", feed(entry("other-app", "Other App")))
	calls := map[string]func(u account.User) error{
		"AddSource": func(u account.User) error {
			_, err := f.syncer.AddSource(f.ctx, u, other)
			return err
		},
		"RemoveSource": func(u account.User) error { return f.syncer.RemoveSource(f.ctx, u, teamID) },
		"SetTrusted": func(u account.User) error {
			_, err := f.syncer.SetTrusted(f.ctx, u, teamID, true)
			return err
		},
	}
	before := f.snapshot(t)
	for name, call := range calls {
		for _, who := range []account.User{f.member, f.admin} {
			if err := call(who); apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("%s as %s (%s): err = %v, want forbidden", name, who.Name, who.Role, err)
			}
		}
	}
	if after := f.snapshot(t); after != before {
		t.Errorf("refused calls changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot summarizes what a refused source call could have touched.
func (f *fixture) snapshot(t *testing.T) string {
	t.Helper()
	var s string
	for _, q := range []string{
		"SELECT count(*) || ':' || coalesce(group_concat(id || kind || location || trusted), '') FROM catalog_sources",
		"SELECT count(*) || ':' || coalesce(group_concat(id || developer_verified), '') FROM listings",
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

func (f *fixture) auditActions(t *testing.T) []string {
	t.Helper()
	rows, err := f.db.Reader.Query("SELECT action || ' ' || target || ' by ' || actor_email FROM audit_log WHERE action LIKE 'catalog.%' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// Adding, trusting, untrusting and removing a source each leave an audit
// entry naming who did it; a feed whose first sync fails leaves no source,
// and the log shows the failed attempt once.
func TestSourceChangesAreAudited(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "team.json", feed(entry("team-app", "Team App")))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	srcs, _ := f.syncer.Sources(f.ctx)
	id := srcs[1].ID
	if src, err := f.syncer.SetTrusted(f.ctx, f.owner, id, true); err != nil || !src.Trusted {
		t.Fatalf("trust: %+v, %v", src, err)
	}
	if src, err := f.syncer.SetTrusted(f.ctx, f.owner, id, false); err != nil || src.Trusted {
		t.Fatalf("untrust: %+v, %v", src, err)
	}
	if err := f.syncer.RemoveSource(f.ctx, f.owner, id); err != nil {
		t.Fatal(err)
	}
	bad := f.writeFeed(t, "bad.json", []byte("not json"))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, bad); err == nil {
		t.Fatal("a feed that cannot be read must not be added")
	}
	by := " by olive@acme.example"
	want := []string{
		"catalog.source_added " + path + by, "catalog.source_trusted " + path + by,
		"catalog.source_untrusted " + path + by, "catalog.source_removed " + path + by,
		"catalog.source_add_failed " + bad + by,
	}
	if got := f.auditActions(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := f.syncer.SetTrusted(f.ctx, f.owner, srcs[0].ID, false); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("untrusting the embedded catalog: %v", err)
	}
}

func (f *fixture) verified(t *testing.T, id string) bool {
	t.Helper()
	l, err := f.searcher.Listing(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	cards := f.search(t, Query{Text: l.Name}).Items
	for _, c := range cards {
		if c.ID == id && c.Developer.Verified != l.Developer.Verified {
			t.Fatalf("%s: the card and the detail page disagree on verified", id)
		}
	}
	return l.Developer.Verified
}

// A feed that declares its developer verified is not believed: only the
// embedded catalog and sources a manager trusts have verified developers.
func TestFeedCannotClaimVerified(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "claims.json", feed(entry("claimer", "Claimer App", func(e map[string]any) {
		e["developer"] = map[string]any{"name": "Claimer Inc", "website": "https://claimer.example", "verified": true}
	})))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	if f.verified(t, "claimer") {
		t.Fatal("the feed's own verified:true was believed")
	}
	if !f.verified(t, "alpha") {
		t.Fatal("the embedded catalog's developers are verified")
	}
	srcs, _ := f.syncer.Sources(f.ctx)
	if !srcs[0].Trusted || srcs[1].Trusted {
		t.Fatalf("sources: %+v", srcs)
	}
	if _, err := f.syncer.SetTrusted(f.ctx, f.owner, srcs[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if !f.verified(t, "claimer") {
		t.Fatal("a source a manager trusts has verified developers")
	}
	if _, err := f.syncer.SetTrusted(f.ctx, f.owner, srcs[1].ID, false); err != nil {
		t.Fatal(err)
	}
	if f.verified(t, "claimer") {
		t.Fatal("untrusting a source takes its verified marks away")
	}
}

// Names with characters that do not show, or that reorder the text, are
// refused entry by entry with a reason; the rest of the feed lands.
func TestFeedNamesWithInvisibleOrBidiCharactersAreRefused(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	hostile := map[string]string{
		"zwsp":     "Tide\u200bpool Notes",
		"zwj":      "Tide\u200dpool Notes",
		"rlo":      "Notes \u202eslpmaxe",
		"lri":      "\u2066Tidepool Notes\u2069",
		"lrm":      "Tidepool\u200e Notes",
		"alm":      "Tidepool\u061c Notes",
		"bom":      "\ufeffTidepool Notes",
		"wj":       "Tide\u2060pool",
		"shy":      "Tide\u00adpool Notes",
		"bell":     "Tidepool\u0007 Notes",
		"filler":   "Tidepool\u3164Notes",
		"tag":      "Tidepool\U000E0041 Notes",
		"selector": "Tidepool\ufe00 Notes",
	}
	var entries []map[string]any
	for id, n := range hostile {
		entries = append(entries, entry("name-"+id, n), entry("dev-"+id, "Fine "+id, func(e map[string]any) {
			e["developer"] = map[string]any{"name": n, "website": "https://x.example"}
		}))
	}
	entries = append(entries, entry("fine", "Café Über 日本語 😀"))
	path := f.writeFeed(t, "hostile.json", feed(entries...))
	res, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || len(res.Skipped) != 2*len(hostile) {
		t.Fatalf("added %d, skipped %d: %+v", res.Added, len(res.Skipped), res.Skipped)
	}
	for _, p := range res.Skipped {
		field := "name"
		if strings.HasPrefix(p.Entry, "dev-") {
			field = "developer.name"
		}
		if !strings.Contains(p.Reason, field+" contains an invisible or text-direction character (U+") {
			t.Errorf("%s: reason %q", p.Entry, p.Reason)
		}
	}
}

// A developer name that looks like a verified developer's of another
// source is not shown as verified, even from a trusted source; a developer
// of its own is.
func TestLookAlikeOfVerifiedDeveloperIsNotVerified(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes"))) // by "Northwind Labs"
	f.syncer.SyncAll(f.ctx)
	lookalikes := map[string]string{
		"cyrillic": "Nоrthwind Labs", // Cyrillic о
		"greek":    "Νorthwind Labs", // Greek capital nu
		"digit":    "Northw1nd Labs",
		"case":     "NORTHWIND LABS",
		"accent":   "Nörthwind Labs",
		"spaced":   "North wind Labs",
		"fullwide": "Ｎorthwind Labs",
	}
	var entries []map[string]any
	for id, dev := range lookalikes {
		entries = append(entries, entry("copy-"+id, "Copy "+id, func(e map[string]any) {
			e["developer"] = map[string]any{"name": dev, "website": "https://x.example"}
		}))
	}
	entries = append(entries, entry("own", "Own App", func(e map[string]any) {
		e["developer"] = map[string]any{"name": "Southwind Works", "website": "https://x.example"}
	}), entry("same", "Same Dev App")) // the very same name: the same developer
	path := f.writeFeed(t, "lookalikes.json", feed(entries...))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	srcs, _ := f.syncer.Sources(f.ctx)
	if _, err := f.syncer.SetTrusted(f.ctx, f.owner, srcs[1].ID, true); err != nil {
		t.Fatal(err)
	}
	for id := range lookalikes {
		if f.verified(t, "copy-"+id) {
			t.Errorf("%q looks like Northwind Labs and is shown as verified", lookalikes[id])
		}
	}
	if !f.verified(t, "own") || !f.verified(t, "same") || !f.verified(t, "alpha") {
		t.Fatal("the trusted source's own developer and the real one stay verified")
	}
}

// An impostor that copies the real app's name (with more installs, or the
// name repeated to weigh more) does not rank above the real app, whose
// developer Marketdesk verified, for a search of its exact name.
func TestRealAppRanksFirstForItsExactName(t *testing.T) {
	f := setup(t, feed(entry("tidepool-notes", "Tidepool Notes", func(e map[string]any) {
		e["stats"] = map[string]any{"installs": 100, "rating": 4.0, "rating_count": 3}
	})))
	f.syncer.SyncAll(f.ctx)
	impostor := func(id, name string) map[string]any {
		return entry(id, name, func(e map[string]any) {
			e["developer"] = map[string]any{"name": "Northw1nd Labs", "website": "https://x.example", "verified": true}
			e["stats"] = map[string]any{"installs": 9000000, "rating": 5, "rating_count": 90000}
			e["summary"] = "Tidepool Notes, the Tidepool Notes app for Tidepool Notes."
		})
	}
	path := f.writeFeed(t, "impostor.json", feed(impostor("fake-notes", "Tidepool Notes"),
		impostor("stuffed", "Tidepool Notes Tidepool Notes"), impostor("notes-tidepool", "Notes Tidepool")))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	srcs, _ := f.syncer.Sources(f.ctx)
	f.syncer.SetTrusted(f.ctx, f.owner, srcs[1].ID, true) // even trusted, the look-alike is not verified
	for _, text := range []string{"Tidepool Notes", "tidepool notes", " Tidepool Notes "} {
		res := f.search(t, Query{Text: text})
		if len(res.Items) != 4 || res.Items[0].ID != "tidepool-notes" || res.Items[1].ID != "fake-notes" {
			t.Fatalf("search %q: %v", text, ids(res.Items))
		}
		if res.Items[1].Developer.Verified {
			t.Fatal("the impostor's developer is shown as verified")
		}
		page := f.search(t, Query{Text: text, Offset: 1, Limit: 2})
		if got := ids(page.Items); len(got) != 2 || got[0] != "fake-notes" || page.Total != 4 {
			t.Fatalf("second page %q: %v (total %d)", text, got, page.Total)
		}
	}
}

func TestSkeletonFoldsLookAlikes(t *testing.T) {
	same := [][2]string{
		{"Northwind Labs", "NORTHWIND LABS"}, {"Northwind", "Nоrthwind"}, {"Northwind", "Νorthwind"},
		{"Google", "G00gle"}, {"Paypal", "PayPaI"}, {"Modern", "Modem"}, {"Café", "Cafe"},
		{"Acme", "Ａｃｍｅ"}, {"Apple", "Аррlе"}, {"Slack", "SIack"}, {"Wave", "VVave"},
	}
	for _, p := range same {
		if skeleton(p[0]) != skeleton(p[1]) {
			t.Errorf("skeleton(%q) = %q, skeleton(%q) = %q: want equal", p[0], skeleton(p[0]), p[1], skeleton(p[1]))
		}
	}
	for _, p := range [][2]string{{"Northwind", "Southwind"}, {"Acme", "Acne"}} {
		if skeleton(p[0]) == skeleton(p[1]) {
			t.Errorf("%q and %q do not look alike", p[0], p[1])
		}
	}
}
