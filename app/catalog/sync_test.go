package catalog

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"marketdesk/app/apperr"
)

func TestEmbeddedSyncImportsAndIsSkippedWhenUnchanged(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes"), entry("beta", "Beta Rooms")))
	st := f.syncer.SyncAll(f.ctx)
	if len(st.Results) != 1 || st.Results[0].Added != 2 || st.Results[0].Error != "" {
		t.Fatalf("first sync: %+v", st.Results)
	}
	if st.LastUpdatedAt == "" || st.Running {
		t.Fatalf("status after sync: %+v", st)
	}
	st = f.syncer.SyncAll(f.ctx)
	if !st.Results[0].Unchanged {
		t.Fatalf("second sync of the same embedded feed should be unchanged: %+v", st.Results[0])
	}
	if len(f.events) == 0 {
		t.Fatal("a sync must report progress events")
	}
}

func TestFeedWithBadEntriesKeepsTheGoodOnes(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "team.json", feed(
		entry("good-1", "Good One"),
		entry("bad-script", "Bad Link", func(e map[string]any) {
			e["links"] = map[string]any{"privacy_policy": "javascript:alert(1)", "terms": "https://x.example/t"}
		}),
		entry("good-2", "Good Two"),
		entry("bad-type", "Bad Type", func(e map[string]any) { e["type"] = "everyone" }),
		entry("good-3", "Good Three"),
	))
	res, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if err != nil {
		t.Fatalf("AddSource: %v", err)
	}
	if res.Added != 3 || len(res.Skipped) != 2 {
		t.Fatalf("result: %+v", res)
	}
	want := map[string]string{"bad-script": "links.privacy_policy must be an https:// URL", "bad-type": "type must be"}
	for _, p := range res.Skipped {
		if !strings.Contains(p.Reason, want[p.Entry]) || p.Source != path {
			t.Errorf("skipped %+v; want entry reason containing %q and source %s", p, want[p.Entry], path)
		}
	}
	if f.count(t) != 4 {
		t.Fatalf("listings = %d, want 1 embedded + 3 good", f.count(t))
	}
}

func TestUnreadableFeedsChangeNothing(t *testing.T) {
	cases := map[string]string{
		"not json":           "this is not JSON",
		"empty":              "",
		"wrong version":      `{"schema_version": 2, "listings": []}`,
		"version not first":  `{"listings": [], "schema_version": 1}`,
		"no listings":        `{"schema_version": 1, "name": "x"}`,
		"listings not array": `{"schema_version": 1, "listings": {}}`,
		"cut short":          string(feed(entry("x1", "X One"), entry("x2", "X Two")))[:400],
		"garbage after":      string(feed(entry("x1", "X One"))) + "{}",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			f := setup(t, feed(entry("alpha", "Alpha Notes")))
			f.syncer.SyncAll(f.ctx)
			path := f.writeFeed(t, "bad.json", []byte(body))
			_, err := f.syncer.AddSource(f.ctx, f.owner, path)
			if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), path) {
				t.Fatalf("AddSource = %v; want invalid_input naming the file", err)
			}
			if f.count(t) != 1 {
				t.Fatalf("listings = %d, want the 1 from before", f.count(t))
			}
			if srcs, _ := f.syncer.Sources(f.ctx); len(srcs) != 1 {
				t.Fatalf("a feed that cannot be read must not stay as a source: %+v", srcs)
			}
		})
	}
}

func TestBrokenResyncKeepsTheCache(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "team.json", feed(entry("t1", "Team One"), entry("t2", "Team Two")))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	// The file is rewritten half-way through: the re-sync fails and keeps the cache whole.
	os.WriteFile(path, feed(entry("t1", "Team One"), entry("t3", "Team Three"))[:300], 0o600)
	st := f.syncer.SyncAll(f.ctx)
	if st.Results[1].Error == "" {
		t.Fatalf("a cut-short feed must fail: %+v", st.Results[1])
	}
	if got := ids(f.search(t, Query{Sort: SortName}).Items); strings.Join(got, ",") != "alpha,t1,t2" {
		t.Fatalf("listings after a failed sync = %v", got)
	}
	srcs, _ := f.syncer.Sources(f.ctx)
	if srcs[1].LastError == "" {
		t.Fatal("the failure must be recorded on the source")
	}
}

