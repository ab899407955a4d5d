package catalogsrv

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/netguard"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/identity"
)

// SyncReport is the outcome of adding or syncing a source: what changed in
// the catalog and which entries of the feed were skipped, and why (the
// desktop's reasons, word for word).
type SyncReport struct {
	Source      Source                 `json:"source"`
	Unchanged   bool                   `json:"unchanged"` // the feed server answered 304
	Added       int                    `json:"added"`
	Updated     int                    `json:"updated"`
	Removed     int                    `json:"removed"`
	Skipped     []catalog.EntryProblem `json:"skipped"` // the first 100
	SkippedMore int                    `json:"skipped_more"`
	Revision    int64                  `json:"revision"` // of the merged feed after the sync
	changed     bool                   // the merged feed changed: desktops are told
}

// maxLocation bounds a feed URL.
const maxLocation = 2048

// checkLocation accepts an https feed URL whose host is as public as the
// options require: the server fetching a URL a manager typed must not become
// a way into its own machine or network.
func (s *service) checkLocation(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return "", apperr.New(apperr.Invalid, "a catalog source needs a feed URL (\"url\": \"https://…\")")
	case len(raw) > maxLocation:
		return "", apperr.New(apperr.Invalid, "the feed URL is longer than %d characters", maxLocation)
	case err != nil || u.Scheme != "https" || u.Host == "":
		return "", apperr.New(apperr.Invalid, "only https:// URLs can be catalog sources on the server, got %q", clip(raw))
	}
	if err := netguard.Of(s.opts.Client).CheckFetch(raw); err != nil {
		return "", apperr.Wrap(apperr.Invalid, err, "the feed URL is refused: %v", err)
	}
	switch catalog.SourceOrigin(ctx, s.opts.Client, raw) {
	case netguard.Loopback:
		if !s.opts.AllowLoopbackFeeds {
			return "", apperr.New(apperr.Invalid, "%s is on the server's own machine (loopback): the server does not fetch feeds from itself", u.Host)
		}
	case netguard.Private:
		if !s.opts.AllowPrivateFeeds && !s.opts.AllowLoopbackFeeds {
			return "", apperr.New(apperr.Invalid, "%s is an intranet address: this server fetches feeds only from the internet (docs/server-catalog.md, private feeds)", u.Host)
		}
	}
	return raw, nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// fetchFailed words a feed that could not be fetched or read: refused (bad
// document, too large, too slow, an address it may not reach) is the
// caller's to fix; unreachable may pass.
func fetchFailed(location string, err error) error {
	var fe *catalog.FeedError
	var off *catalog.OfflineError
	switch {
	case errors.As(err, &fe):
		return apperr.Wrap(apperr.Invalid, err, "the feed at %s was refused: %s", location, fe.Reason)
	case errors.As(err, &off):
		return apperr.Wrap(apperr.Unavailable, err, "the feed at %s is unreachable: %v", location, off.Cause)
	}
	return apperr.Wrap(apperr.Unavailable, err, "the feed at %s could not be fetched: %v", location, err)
}

// add fetches a new source's feed and applies it in the transaction that
// creates the source: a feed that cannot be read leaves no source, only the
// audit entry catalog.source_add_failed.
func (s *service) add(ctx context.Context, who identity.Identity, raw string) (SyncReport, error) {
	location, err := s.checkLocation(ctx, raw)
	if err != nil {
		return SyncReport{}, err
	}
	exists, err := s.db.Queries.CatalogSourceExists(ctx, store.CatalogSourceExistsParams{AccountID: who.AccountID, Location: location})
	if err != nil {
		return SyncReport{}, err
	}
	if exists {
		return SyncReport{}, apperr.New(apperr.Conflict, "%s is already a catalog source", location)
	}
	feed, err := catalog.FetchRemoteFeed(ctx, s.opts.Client, location, "", "")
	if err != nil {
		err = fetchFailed(location, err)
		s.recordFailure(ctx, who, 0, location, "catalog.source_add_failed", err)
		return SyncReport{}, err
	}
	defer feed.Body.Close()
	var report SyncReport
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		if err := lockCatalog(ctx, q, who.AccountID); err != nil {
			return err
		}
		src, err := q.InsertCatalogSource(ctx, store.InsertCatalogSourceParams{AccountID: who.AccountID, Location: location, AddedBy: actorID(who)})
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "%s is already a catalog source", location)
		}
		if err != nil {
			return err
		}
		if report, err = s.apply(ctx, q, src, feed); err != nil {
			return err
		}
		return s.record(ctx, tx, q, who, change{action: "catalog.source_added", target: location,
			details: auditDetails(report), event: catalogEvent(who.AccountID, report.Revision, report.changed)})
	})
	if apperr.CodeOf(err) == apperr.Invalid {
		s.recordFailure(ctx, who, 0, location, "catalog.source_add_failed", err)
	}
	return report, err
}

