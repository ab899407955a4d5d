package catalog

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/filelock"
	"marketdesk/app/netguard"
	"marketdesk/db"
	"marketdesk/db/store"
)

// Emitter sends an event to the UI (Wails' EventsEmit in the app, a recorder
// in tests, nothing in the CLI).
type Emitter func(name string, data any)

// Syncer brings every source into the cache, one at a time, and reports its
// progress. One sync runs at a time; asking again while one runs joins it.
type Syncer struct {
	db    *db.DB
	fetch *fetcher
	now   func() time.Time
	emit  Emitter

	// org, when set, is the organization's feed (orgfeed.go).
	org OrgFeed

	// assets, when set, downloads the icons of remote sources after a sync
	// so that they show offline.
	assets *Assets

	// lockWait is how long a sync waits for another one to end
	// (syncLockWait when zero; tests shorten it).
	lockWait time.Duration

	mu      sync.Mutex
	status  SyncStatus
	running chan struct{} // closed when the current sync ends
}

// NewSyncer returns a syncer; embedded holds catalog.json and its assets.
func NewSyncer(d *db.DB, embedded fs.FS, client *http.Client, now func() time.Time, emit Emitter) *Syncer {
	if client == nil {
		client = netguard.New(netguard.Config{Timeout: FetchTimeout}).Client() // safe by default: https, public addresses
	}
	if emit == nil {
		emit = func(string, any) {}
	}
	return &Syncer{db: d, fetch: &fetcher{client: client, embedded: embedded}, now: now, emit: emit}
}

// OnRead makes every feed read tell fn its bytes read and its size (0 when
// unknown), as they come: the command line's progress (the window shows
// listings, through the sync events).
func (s *Syncer) OnRead(fn func(read, size int64)) { s.fetch.onRead = fn }

// OnProgress tells fn every status of a sync as it runs, besides the
// events (the command line has no window to send them to).
func (s *Syncer) OnProgress(fn func(SyncStatus)) {
	prev := s.emit
	s.emit = func(name string, data any) {
		prev(name, data)
		if st, ok := data.(SyncStatus); ok && name == SyncEvent {
			fn(st)
		}
	}
}

// PrefetchIconsWith makes every sync of a remote source download its icons.
func (s *Syncer) PrefetchIconsWith(a *Assets) { s.assets = a }

// maxPrefetch bounds the icons downloaded after one sync; the rest load on
// first view and are cached then.
const maxPrefetch = 2000

// EnsureEmbeddedSource registers the embedded catalog as a source once. It
// only reads when the source exists (every start but the first), so that it
// never waits for another process's write.
func (s *Syncer) EnsureEmbeddedSource(ctx context.Context) error {
	_, err := store.New(s.db.Reader).GetSourceByLocation(ctx, EmbeddedLocation)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = store.New(s.db.Writer).InsertSource(ctx, store.InsertSourceParams{Kind: KindEmbedded, Location: EmbeddedLocation, CreatedAt: s.stamp()})
	if err != nil { // another process starting at the same time may have inserted it first
		if _, again := store.New(s.db.Reader).GetSourceByLocation(ctx, EmbeddedLocation); again == nil {
			return nil
		}
	}
	return busy(err, s.db)
}

// Start syncs in the background and returns at once; the status shows the
// sync as running from the moment Start returns.
func (s *Syncer) Start(ctx context.Context) {
	if done, started := s.begin(); started {
		go s.run(ctx, done)
	}
}

// SyncAll syncs every source and returns the status at the end. If a sync is
// already running, it waits for that one instead of starting another.
func (s *Syncer) SyncAll(ctx context.Context) SyncStatus {
	done, started := s.begin()
	if started {
		s.run(ctx, done)
	} else {
		<-done
	}
	return s.Status(ctx)
}

// begin marks a sync as running; started is false when one already runs, and
// done is closed when the running one ends.
func (s *Syncer) begin() (done chan struct{}, started bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running != nil {
		return s.running, false
	}
	s.running = make(chan struct{})
	s.status = SyncStatus{Seq: s.status.Seq + 1, Running: true, Phase: "fetching", LastUpdatedAt: s.status.LastUpdatedAt}
	return s.running, true
}

