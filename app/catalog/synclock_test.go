package catalog

import (
	"os"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/filelock"
)

// holdSyncLock takes the fixture's sync lock as another sync of what would.
func (f *fixture) holdSyncLock(t *testing.T, what string) *filelock.Lock {
	t.Helper()
	held, err := filelock.Try(f.syncer.syncLockPath())
	if err != nil || held == nil {
		t.Fatalf("take the sync lock: %v", err)
	}
	held.Describe(what)
	return held
}

// A sync that cannot get the lock in time says plainly which sync is running
// and changes nothing; neither does an add, which leaves no source.
func TestSyncThatWaitsTooLongNamesTheRunningSync(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	const running = "https://feeds.example/team.json"
	held := f.holdSyncLock(t, running)
	defer held.Release()
	f.syncer.lockWait = 200 * time.Millisecond
	want := "a sync of " + running + " is already running; try again when it finishes"

	st := f.syncer.SyncAll(f.ctx)
	if len(st.Results) != 1 || st.Results[0].Error != want {
		t.Fatalf("sync beside a running one: %+v; want the error %q", st.Results, want)
	}
	if f.count(t) != 0 {
		t.Fatalf("listings = %d, want none: the sync did not run", f.count(t))
	}
	path := f.writeFeed(t, "team.json", feed(entry("t1", "Team One")))
	_, err := f.syncer.AddSource(f.ctx, f.owner, path)
	if apperr.CodeOf(err) != apperr.Conflict || err.Error() != want {
		t.Fatalf("add beside a running sync: %v; want conflict %q", err, want)
	}
	if srcs, _ := f.syncer.Sources(f.ctx); len(srcs) != 1 {
		t.Fatalf("sources after a refused add: %+v", srcs)
	}
}

// A sync started while another runs waits for it, then runs; the lock file
// names nothing once the sync is over.
func TestSyncWaitsForTheRunningOne(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	held := f.holdSyncLock(t, "the catalog")
	time.AfterFunc(300*time.Millisecond, held.Release)

	start := time.Now()
	st := f.syncer.SyncAll(f.ctx)
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Fatalf("the sync ran after %v, beside the running one", took)
	}
	if len(st.Results) != 1 || st.Results[0].Error != "" || f.count(t) != 1 {
		t.Fatalf("sync after the running one ended: %+v, %d listings", st.Results, f.count(t))
	}
	if b, err := os.ReadFile(f.syncer.syncLockPath()); err != nil || len(b) != 0 {
		t.Fatalf("lock file after the sync: %q, %v", b, err)
	}
	again, err := filelock.Try(f.syncer.syncLockPath())
	if err != nil || again == nil {
		t.Fatalf("the sync kept its lock: %v", err)
	}
	again.Release()
}

// While a sync holds the lock, the file says what it syncs.
func TestLockFileNamesWhatIsSyncing(t *testing.T) {
	f := setup(t, feed(entry("alpha", "Alpha Notes")))
	held := f.holdSyncLock(t, "/feeds/team.json")
	defer held.Release()
	if got := filelock.Holder(f.syncer.syncLockPath()); got != "/feeds/team.json" {
		t.Fatalf("holder = %q", got)
	}
	if second, err := filelock.Try(f.syncer.syncLockPath()); err != nil || second != nil {
		t.Fatalf("a second lock was granted while the first is held: %v", err)
	}
	if !strings.HasSuffix(f.syncer.syncLockPath(), SyncLockFile) {
		t.Fatal(f.syncer.syncLockPath())
	}
}
