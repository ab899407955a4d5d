package catalog

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// A feed file touched without a change of its bytes (a copy over itself, a
// checkout) is not parsed again; one whose bytes changed is.
func TestTouchedFeedFileIsReparsedOnlyWhenItsBytesChanged(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	path := f.writeFeed(t, "team.json", feed(entry("one", "Team One"), entry("two", "Team Two")))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatalf("AddSource: %v", err)
	}
	touch := func(at time.Time) {
		t.Helper()
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	result := func() SourceResult {
		t.Helper()
		st := f.syncer.SyncAll(f.ctx)
		for _, r := range st.Results {
			if r.Source == path {
				return r
			}
		}
		t.Fatalf("no result for %s: %+v", path, st.Results)
		return SourceResult{}
	}

	touch(time.Now().Add(time.Hour))
	if r := result(); !r.Unchanged || r.Error != "" {
		t.Fatalf("touched, same bytes: %+v; want unchanged (not parsed)", r)
	}
	var fp string
	if err := f.db.Reader.QueryRow("SELECT fingerprint FROM catalog_sources WHERE location = ?", path).Scan(&fp); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if !strings.HasPrefix(fp, stampOf(info)+":") {
		t.Fatalf("fingerprint %q does not hold the new modification time %s", fp, stampOf(info))
	}

	// Same size, other bytes, and the modification time of before the touch.
	f.writeFeed(t, "team.json", feed(entry("one", "Team Uno"), entry("two", "Team Two")))
	touch(time.Now().Add(2 * time.Hour))
	if r := result(); r.Unchanged || r.Updated != 1 {
		t.Fatalf("changed bytes: %+v; want the feed parsed and one listing updated", r)
	}
	if res := f.search(t, Query{Text: "uno"}); res.Total != 1 {
		t.Fatalf("search uno after the change: %d results", res.Total)
	}
}

func stampOf(info os.FileInfo) string {
	return fmt.Sprintf("%d:%d", info.Size(), info.ModTime().UnixNano())
}
