package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"marketdesk/db"
	"marketdesk/db/store"
)

type sourceRow = store.CatalogSource

// progressEvery throttles progress reports during a sync.
const progressEvery = 100 * time.Millisecond

// applier writes one feed into the cache inside one transaction.
type applier struct {
	q        *store.Queries
	src      sourceRow
	origin   origin
	result   SourceResult
	progress func(done int)
	lastTick time.Time
	// maxBefore is the highest listing rowid before this sync: rows above it
	// were inserted by this sync.
	maxBefore int64
	// fresh: the source had no listings before this sync (its first), so
	// an entry is inserted without looking for it first; the id's unique
	// key still refuses one taken by another source or seen twice.
	fresh bool
}

// registerFunc creates the source being added inside the transaction of its
// first sync and returns its id.
type registerFunc func(ctx context.Context, q *store.Queries) (int64, error)

// applyFeed reads body and applies it to src in one transaction: either the
// whole feed lands (less its bad entries, which are reported), or nothing.
// register, set by `catalog add`, creates the source in that same
// transaction, so that a failed or killed add leaves no source behind.
func applyFeed(ctx context.Context, d *db.DB, src sourceRow, f fetched, now time.Time, progress func(int), register registerFunc) (SourceResult, error) {
	tx, err := d.Writer.BeginTx(ctx, nil)
	if err != nil {
		return SourceResult{Source: sourceLabel(src)}, busy(err, d)
	}
	defer tx.Rollback()
	// Statements prepared on the transaction itself, once: sqlc's WithTx
	// would wrap a statement per call, and the transaction keeps every
	// wrapper until it ends (memory growing with the feed).
	q, err := store.Prepare(ctx, tx)
	if err != nil {
		return SourceResult{}, err
	}
	defer q.Close()
	if register != nil {
		if src.ID, err = register(ctx, q); err != nil {
			return SourceResult{Source: sourceLabel(src)}, err
		}
	}
	a := &applier{
		q:        q,
		src:      src,
		origin:   origin{local: src.Kind != KindURL},
		result:   SourceResult{Source: sourceLabel(src)},
		progress: progress,
	}
	name, err := a.apply(ctx, f.body)
	if err != nil {
		return a.result, err
	}
	if err := indexNewListings(ctx, tx, a.maxBefore); err != nil {
		return a.result, err
	}
	if err := recomputeVerified(ctx, a.q); err != nil {
		return a.result, err
	}
	stamp := now.UTC().Format(time.RFC3339)
	if err := a.q.RecordSyncSuccess(ctx, store.RecordSyncSuccessParams{
		Name: name, Etag: f.etag, LastModified: f.lastModified, Fingerprint: f.fingerprint,
		LastSyncAt: stamp, LastSuccessAt: stamp, ID: src.ID,
	}); err != nil {
		return a.result, err
	}
	return a.result, busy(tx.Commit(), d)
}

// busy names a database another process kept locked in Marketdesk's words
// (db.BusyError) instead of SQLite's "database is locked".
func busy(err error, d *db.DB) error {
	if db.Busy(err) {
		return &db.BusyError{Path: d.Path, Err: err}
	}
	return err
}

func (a *applier) apply(ctx context.Context, body io.Reader) (string, error) {
	if err := a.q.ClearSyncSeen(ctx); err != nil {
		return "", err
	}
	maxBefore, err := a.q.MaxListingRowid(ctx)
	if err != nil {
		return "", err
	}
	a.maxBefore = maxBefore
	has, err := a.q.SourceHasListings(ctx, a.src.ID)
	if err != nil {
		return "", err
	}
	a.fresh = !has
	fr, err := newFeedReader(body)
	if err != nil {
		return "", err
	}
	entries, stop := a.readAhead(fr)
	defer stop()
	for p := range entries {
		if p.err != nil {
			return "", p.err
		}
		if err := a.applyEntry(ctx, p); err != nil {
			return "", err
		}
		a.tick(p.n)
	}
	delisted, err := a.q.DelistUnseenInstalled(ctx, store.DelistUnseenInstalledParams{SourceID: a.src.ID, MaxBefore: a.maxBefore})
	if err != nil {
		return "", err
	}
	removed, err := a.q.DeleteUnseenListings(ctx, store.DeleteUnseenListingsParams{SourceID: a.src.ID, MaxBefore: a.maxBefore})
	if err != nil {
		return "", err
	}
	a.result.Removed = int(removed + delisted)
	return fr.name, nil // the reader is done: entries was closed after its last read
}