func TestResyncUpdatesRemovesAndReportsDuplicates(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.SyncAll(f.ctx)
	path := f.writeFeed(t, "team.json", feed(entry("t1", "Team One"), entry("t2", "Team Two")))
	f.syncer.AddSource(f.ctx, f.owner, path)

	time.Sleep(10 * time.Millisecond) // a new modification time
	f.writeFeed(t, "team.json", feed(
		entry("t1", "Team One Renamed"),
		entry("t3", "Team Three"),
		entry("t3", "Team Three Again"),
		entry("alpha", "Stolen Alpha"),
	))
	st := f.syncer.SyncAll(f.ctx)
	r := st.Results[1]
	if r.Added != 1 || r.Updated != 1 || r.Removed != 1 || len(r.Skipped) != 2 {
		t.Fatalf("re-sync result: %+v", r)
	}
	if !strings.Contains(r.Skipped[0].Reason, "appears twice") || !strings.Contains(r.Skipped[1].Reason, "already used by the source embedded:default") {
		t.Fatalf("skipped: %+v", r.Skipped)
	}
	l, err := f.searcher.Listing(f.ctx, "t1")
	if err != nil || l.Name != "Team One Renamed" {
		t.Fatalf("t1 = %+v, %v", l.Name, err)
	}
	if _, err := f.searcher.Listing(f.ctx, "t2"); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("t2 should be gone: %v", err)
	}
	// Search follows renames and removals.
	if got := ids(f.search(t, Query{Text: "renamed"}).Items); len(got) != 1 || got[0] != "t1" {
		t.Fatalf("search after rename = %v", got)
	}
	if got := f.search(t, Query{Text: "Two"}).Items; len(got) != 0 {
		t.Fatalf("removed listing still found: %v", ids(got))
	}
}

func TestURLSourceConditionalRequestsAndOffline(t *testing.T) {
	body := feed(entry("r1", "Remote One", func(e map[string]any) {
		e["icon"] = "https://cdn.example/r1.png"
		e["oauth"] = map[string]any{"issuer": "https://as.example", "client_id": "r1"}
	}))
	var hits, notModified atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write(body)
	}))
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	f.syncer.fetch.client = srv.Client()
	if _, err := f.syncer.AddSource(f.ctx, f.owner, srv.URL+"/feed.json"); err != nil {
		t.Fatal(err)
	}
	st := f.syncer.SyncAll(f.ctx)
	if !st.Results[1].Unchanged || notModified.Load() != 1 {
		t.Fatalf("second sync should be a 304: %+v (304s: %d)", st.Results[1], notModified.Load())
	}
	srv.Close() // offline
	st = f.syncer.SyncAll(f.ctx)
	if !st.Offline || !st.Results[1].Offline {
		t.Fatalf("status should say offline: %+v", st)
	}
	if got := ids(f.search(t, Query{Text: "remote"}).Items); len(got) != 1 {
		t.Fatalf("offline search of the cache = %v", got)
	}
}

func TestURLSourceSizeCapAndSchemes(t *testing.T) {
	f := setup(t, feed())
	for _, loc := range []string{"http://insecure.example/feed.json", "ftp://x.example/f", "javascript:alert(1)"} {
		if _, err := f.syncer.AddSource(f.ctx, f.owner, loc); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("AddSource(%q) = %v, want invalid_input", loc, err)
		}
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(MaxFeedBytes+1))
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	f.syncer.fetch.client = srv.Client()
	if _, err := f.syncer.AddSource(f.ctx, f.owner, srv.URL); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("an oversize feed should be refused: %v", err)
	}
}

