package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"marketdesk/app/catalog"
	"marketdesk/db"
)

// Several Marketdesk processes on one data directory (issue 10): searches
// beside a long `catalog add`, syncs started together, and adds killed at
// random points. Everything here is real: processes of the CLI, files,
// SIGKILL.

// running is a marketdesk process started in the background.
type running struct {
	cmd         *exec.Cmd
	out, errOut bytes.Buffer
	done        chan struct{}
	code        int
}

// startMarketdesk starts the CLI with args in the data directory dir.
func startMarketdesk(t *testing.T, dir string, args ...string) *running {
	t.Helper()
	raw, _ := json.Marshal(args)
	r := &running{cmd: exec.Command(os.Args[0]), done: make(chan struct{})}
	r.cmd.Env = append(os.Environ(), "MARKETDESK_AS_CLI="+string(raw), "MARKETDESK_HOME="+dir)
	r.cmd.Stdout, r.cmd.Stderr = &r.out, &r.errOut
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := r.cmd.Wait()
		if exitErr, ok := err.(*exec.ExitError); ok {
			r.code = exitErr.ExitCode() // -1 when killed
		} else if err != nil {
			r.code = -2
		}
		close(r.done)
	}()
	return r
}

func (r *running) wait() *running { <-r.done; return r }

func (r *running) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

func (r *running) String() string {
	return fmt.Sprintf("exit %d, stdout %q, stderr %q", r.code, clipText(r.out.String()), clipText(r.errOut.String()))
}