// sync fetches a source again (conditionally) and applies what changed.
// A scheduled sync (who is the server itself) is audited only when it
// changed the catalog or failed: an hourly "nothing new" is not news.
func (s *service) sync(ctx context.Context, who identity.Identity, id int64) (SyncReport, error) {
	src, err := s.db.Queries.GetCatalogSource(ctx, store.GetCatalogSourceParams{AccountID: who.AccountID, ID: id})
	if err != nil {
		return SyncReport{}, sourceNotFound(err, id)
	}
	if _, err := s.checkLocation(ctx, src.Location); err != nil {
		s.recordFailure(ctx, who, id, src.Location, "catalog.source_sync_failed", err)
		return SyncReport{}, err
	}
	feed, err := catalog.FetchRemoteFeed(ctx, s.opts.Client, src.Location, src.Etag, src.LastModified)
	if err != nil {
		err = fetchFailed(src.Location, err)
		s.recordFailure(ctx, who, id, src.Location, "catalog.source_sync_failed", err)
		return SyncReport{}, err
	}
	if feed.Body != nil {
		defer feed.Body.Close()
	}
	var report SyncReport
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		if err := lockCatalog(ctx, q, who.AccountID); err != nil {
			return err
		}
		locked, err := q.LockCatalogSource(ctx, store.LockCatalogSourceParams{AccountID: who.AccountID, ID: id})
		if err != nil {
			return sourceNotFound(err, id) // removed meanwhile
		}
		if report, err = s.applyOrKeep(ctx, q, locked, feed); err != nil {
			return err
		}
		if scheduled(who) && !report.changed {
			return nil
		}
		return s.record(ctx, tx, q, who, change{action: "catalog.source_synced", target: locked.Location,
			details: auditDetails(report), event: catalogEvent(who.AccountID, report.Revision, report.changed)})
	})
	if apperr.CodeOf(err) == apperr.Invalid {
		s.recordFailure(ctx, who, id, src.Location, "catalog.source_sync_failed", err)
	}
	return report, err
}

// applyOrKeep applies a changed feed, or records that the feed server said
// it has not changed.
func (s *service) applyOrKeep(ctx context.Context, q *store.Queries, src store.CatalogSource, feed catalog.RemoteFeed) (SyncReport, error) {
	if !feed.Unchanged {
		return s.apply(ctx, q, src, feed)
	}
	if err := q.RecordCatalogUnchanged(ctx, src.ID); err != nil {
		return SyncReport{}, err
	}
	rev, err := q.GetCatalogRevision(ctx, src.AccountID)
	if err != nil {
		return SyncReport{}, err
	}
	fresh, err := q.GetCatalogSource(ctx, store.GetCatalogSourceParams{AccountID: src.AccountID, ID: src.ID})
	return SyncReport{Source: sourceOf(fresh), Unchanged: true, Skipped: []catalog.EntryProblem{}, Revision: rev.Revision}, err
}