func TestRemoteFeedsMayNotUseTheSandboxOrLocalFiles(t *testing.T) {
	body := feed(
		entry("s1", "Sandboxed"),
		entry("s2", "Local Icon", func(e map[string]any) { e["oauth"] = map[string]any{"issuer": "https://as.example", "client_id": "x"} }),
	)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	defer srv.Close()
	f := setup(t, feed())
	f.syncer.fetch.client = srv.Client()
	res, err := f.syncer.AddSource(f.ctx, f.owner, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || len(res.Skipped) != 2 ||
		!strings.Contains(res.Skipped[0].Reason, "sandbox") || !strings.Contains(res.Skipped[1].Reason, "icon must be an https:// URL") {
		t.Fatalf("result: %+v", res)
	}
}

func TestInvalidUTF8AndOversizeText(t *testing.T) {
	f := setup(t, feed())
	long := strings.Repeat("x", maxSummary+1)
	raw := string(feed(entry("ok", "Okay App"), entry("long", "Long", func(e map[string]any) { e["summary"] = long })))
	raw = strings.Replace(raw, `"name":"Okay App"`, "\"name\":\"Okay \xff App\"", 1)
	path := f.writeFeed(t, "f.json", []byte(raw))
	res, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || len(res.Skipped) != 2 || !strings.Contains(res.Skipped[0].Reason, "UTF-8") ||
		!strings.Contains(res.Skipped[1].Reason, "longer than") {
		t.Fatalf("result: %+v", res)
	}
}

// An installed listing that leaves its feed stays, marked "no longer listed",
// and comes back listed when the feed lists it again.
func TestInstalledListingsStayAsNoLongerListed(t *testing.T) {
	f := setup(t, feed())
	path := f.writeFeed(t, "team.json", feed(entry("kept", "Kept App"), entry("gone", "Gone App")))
	if _, err := f.syncer.AddSource(f.ctx, f.owner, path); err != nil {
		t.Fatal(err)
	}
	_, err := f.db.Writer.Exec(`INSERT INTO installations (listing_id, level, installed_by_name, status, requested_scopes, created_at, updated_at)
		VALUES ('kept', 'account', 'Olive', 'active', '[]', '', '')`)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	f.writeFeed(t, "team.json", feed())
	if st := f.syncer.SyncAll(f.ctx); st.Results[1].Removed != 2 {
		t.Fatalf("re-sync: %+v", st.Results[1])
	}
	l, err := f.searcher.Listing(f.ctx, "kept")
	if err != nil || !l.NoLongerListed {
		t.Fatalf("the installed listing should stay, no longer listed: %+v %v", l.Card, err)
	}
	if _, err := f.searcher.Listing(f.ctx, "gone"); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("the other listing should be gone: %v", err)
	}
	time.Sleep(10 * time.Millisecond)
	f.writeFeed(t, "team.json", feed(entry("kept", "Kept App")))
	f.syncer.SyncAll(f.ctx)
	if l, _ := f.searcher.Listing(f.ctx, "kept"); l.NoLongerListed {
		t.Fatal("listed again, the listing must lose its mark")
	}
}

// The window drops a status older than one it has (events may arrive out of
// order), so every status of a sync, the last one included, has a larger Seq.
func TestSyncStatusSeqGrowsToTheFinishedStatus(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	st := f.syncer.SyncAll(f.ctx)
	var last uint64
	for i, e := range f.events {
		s := e.(SyncStatus)
		if s.Seq <= last {
			t.Fatalf("event %d: seq %d after %d", i, s.Seq, last)
		}
		last = s.Seq
	}
	final := f.events[len(f.events)-1].(SyncStatus)
	if final.Running || final.Seq != last || st.Seq != last {
		t.Fatalf("the finished status must carry the largest seq %d: event %+v, returned %d", last, final, st.Seq)
	}
	if again := f.syncer.SyncAll(f.ctx); again.Seq <= last {
		t.Fatalf("a second sync must continue the sequence: %d after %d", again.Seq, last)
	}
}