func clipText(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

// writeLargeFeed writes a valid feed of n listings (app-000000 …).
func writeLargeFeed(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"schema_version": 1, "name": "Large feed", "listings": [`)
	for i := range n {
		if i > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, cliListing, fmt.Sprintf("app-%06d", i), fmt.Sprintf("Concurrent App %d", i), "user")
	}
	w.WriteString("]}")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// initAccount creates the account whose owner may add sources.
func initAccount(t *testing.T, dir string) {
	t.Helper()
	r := startMarketdesk(t, dir, "init", "--account", "Acme", "--name", "Olive Owner", "--email", "olive@acme.example").wait()
	if r.code != 0 {
		t.Fatalf("init: %s", r)
	}
}

// plainAboutTheRunningSync accepts the one refusal a sync may give beside
// another: the plain sentence, never SQLite's "database is locked".
func plainAboutTheRunningSync(r *running) bool {
	text := r.out.String() + r.errOut.String()
	return r.code == 1 && strings.Contains(text, "is already running; try again when it finishes") &&
		!strings.Contains(text, "database is locked")
}

// 100 searches in separate processes while a 100k-listing `catalog add`
// writes: none fails. Two `catalog sync` started together meanwhile both
// wait for the add and then finish, or one says plainly that a sync runs.
func TestSearchesAndSyncsBesideALargeAdd(t *testing.T) {
	dir := t.TempDir()
	feedPath := filepath.Join(dir, "large.json")
	writeLargeFeed(t, feedPath, 100_000)
	initAccount(t, dir)

	add := startMarketdesk(t, dir, "catalog", "add", feedPath)
	waitForSyncLock(t, dir, add)
	syncs := []*running{startMarketdesk(t, dir, "catalog", "sync"), startMarketdesk(t, dir, "catalog", "sync")}

	var failed, duringAdd atomic.Int32
	var firstFailure atomic.Value
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := startMarketdesk(t, dir, "apps", "search", "notes", "--limit", "5").wait()
				if !add.exited() {
					duringAdd.Add(1)
				}
				if r.code != 0 {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("search %d: %s", i, r))
				}
			}
		}()
	}
	for i := range 100 {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if n := failed.Load(); n > 0 {
		t.Errorf("%d of 100 searches failed beside the add; first: %v", n, firstFailure.Load())
	}
	if n := duringAdd.Load(); n < 90 {
		t.Errorf("only %d of 100 searches ran while the add wrote: the test did not test readers beside a writer", n)
	}

	if add.wait(); add.code != 0 || !strings.Contains(add.out.String(), "100000 added") {
		t.Fatalf("catalog add: %s", add)
	}
	for i, s := range syncs {
		if s.wait(); s.code != 0 && !plainAboutTheRunningSync(s) {
			t.Errorf("sync %d beside the add: %s", i, s)
		}
	}
	r := startMarketdesk(t, dir, "apps", "search", "Concurrent App 99999").wait()
	if r.code != 0 || !strings.Contains(r.out.String(), "app-099999") {
		t.Fatalf("search after the add: %s", r)
	}
}

// waitForSyncLock waits until the add holds the sync lock, i.e. is syncing.
func waitForSyncLock(t *testing.T, dir string, add *running) {
	t.Helper()
	lock := filepath.Join(dir, catalog.SyncLockFile)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(lock); len(b) > 0 {
			return
		}
		if add.exited() {
			t.Fatalf("the add ended before it synced: %s", add)
		}
	}
	t.Fatal("the add never took the sync lock")
}

// `catalog add` killed (SIGKILL) at random points leaves no source behind and
// a sound file; adding the same feed again then works.
func TestKilledAddLeavesNoSource(t *testing.T) {
	dir := t.TempDir()
	feedPath := filepath.Join(dir, "feed.json")
	writeLargeFeed(t, feedPath, 3000)
	initAccount(t, dir)

	calibration := t.TempDir()
	initAccount(t, calibration)
	start := time.Now()
	if r := startMarketdesk(t, calibration, "catalog", "add", feedPath).wait(); r.code != 0 {
		t.Fatalf("calibration add: %s", r)
	}
	full := time.Since(start)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 10))
	kills, empty := 0, 0
	for trial := 0; kills < 10 && trial < 40; trial++ {
		began := time.Now()
		add := startMarketdesk(t, dir, "catalog", "add", feedPath)
		time.Sleep(time.Duration(rng.Int64N(int64(full))))
		add.cmd.Process.Signal(syscall.SIGKILL)
		if add.wait(); add.code != -1 {
			// Faster than the calibration (a warm cache, an idle machine):
			// aim the next kills within this add's time.
			full = min(full, time.Since(began))
			t.Logf("trial %d finished before the signal: %s", trial, add)
		} else {
			kills++
		}
		// Killed before its commit: no source. After it (printing the
		// result): the source with its whole first sync. Nothing between.
		switch n, listings := sourcesAt(t, dir, feedPath); {
		case n == 0:
			empty++
		case n == 1 && listings == 3000:
			if r := startMarketdesk(t, dir, "catalog", "remove", sourceID(t, dir, feedPath)).wait(); r.code != 0 {
				t.Fatalf("remove after a committed add: %s", r)
			}
		default:
			t.Fatalf("trial %d (%s) left %d source(s) with %d listings", trial, add, n, listings)
		}
	}
	if kills < 10 || empty == 0 {
		t.Fatalf("%d adds killed, %d of them before their commit: too few to say anything", kills, empty)
	}
	t.Logf("%d adds killed at random points (%d before their commit) within %v", kills, empty, full)
	r := startMarketdesk(t, dir, "catalog", "add", feedPath).wait()
	if r.code != 0 || !strings.Contains(r.out.String(), "3000 added") {
		t.Fatalf("add after the kills: %s", r)
	}
	if n, listings := sourcesAt(t, dir, feedPath); n != 1 || listings != 3000 {
		t.Fatalf("after the re-add: %d source(s), %d listings", n, listings)
	}
}

// sourcesAt counts the sources of location in the data directory and their
// listings, after checking the file's integrity.
func sourcesAt(t *testing.T, dir, location string) (sources, listings int) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+filepath.Join(dir, db.FileName)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var check string
	if err := conn.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	err = conn.QueryRow(`SELECT count(*), (SELECT count(*) FROM listings l JOIN catalog_sources s ON s.id = l.source_id
		WHERE s.location = ?1) FROM catalog_sources WHERE location = ?1`, location).Scan(&sources, &listings)
	if err != nil {
		t.Fatal(err)
	}
	return sources, listings
}

// sourceID is the id `catalog remove` takes for location.
func sourceID(t *testing.T, dir, location string) string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+filepath.Join(dir, db.FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var id string
	if err := conn.QueryRow("SELECT id FROM catalog_sources WHERE location = ?", location).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// Two `catalog sync` started together on a changed feed: the second waits
// for the first (the sync lock), so both finish, or one says plainly that a
// sync runs; the feed is applied once and the file stays sound.
func TestTwoSyncsStartedTogether(t *testing.T) {
	dir := t.TempDir()
	feedPath := filepath.Join(dir, "feed.json")
	writeLargeFeed(t, feedPath, 2000)
	initAccount(t, dir)
	if r := startMarketdesk(t, dir, "catalog", "add", feedPath).wait(); r.code != 0 {
		t.Fatalf("add: %s", r)
	}
	writeLargeFeed(t, feedPath, 3000) // changed: the next sync applies it
	syncs := []*running{startMarketdesk(t, dir, "catalog", "sync"), startMarketdesk(t, dir, "catalog", "sync")}
	applied := 0
	for i, s := range syncs {
		if s.wait(); s.code != 0 && !plainAboutTheRunningSync(s) {
			t.Fatalf("sync %d: %s", i, s)
		}
		if strings.Contains(s.out.String(), "1000 added") {
			applied++
		}
	}
	if applied != 1 {
		t.Fatalf("the changed feed was applied %d times, want once:\n%s\n%s", applied, syncs[0], syncs[1])
	}
	if n, listings := sourcesAt(t, dir, feedPath); n != 1 || listings != 3000 {
		t.Fatalf("after the syncs: %d source(s), %d listings", n, listings)
	}
}