func (a *applier) tick(done int) {
	if a.progress == nil {
		return
	}
	if now := time.Now(); now.Sub(a.lastTick) >= progressEvery {
		a.lastTick = now
		a.progress(done)
	}
}

// applyEntry inserts, updates or skips one listing, read and checked by
// prepareEntry. Only database failures are returned: a bad entry is reported
// and the sync goes on.
func (a *applier) applyEntry(ctx context.Context, p preparedEntry) error {
	skip := func(reason string) error {
		a.result.skip(p.label, reason) // clipped and counted (report.go)
		return nil
	}
	if p.reason != "" {
		return skip(p.reason)
	}
	row := p.row
	if a.fresh {
		rowid, err := a.q.InsertListing(ctx, p.params)
		if err == nil {
			a.result.Added++
			return a.setCategories(ctx, rowid, row.Categories, true)
		}
		if !db.UniqueViolation(err) {
			return err
		}
	}
	existing, err := a.q.FindListingForSync(ctx, row.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		rowid, err := a.q.InsertListing(ctx, p.params)
		if err != nil {
			return err
		}
		a.result.Added++
		return a.setCategories(ctx, rowid, row.Categories, true)
	case err != nil:
		return err
	case existing.SourceID != a.src.ID:
		other, _ := a.q.SourceLocation(ctx, existing.SourceID)
		return skip(fmt.Sprintf("the id %q is already used by the source %s", row.ID, other))
	}
	seen, err := a.q.WasSeenInSync(ctx, existing.Rowid)
	if err != nil {
		return err
	}
	if seen || existing.Rowid > a.maxBefore {
		return skip(fmt.Sprintf("the id %q appears twice in this feed; the first one was kept", row.ID))
	}
	if existing.ContentHash == p.params.ContentHash && existing.NoLongerListed == 0 {
		return a.q.MarkSyncSeen(ctx, existing.Rowid)
	}
	if err := a.q.UpdateListing(ctx, updateParams(p.params, existing.Rowid)); err != nil {
		return err
	}
	a.result.Updated++
	if err := a.setCategories(ctx, existing.Rowid, row.Categories, false); err != nil {
		return err
	}
	return a.q.MarkSyncSeen(ctx, existing.Rowid)
}

func (a *applier) setCategories(ctx context.Context, rowid int64, categories []string, fresh bool) error {
	if !fresh {
		if err := a.q.DeleteListingCategories(ctx, rowid); err != nil {
			return err
		}
	}
	for _, c := range categories {
		if err := a.q.InsertListingCategory(ctx, store.InsertListingCategoryParams{ListingRowid: rowid, Category: c}); err != nil {
			return err
		}
	}
	return nil
}

func insertParams(r listingRow, sourceID int64, hash string) store.InsertListingParams {
	cats, _ := json.Marshal(r.Categories)
	det, _ := json.Marshal(r.Details)
	return store.InsertListingParams{
		ID: r.ID, SourceID: sourceID, ContentHash: hash, Name: r.Name, NameKey: strings.ToLower(r.Name),
		// Verified is decided after the feed is applied (recomputeVerified).
		DeveloperName: r.Developer.Name, DeveloperWebsite: r.Developer.Website, DeveloperVerified: 0, DeveloperKey: skeleton(r.Developer.Name),
		Summary: r.Summary, Description: r.Description, IconUrl: r.Icon, Categories: string(cats), Type: r.Type,
		Details: string(det), Installs: r.Stats.Installs, Rating: r.Stats.Rating, RatingCount: r.Stats.RatingCount,
		Version: r.Version, PublishedAt: r.PublishedAt, UpdatedAt: r.UpdatedAt, Facets: facetsOf(r),
	}
}

func updateParams(p store.InsertListingParams, rowid int64) store.UpdateListingParams {
	return store.UpdateListingParams{
		ContentHash: p.ContentHash, Name: p.Name, NameKey: p.NameKey, DeveloperName: p.DeveloperName,
		DeveloperWebsite: p.DeveloperWebsite, DeveloperVerified: p.DeveloperVerified, Summary: p.Summary,
		Description: p.Description, IconUrl: p.IconUrl, Categories: p.Categories, Type: p.Type, Details: p.Details,
		Installs: p.Installs, Rating: p.Rating, RatingCount: p.RatingCount, Version: p.Version,
		PublishedAt: p.PublishedAt, UpdatedAt: p.UpdatedAt, Facets: p.Facets, DeveloperKey: p.DeveloperKey, Rowid: rowid,
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// sourceLabel names a source in reports.
func sourceLabel(s sourceRow) string {
	if s.Kind == KindEmbedded {
		return "the embedded catalog"
	}
	return s.Location
}
