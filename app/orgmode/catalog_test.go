package orgmode_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/catalog/defaultcatalog"
	"marketdesk/app/org"
	"marketdesk/app/orgmode"
)

// publisherFeed is the one feed the organization's manager adds.
const publisherFeed = `{"schema_version": 1, "name": "Northwind", "listings": [{
  "id": "northwind-standup", "name": "Northwind Standup", "summary": "Stand-ups in step.",
  "description": "A fine app for meetings.", "icon": "https://northwind.example/standup.png",
  "developer": {"name": "Northwind Labs", "website": "https://northwind.example"},
  "categories": ["Productivity"], "type": "user",
  "scopes": [{"name": "meeting:read", "description": "See your meetings"}],
  "oauth": {"issuer": "https://auth.northwind.example", "client_id": "md-standup"},
  "links": {"privacy_policy": "https://northwind.example/privacy", "terms": "https://northwind.example/terms"},
  "version": "1.0.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2026-10-01T00:00:00Z"}, {
  "id": "tidepool-notes", "name": "Tidepool Notes", "summary": "Notes.",
  "description": "Notes for meetings.", "icon": "https://tidepool.example/notes.png",
  "developer": {"name": "Tidepool", "website": "https://tidepool.example"},
  "categories": ["Productivity"], "type": "user",
  "scopes": [{"name": "meeting:read", "description": "See your meetings"}],
  "oauth": {"issuer": "https://auth.tidepool.example", "client_id": "md-notes"},
  "deauthorization_url": "https://tidepool.example/deauthorized",
  "links": {"privacy_policy": "https://tidepool.example/privacy", "terms": "https://tidepool.example/terms"},
  "version": "1.0.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2026-10-01T00:00:00Z"}]}`

func serveFeed(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/northwind.json" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(publisherFeed))
}

// In organization mode the catalog holds the organization's merged feed,
// fetched with the sign-in and the feed code's ETag (a second sync is
// "unchanged"), kept for offline browsing; personal sources are refused
// when the managed policy turns them off.
func TestCatalogIsTheOrganizationsFeed(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	c, _ := manager.conn.Client(context.Background())
	if err := c.SendJSON(context.Background(), http.MethodPost, "/api/v1/sources", map[string]string{"url": o.feeds.URL + "/northwind.json"}, nil); err != nil {
		t.Fatalf("the manager adds a source at the server: %v", err)
	}

	ctx := context.Background()
	syncer := catalog.NewSyncer(member.db, defaultcatalog.FS, nil, time.Now, nil)
	syncer.SetOrgFeed(member.orgmode) // the first sync adds the organization's feed as a source
	find := func() (catalog.Listing, error) { return catalog.NewSearcher(member.db).App(ctx, "northwind-standup") }
	st := syncer.SyncAll(ctx)
	if l, err := find(); err != nil || l.Name != "Northwind Standup" {
		t.Fatalf("after the first sync (%+v): %+v, %v", st.Results, l, err)
	}
	st = syncer.SyncAll(ctx)
	if len(st.Results) != 1 || !st.Results[0].Unchanged {
		t.Fatalf("second sync: %+v, want unchanged (If-None-Match)", st.Results)
	}

	off := false
	managed := orgmode.New(org.New(org.Config{DB: member.db, Vault: member.vault, Policy: org.Policy{PersonalSources: &off, Path: "/etc/marketdesk/policy.json"}}), member.db)
	syncer.SetOrgFeed(managed)
	local, err := managed.LocalUser(ctx)
	if err != nil || local.Role != account.RoleOwner {
		t.Fatalf("local stand-in: %+v, %v", local, err)
	}
	if _, err := syncer.AddSource(ctx, local, "https://feeds.example.org/mine.json"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a personal source under a policy that turns them off: %v", err)
	}

	o.srv.CloseClientConnections()
	o.srv.Close()
	st = syncer.SyncAll(ctx)
	if len(st.Results) != 1 || !st.Results[0].Offline {
		t.Fatalf("offline sync: %+v", st.Results)
	}
	if _, err := find(); err != nil {
		t.Fatalf("offline, the organization's listing is gone: %v", err)
	}
}
