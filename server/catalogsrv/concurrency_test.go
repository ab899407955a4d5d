package catalogsrv_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"marketdesk/server/catalogsrv"
	"marketdesk/server/db/pgtest"
)

// Syncs on two replicas at once follow one another: each change gets its
// own revision, the same change applied twice gets one, and both replicas
// end up serving the same feed.
func TestConcurrentSyncsOnTwoReplicas(t *testing.T) {
	o := newOrg(t)
	second := o.replica(t, pgtest.OpenURL(t, o.dsn), catalogsrv.Options{AllowLoopbackFeeds: true})
	var one, two catalogsrv.SyncReport
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/one.json", feed("One", listing("one-a", "One A")))}).decode(t, &one)
	call(t, o.api, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: o.feeds.serve("/two.json", feed("Two", listing("two-a", "Two A")))}).decode(t, &two)
	base := two.Revision

	o.feeds.serve("/one.json", feed("One", listing("one-a", "One A"), listing("one-b", "One B")))
	o.feeds.serve("/two.json", feed("Two", listing("two-a", "Two A"), listing("two-b", "Two B")))
	syncs := []struct {
		replica *httptest.Server
		id      int64
	}{{o.api, one.Source.ID}, {second, two.Source.ID}, {second, one.Source.ID}, {o.api, two.Source.ID}}
	statuses := make([]int, len(syncs))
	var wg sync.WaitGroup
	for i, s := range syncs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = call(t, s.replica, "POST", fmt.Sprintf("/api/v1/sources/%d/sync", s.id), "manager", nil).status
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("sync %d: %d", i, st)
		}
	}
	a := call(t, o.api, "GET", "/api/v1/catalog/feed", "member", nil)
	b := call(t, second, "GET", "/api/v1/catalog/feed", "member", nil)
	if a.header.Get("ETag") != b.header.Get("ETag") || string(a.body) != string(b.body) {
		t.Fatalf("replicas serve different feeds after concurrent syncs")
	}
	if ids := strings.Join(feedIDs(t, a.body), " "); ids != "one-a one-b two-a two-b" {
		t.Errorf("feed after concurrent syncs: %q", ids)
	}
	var revision int64
	if err := o.d.Pool.QueryRow(t.Context(), "SELECT revision FROM catalog_revisions WHERE account_id = $1", o.a).Scan(&revision); err != nil {
		t.Fatal(err)
	}
	if revision != base+2 {
		t.Errorf("revision %d after two changes applied twice each, want %d", revision, base+2)
	}
	o.checkPublished(t)
}