func (s *Syncer) run(ctx context.Context, done chan struct{}) {
	results := s.syncLocked(ctx)
	s.mu.Lock()
	s.status.Seq++
	s.status.Running, s.status.Phase, s.status.Results = false, "done", results
	s.status.Offline = anyOffline(results)
	s.running = nil
	s.mu.Unlock()
	close(done)
	s.emit(SyncEvent, s.Status(ctx))
}

// syncLocked syncs every source under the data directory's sync lock.
func (s *Syncer) syncLocked(ctx context.Context) []SourceResult {
	lock, err := s.lockSync(ctx, "the catalog")
	if err != nil {
		return []SourceResult{{Source: "catalog", Error: err.Error()}}
	}
	defer lock.Release()
	if err := s.EnsureOrgSource(ctx); err != nil { // connected since the last sync: the organization's feed joins
		return []SourceResult{{Source: "the organization's catalog", Error: err.Error()}}
	}
	return s.syncSources(ctx, lock)
}

func (s *Syncer) syncSources(ctx context.Context, lock *filelock.Lock) []SourceResult {
	sources, err := store.New(s.db.Reader).ListSources(ctx)
	if err != nil {
		return []SourceResult{{Source: "catalog", Error: err.Error()}}
	}
	results := make([]SourceResult, 0, len(sources))
	for _, ls := range sources {
		src, err := store.New(s.db.Reader).GetSource(ctx, ls.ID)
		if err != nil {
			results = append(results, SourceResult{Source: ls.Location, Error: err.Error()})
			continue
		}
		lock.Describe(sourceLabel(src))
		results = append(results, s.syncSource(ctx, src))
	}
	return results
}

// syncSource syncs one source; failures are in the result, never partial.
// The caller holds the sync lock.
func (s *Syncer) syncSource(ctx context.Context, src sourceRow) SourceResult {
	label := sourceLabel(src)
	s.report(label, "fetching", 0)
	f, err := s.fetch.open(ctx, src)
	if err == nil && f.unchanged {
		stamp := s.stamp()
		err = store.New(s.db.Writer).RecordSyncUnchanged(ctx, store.RecordSyncUnchangedParams{LastSyncAt: stamp, LastSuccessAt: stamp, Fingerprint: f.fingerprint, ID: src.ID})
		return SourceResult{Source: label, Unchanged: true, Error: errText(busy(err, s.db))}
	}
	if err != nil {
		return s.failed(ctx, src, err)
	}
	defer f.body.Close()
	s.report(label, "applying", 0)
	result, err := applyFeed(ctx, s.db, src, f, s.now(), func(done int) { s.report(label, "applying", done) }, nil)
	if err != nil {
		return s.failed(ctx, src, err)
	}
	if s.assets != nil && src.Kind == KindURL {
		s.report(label, "icons", 0)
		s.assets.Prefetch(ctx, src.ID, maxPrefetch)
	}
	return result
}

func (s *Syncer) failed(ctx context.Context, src sourceRow, err error) SourceResult {
	var offline *OfflineError
	res := SourceResult{Source: sourceLabel(src), Error: err.Error(), Offline: errors.As(err, &offline)}
	_ = store.New(s.db.Writer).RecordSyncFailure(ctx, store.RecordSyncFailureParams{LastSyncAt: s.stamp(), LastError: err.Error(), ID: src.ID})
	return res
}

// report updates the live status and tells the UI (throttled by the caller).
func (s *Syncer) report(source, phase string, done int) {
	s.mu.Lock()
	s.status.Seq++
	s.status.Source, s.status.Phase, s.status.Done = source, phase, done
	st := s.status
	s.mu.Unlock()
	s.emit(SyncEvent, st)
}

// Status is the live sync status plus when the catalog was last updated.
func (s *Syncer) Status(ctx context.Context) SyncStatus {
	s.mu.Lock()
	st := s.status
	s.mu.Unlock()
	st.LastUpdatedAt, _ = store.New(s.db.Reader).LastCatalogUpdate(ctx)
	return st
}

func (s *Syncer) stamp() string { return s.now().UTC().Format(time.RFC3339) }

func anyOffline(results []SourceResult) bool {
	for _, r := range results {
		if r.Offline {
			return true
		}
	}
	return false
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// notFound maps sql.ErrNoRows to a typed error.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, format, args...)
	}
	return err
}
