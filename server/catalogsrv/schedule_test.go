package catalogsrv_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketdesk/server/catalogsrv"
)

// The schedule fetches sources again on its own: a changed feed reaches the
// merged feed, audited as the server's doing; a source synced recently is
// left alone, and a pass that finds nothing new writes nothing.
func TestScheduledSyncKeepsSourcesFresh(t *testing.T) {
	o := newOrg(t)
	ctx := context.Background()
	opts := catalogsrv.Options{Client: o.feeds.client, AllowLoopbackFeeds: true, SyncEvery: time.Hour}
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))
	if got := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url}); got.status != http.StatusCreated {
		t.Fatalf("add: %d %s", got.status, got.body)
	}
	if n, err := catalogsrv.SyncDue(ctx, o.d, o.pub, opts); err != nil || n != 0 {
		t.Fatalf("a pass right after the add synced %d (%v), want 0", n, err)
	}

	o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes"), listing("acme-chat", "Acme Chat")))
	if _, err := o.d.Pool.Exec(ctx, "UPDATE catalog_sources SET last_sync_at = now() - interval '2 hours'"); err != nil {
		t.Fatal(err)
	}
	if n, err := catalogsrv.SyncDue(ctx, o.d, o.pub, opts); err != nil || n != 1 {
		t.Fatalf("a pass with one due source synced %d (%v), want 1", n, err)
	}
	merged := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if ids := strings.Join(feedIDs(t, merged.body), " "); ids != "acme-notes acme-chat" {
		t.Errorf("after the scheduled sync the feed lists %q", ids)
	}
	var actor string
	var actorID *int64
	if err := o.d.Pool.QueryRow(ctx, "SELECT actor_name, actor_id FROM audit_log WHERE action = 'catalog.source_synced'").Scan(&actor, &actorID); err != nil {
		t.Fatalf("the scheduled sync's audit entry: %v", err)
	}
	if !strings.Contains(actor, "scheduled sync") || actorID != nil {
		t.Errorf("scheduled sync audited as %q (user %v), want the server, no user", actor, actorID)
	}

	// Due again, but the feed server answers 304: no entry, no event.
	events := len(o.pub.kinds())
	if _, err := o.d.Pool.Exec(ctx, "UPDATE catalog_sources SET last_sync_at = now() - interval '2 hours'"); err != nil {
		t.Fatal(err)
	}
	if n, _ := catalogsrv.SyncDue(ctx, o.d, o.pub, opts); n != 1 || o.auditCount(t, "catalog.source_synced") != 1 || len(o.pub.kinds()) != events {
		t.Errorf("an unchanged scheduled sync: %d synced, %d entries, %d new events; want 1, 1, 0",
			n, o.auditCount(t, "catalog.source_synced"), len(o.pub.kinds())-events)
	}
	o.checkPublished(t)
}
