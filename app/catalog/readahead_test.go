package catalog

import (
	"strings"
	"testing"
)

// A source's first sync inserts without looking each entry up first; the
// id's unique key still keeps a duplicate and another source's id out, and
// the transaction goes on after them.
func TestFirstSyncOfASourceRefusesTakenAndRepeatedIDs(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "team.json", feed(
		entry("t1", "Team One"),
		entry("t1", "Team One Again"),
		entry("alpha", "Stolen Alpha"),
		entry("t2", "Team Two"),
	))
	r, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Added != 2 || len(r.Skipped) != 2 {
		t.Fatalf("first sync: %+v", r)
	}
	if !strings.Contains(r.Skipped[0].Reason, "appears twice") || !strings.Contains(r.Skipped[1].Reason, "already used by the source embedded:default") {
		t.Fatalf("skipped: %+v", r.Skipped)
	}
	if l, err := f.searcher.Listing(f.ctx, "t1"); err != nil || l.Name != "Team One" {
		t.Fatalf("t1 = %+v, %v; want the first one kept", l.Name, err)
	}
	if l, err := f.searcher.Listing(f.ctx, "alpha"); err != nil || l.Name != "Alpha Notes" {
		t.Fatalf("alpha = %+v, %v; want the embedded one kept", l.Name, err)
	}
}
