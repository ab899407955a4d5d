package catalog

import (
	"testing"
	"testing/fstest"
	"time"
)

// A start does not re-sync sources synced within the interval; it does when
// one was never synced, is older, failed last time, or when a new build
// carries another embedded catalog.
func TestStartSyncsOnlyWhenACatalogIsStale(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	stale := func(maxAge time.Duration) bool {
		t.Helper()
		got, err := f.syncer.Stale(f.ctx, maxAge)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if !stale(time.Hour) {
		t.Fatal("a never-synced embedded catalog must be stale")
	}
	f.syncer.SyncAll(f.ctx)
	if stale(time.Hour) {
		t.Fatal("just synced: not stale")
	}
	if !stale(0) {
		t.Fatal("a zero interval syncs at every start")
	}
	f.clockAt(f.syncer.now().Add(2 * time.Hour))
	if !stale(time.Hour) {
		t.Fatal("synced two hours ago with a one-hour interval: stale")
	}
	f.syncer.SyncAll(f.ctx)
	if stale(time.Hour) {
		t.Fatal("synced again: fresh")
	}
	// A new build's embedded catalog.
	f.syncer.fetch.embedded = fstest.MapFS{"catalog.json": {Data: feed(entry("beta", "Beta Rooms"))}}
	if !stale(time.Hour) {
		t.Fatal("another embedded catalog must be synced at once")
	}
	f.syncer.SyncAll(f.ctx)
	if _, err := f.db.Writer.Exec("UPDATE catalog_sources SET last_error = 'offline'"); err != nil {
		t.Fatal(err)
	}
	if !stale(time.Hour) {
		t.Fatal("a source whose last sync failed is tried again at start")
	}
}

// clockAt moves the syncer's clock.
func (f *fixture) clockAt(at time.Time) { f.syncer.now = func() time.Time { return at } }