// apply replaces src's listings with the feed's, in the caller's
// transaction, and moves the merged feed to its next revision when what it
// holds changed.
func (s *service) apply(ctx context.Context, q *store.Queries, src store.CatalogSource, feed catalog.RemoteFeed) (SyncReport, error) {
	before, err := q.ListSourceListingHashes(ctx, src.ID)
	if err != nil {
		return SyncReport{}, err
	}
	old := make(map[string]string, len(before))
	for _, b := range before {
		old[b.ID] = b.ContentHash
	}
	if err := q.DeleteSourceListings(ctx, src.ID); err != nil {
		return SyncReport{}, err
	}
	var report SyncReport
	kept := map[string]bool{}
	insert := func(l catalog.FeedListing) (string, error) {
		sum := sha256.Sum256(l.JSON)
		hash := hex.EncodeToString(sum[:])
		n, err := q.InsertCatalogListing(ctx, store.InsertCatalogListingParams{AccountID: src.AccountID, ID: l.ID,
			SourceID: src.ID, Position: int32(len(kept)), Content: string(l.JSON), ContentHash: hash})
		if err != nil {
			return "", err
		}
		if n == 0 { // the desktop's words for the same case (app/catalog/sync.go)
			other, err := q.CatalogListingSource(ctx, store.CatalogListingSourceParams{AccountID: src.AccountID, ID: l.ID})
			return fmt.Sprintf("the id %q is already used by the source %s", l.ID, other), err
		}
		kept[l.ID] = true
		switch h, ok := old[l.ID]; {
		case !ok:
			report.Added++
		case h != hash:
			report.Updated++
		}
		return "", nil
	}
	name, result, err := catalog.ReadRemoteFeed(feed.Body, src.Location, insert)
	var fe *catalog.FeedError
	if errors.As(err, &fe) {
		return SyncReport{}, fetchFailed(src.Location, err)
	}
	if err != nil {
		return SyncReport{}, err
	}
	for id := range old {
		if !kept[id] {
			report.Removed++
		}
	}
	report.Skipped, report.SkippedMore = result.Skipped, result.SkippedMore
	if report.Skipped == nil {
		report.Skipped = []catalog.EntryProblem{}
	}
	if err := q.RecordCatalogSync(ctx, store.RecordCatalogSyncParams{ID: src.ID, Name: name, Etag: feed.ETag,
		LastModified: feed.LastModified, ListingCount: int32(len(kept))}); err != nil {
		return SyncReport{}, err
	}
	rev, err := bumpRevision(ctx, q, src.AccountID)
	if err != nil {
		return SyncReport{}, err
	}
	report.Revision, report.changed = rev.Revision, rev.changed
	fresh, err := q.GetCatalogSource(ctx, store.GetCatalogSourceParams{AccountID: src.AccountID, ID: src.ID})
	report.Source = sourceOf(fresh)
	return report, err
}

// lockCatalog takes the account's catalog revision row for the rest of the
// transaction: changes to one catalog follow each other, on any replica.
func lockCatalog(ctx context.Context, q *store.Queries, accountID int64) error {
	if err := q.EnsureCatalogRevision(ctx, accountID); err != nil {
		return err
	}
	_, err := q.LockCatalogRevision(ctx, accountID)
	return err
}

type revision struct {
	Revision int64
	Digest   string
	changed  bool
}

// bumpRevision moves the merged feed to its next revision if what it holds
// changed; otherwise it returns the current one.
func bumpRevision(ctx context.Context, q *store.Queries, accountID int64) (revision, error) {
	row, err := q.BumpCatalogRevision(ctx, accountID)
	if err == nil {
		return revision{Revision: row.Revision, Digest: row.Digest, changed: true}, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return revision{}, err
	}
	cur, err := q.GetCatalogRevision(ctx, accountID)
	return revision{Revision: cur.Revision, Digest: cur.Digest}, err
}

// CatalogChange is the data of a catalog.changed event: desktops fetch the
// feed again (with If-None-Match) when the revision is newer than theirs.
type CatalogChange struct {
	Revision int64 `json:"revision"`
}

// catalogEvent is the event of a change that changed the merged feed; nil
// when it did not (a sync that found nothing new tells desktops nothing).
func catalogEvent(accountID, revision int64, changed bool) *events.Event {
	if !changed {
		return nil
	}
	return eventOf(events.CatalogChanged, accountID, 0, CatalogChange{Revision: revision})
}

func auditDetails(r SyncReport) map[string]any {
	return map[string]any{"source": r.Source.ID, "unchanged": r.Unchanged, "added": r.Added, "updated": r.Updated,
		"removed": r.Removed, "skipped": len(r.Skipped) + r.SkippedMore, "revision": r.Revision}
}

// recordFailure leaves the one trace of a sync or add that changed nothing:
// who tried which feed, and why it failed. Best effort: the caller already
// has the error to report.
func (s *service) recordFailure(ctx context.Context, who identity.Identity, id int64, location, action string, cause error) {
	ctx = context.WithoutCancel(ctx)
	err := s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		if id != 0 {
			if err := q.RecordCatalogSyncFailure(ctx, store.RecordCatalogSyncFailureParams{ID: id, LastError: cause.Error()}); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, q, who, change{action: action, target: location,
			details: map[string]any{"source": id, "reason": cause.Error()}})
	})
	if err != nil {
		s.log.WarnContext(ctx, "could not record a failed catalog sync", "source", location, "error", err)
	}
}
