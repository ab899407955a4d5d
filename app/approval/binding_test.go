package approval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"marketdesk/app/catalog"
)

// teamApp is an issuer-based listing of a feed file.
func teamApp(issuer string, scopes ...string) map[string]any {
	l := listing("team-app", "user")
	l["oauth"] = map[string]any{"issuer": issuer, "client_id": "team-client"}
	var list []map[string]any
	for _, s := range scopes {
		list = append(list, map[string]any{"name": s, "description": "Scope " + s})
	}
	l["scopes"] = list
	return l
}

// writeFeed writes (or rewrites) a feed file and returns its path.
func writeFeed(t *testing.T, path string, entries ...map[string]any) string {
	t.Helper()
	list, _ := json.Marshal(entries)
	if err := os.WriteFile(path, fmt.Appendf(nil, `{"schema_version": 1, "listings": %s}`, list), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func (f *fixture) sourceID(t *testing.T, location string) int64 {
	t.Helper()
	srcs, _ := f.syncer.Sources(f.ctx)
	for _, s := range srcs {
		if s.Location == location {
			return s.ID
		}
	}
	t.Fatalf("no source %s", location)
	return 0
}

func (f *fixture) reason(t *testing.T, listingID string) string {
	t.Helper()
	d, err := f.approvals.Check(f.ctx, f.m, listingID)
	if err != nil {
		t.Fatal(err)
	}
	return d.Reason
}

func (f *fixture) preApprovedForMember(t *testing.T) []string {
	t.Helper()
	res, err := catalog.NewSearcher(f.db).Search(f.ctx, catalog.Query{PreApprovedOnly: true}, f.m.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range res.Items {
		ids = append(ids, c.ID)
	}
	return ids
}

// An approved app's source goes away and another feed lists the same id,
// with its own authorization server: the approval does not carry over. The
// member is told the app needs a review; the manager sees what changed and
// can approve it again.
func TestAnotherFeedCannotTakeOverAnApprovedId(t *testing.T) {
	f := setup(t)
	dir := t.TempDir()
	honest := writeFeed(t, filepath.Join(dir, "honest.json"), teamApp("https://auth.honest.example", "notes:read"))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, honest); err != nil {
		t.Fatal(err)
	}
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "team-app", Grant{ForAccount: true}); err != nil {
		t.Fatal(err)
	}
	if r := f.reason(t, "team-app"); r != Allowed {
		t.Fatalf("approved: %s", r)
	}
	if err := f.syncer.RemoveSource(f.ctx, f.owner, f.sourceID(t, honest)); err != nil {
		t.Fatal(err)
	}
	evil := writeFeed(t, filepath.Join(dir, "evil.json"), teamApp("https://auth.evil.example", "notes:read"))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, evil); err != nil {
		t.Fatal(err)
	}
	if r := f.reason(t, "team-app"); r != NeedsReview {
		t.Fatalf("the other feed's app inherited the approval: %s", r)
	}
	if act, _ := f.approvals.ActionFor(f.ctx, f.m, "team-app"); act.State != NeedsReview {
		t.Fatalf("the member's detail page shows %q", act.State)
	}
	if slices.Contains(f.preApprovedForMember(t), "team-app") {
		t.Fatal("\"pre-approved for me\" lists the app that changed")
	}
	act, _ := f.approvals.ActionFor(f.ctx, f.owner, "team-app")
	if !slices.Equal(act.Approval.Changed, []string{ChangedSource, ChangedServer}) {
		t.Fatalf("the manager sees changes %v", act.Approval.Changed)
	}
	apps, err := f.approvals.Apps(f.ctx, f.owner, AppFilter{State: "changed"})
	if err != nil || len(apps) != 1 || apps[0].ListingID != "team-app" || !apps[0].ChangedSinceApproved {
		t.Fatalf("Admin \"changed since approved\": %+v, %v", apps, err)
	}
	all, err := f.approvals.Apps(f.ctx, f.owner, AppFilter{})
	if err != nil || len(all) != 4 {
		t.Fatalf("Admin apps: %+v, %v", all, err)
	}
	for _, a := range all {
		if a.ChangedSinceApproved != (a.ListingID == "team-app") {
			t.Errorf("%s: changed since approved = %v", a.ListingID, a.ChangedSinceApproved)
		}
	}
	// The member may ask for the review.
	if _, err := f.approvals.Ask(f.ctx, f.m, "team-app", "it moved"); err != nil {
		t.Fatalf("asking for a review: %v", err)
	}
	if _, err := f.approvals.PreApprove(f.ctx, f.owner, "team-app", Grant{ForAccount: true}); err != nil {
		t.Fatal(err)
	}
	if r := f.reason(t, "team-app"); r != Allowed {
		t.Fatalf("approved again: %s", r)
	}
}

// The same feed changes an approved app's authorization server, or its
// scopes: the approval stops counting until a manager reviews it. A block
// always counts.
func TestFeedChangingAnApprovedAppNeedsReview(t *testing.T) {
	f := setup(t)
	feed := filepath.Join(t.TempDir(), "team.json")
	writeFeed(t, feed, teamApp("https://auth.team.example", "notes:read"), listing("other", "user"))
	f.syncer.AddSource(f.ctx, f.owner, feed)
	f.approvals.PreApprove(f.ctx, f.owner, "team-app", Grant{UserIDs: []int64{f.m.ID}})
	f.approvals.Block(f.ctx, f.owner, "other", "no")
	cases := []struct {
		name    string
		app     map[string]any
		changed []string
	}{
		{"scopes reordered", teamApp("https://auth.team.example", "notes:read"), nil},
		{"issuer", teamApp("https://auth.elsewhere.example", "notes:read"), []string{ChangedServer}},
		{"scopes", teamApp("https://auth.team.example", "notes:read", "notes:write"), []string{ChangedScopes}},
		{"client id", func() map[string]any {
			l := teamApp("https://auth.team.example", "notes:read")
			l["oauth"].(map[string]any)["client_id"] = "someone-else"
			return l
		}(), []string{ChangedServer}},
		{"explicit endpoints", func() map[string]any {
			l := teamApp("", "notes:read")
			l["oauth"] = map[string]any{"client_id": "team-client", "authorization_endpoint": "https://a.example/auth", "token_endpoint": "https://a.example/token"}
			return l
		}(), []string{ChangedServer}},
	}
	for _, c := range cases {
		writeFeed(t, feed, c.app, listing("other", "user"))
		if st := f.syncer.SyncAll(f.ctx); st.Results[1].Error != "" {
			t.Fatalf("%s: %+v", c.name, st.Results[1])
		}
		want := Allowed
		if c.changed != nil {
			want = NeedsReview
		}
		if r := f.reason(t, "team-app"); r != want {
			t.Errorf("%s: %s, want %s", c.name, r, want)
		}
		a, _ := f.approvals.Approval(f.ctx, "team-app")
		if !slices.Equal(a.Changed, c.changed) && len(a.Changed)+len(c.changed) > 0 {
			t.Errorf("%s: changed %v, want %v", c.name, a.Changed, c.changed)
		}
		if r := f.reason(t, "other"); r != Blocked {
			t.Errorf("%s: the blocked app is %s", c.name, r)
		}
	}
}
