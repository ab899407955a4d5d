package catalog

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"time"

	"marketdesk/db/store"
)

// StaleAfter is how long a source's last sync counts as fresh when the
// window starts: a start within it shows the cache as it is instead of
// syncing every source while the page loads. MARKETDESK_SYNC_STALE_AFTER
// (a Go duration; 0 syncs at every start) changes it. `catalog sync`, the
// Sync button and the organization's change events always sync.
const StaleAfter = time.Hour

// StaleAfterEnv overrides StaleAfter.
const StaleAfterEnv = "MARKETDESK_SYNC_STALE_AFTER"

func staleAfter() time.Duration {
	if d, err := time.ParseDuration(os.Getenv(StaleAfterEnv)); err == nil && d >= 0 {
		return d
	}
	return StaleAfter
}

// StartIfStale starts a background sync when any source needs one and says
// whether it did.
func (s *Syncer) StartIfStale(ctx context.Context) bool {
	if stale, err := s.Stale(ctx, staleAfter()); err == nil && !stale {
		return false
	}
	s.Start(ctx)
	return true
}

// Stale says whether a sync would bring something: a source never synced,
// synced longer than maxAge ago, or whose last sync failed; an embedded
// catalog other than the cached one (a new version of Marketdesk); the
// organization's feed not yet a source.
func (s *Syncer) Stale(ctx context.Context, maxAge time.Duration) (bool, error) {
	q := store.New(s.db.Reader)
	if s.org != nil {
		if loc := s.org.FeedLocation(ctx); loc != "" {
			if _, err := q.GetSourceByLocation(ctx, loc); errors.Is(err, sql.ErrNoRows) {
				return true, nil
			} else if err != nil {
				return true, err
			}
		}
	}
	list, err := q.ListSourceIDs(ctx)
	if err != nil {
		return true, err
	}
	for _, id := range list {
		src, err := q.GetSource(ctx, id)
		if err != nil {
			return true, err
		}
		if s.sourceStale(src, maxAge) {
			return true, nil
		}
	}
	return false, nil
}

func (s *Syncer) sourceStale(src sourceRow, maxAge time.Duration) bool {
	last, err := time.Parse(time.RFC3339, src.LastSyncAt)
	if err != nil || src.LastError != "" || s.now().Sub(last) >= maxAge {
		return true
	}
	if src.Kind == KindEmbedded {
		f, err := s.fetch.openEmbedded(src)
		if err != nil || !f.unchanged {
			return true
		}
	}
	return false
}
