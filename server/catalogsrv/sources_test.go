package catalogsrv_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"marketdesk/server/catalogsrv"
	"marketdesk/server/events"
)

// A sync that fails (the feed is now broken, or gone) keeps the catalog as
// it was, shows the error on the source and audits the attempt; removing
// the source takes its listings out of the merged feed and tells desktops.
func TestFailedSyncKeepsTheCatalogAndRemovalShrinksIt(t *testing.T) {
	o := newOrg(t)
	url := o.feeds.serve("/acme.json", feed("Acme", listing("acme-notes", "Acme Notes")))
	var report catalogsrv.SyncReport
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url}).decode(t, &report)
	if report.Source.Name != "Acme" || report.Source.ListingCount != 1 || report.Added != 1 {
		t.Fatalf("added: %+v", report)
	}
	before := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	sync := fmt.Sprintf("/api/v1/sources/%d/sync", report.Source.ID)

	o.feeds.serve("/acme.json", []byte(`{"schema_version": 2, "listings": []}`))
	got := call(t, o.api, "POST", sync, "manager", nil)
	if got.status != http.StatusBadRequest || !strings.Contains(string(got.body), "schema_version 2 is not supported") {
		t.Errorf("sync of a broken feed: %d %s", got.status, got.body)
	}
	o.feeds.mu.Lock()
	delete(o.feeds.feeds, "/acme.json")
	o.feeds.mu.Unlock()
	if got := call(t, o.api, "POST", sync, "manager", nil); got.status != http.StatusServiceUnavailable {
		t.Errorf("sync of a feed that is gone (404): %d %s, want 503", got.status, got.body)
	}
	after := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if after.header.Get("ETag") != before.header.Get("ETag") || string(after.body) != string(before.body) {
		t.Errorf("failed syncs changed the merged feed")
	}
	var list catalogsrv.SourceList
	call(t, o.api, "GET", "/api/v1/sources", "manager", nil).decode(t, &list)
	if len(list.Sources) != 1 || !strings.Contains(list.Sources[0].LastError, "404") || list.Sources[0].ListingCount != 1 {
		t.Errorf("source after failed syncs: %+v; want the last error shown and its listing kept", list.Sources)
	}
	if n := o.auditCount(t, "catalog.source_sync_failed"); n != 2 {
		t.Errorf("%d catalog.source_sync_failed entries, want 2", n)
	}

	if got := call(t, o.api, "DELETE", fmt.Sprintf("/api/v1/sources/%d", report.Source.ID), "manager", nil); got.status != http.StatusNoContent {
		t.Fatalf("remove: %d %s", got.status, got.body)
	}
	if e := o.pub.last(); e.Kind != events.CatalogChanged {
		t.Errorf("last event %s, want catalog.changed", e.Kind)
	}
	empty := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil, "If-None-Match", before.header.Get("ETag"))
	if empty.status != http.StatusOK || len(feedIDs(t, empty.body)) != 0 {
		t.Errorf("feed after removal: %d %s", empty.status, empty.body)
	}
	if got := call(t, o.api, "DELETE", fmt.Sprintf("/api/v1/sources/%d", report.Source.ID), "manager", nil); got.status != http.StatusNotFound {
		t.Errorf("second removal: %d, want 404", got.status)
	}
	if got := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/acme.json", feed("Acme"))}); got.status != http.StatusCreated {
		t.Errorf("adding the feed again after removal: %d %s", got.status, got.body)
	}
	if got := call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url}); got.status != http.StatusConflict {
		t.Errorf("adding a feed twice: %d, want 409", got.status)
	}
	o.checkPublished(t)
}

// When a source is removed, the ids it held are free: the next sync of
// another source that lists one takes it, even if that feed has not
// changed (its server would answer 304).
func TestRemovalFreesIdsForOtherSources(t *testing.T) {
	o := newOrg(t)
	var first, second catalogsrv.SyncReport
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/one.json", feed("One", listing("shared", "From One")))}).decode(t, &first)
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/two.json", feed("Two", listing("shared", "From Two")))}).decode(t, &second)
	if len(second.Skipped) != 1 {
		t.Fatalf("second source: %+v, want its listing skipped", second)
	}
	call(t, o.api, "DELETE", fmt.Sprintf("/api/v1/sources/%d", first.Source.ID), "manager", nil)
	var again catalogsrv.SyncReport
	call(t, o.api, "POST", fmt.Sprintf("/api/v1/sources/%d/sync", second.Source.ID), "manager", nil).decode(t, &again)
	merged := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	if again.Unchanged || again.Added != 1 || !strings.Contains(string(merged.body), "From Two") {
		t.Errorf("sync after the removal: %+v; feed %s", again, merged.body)
	}
}
