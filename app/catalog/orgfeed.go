package catalog

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	"marketdesk/app/apperr"
	"marketdesk/db/store"
)

// OrgFeed is the organization's merged catalog (GET /api/v1/catalog/feed
// of the organization server, docs/server-catalog.md) as a source of this
// cache, in organization mode. It is synced by the same code as any feed
// (limits, validation, ETag and If-None-Match, the offline cache); only
// its requests go through the organization's client, which adds the
// sign-in and renews it.
type OrgFeed interface {
	// FeedLocation is the feed's address at the connected organization,
	// "" in local mode.
	FeedLocation(ctx context.Context) string
	// Do sends req with the organization's sign-in.
	Do(req *http.Request) (*http.Response, error)
	// AllowsPersonalSources is the managed policy's word on adding
	// one's own sources.
	AllowsPersonalSources() bool
}

// SetOrgFeed makes the syncer keep the organization's feed among its
// sources while connected (main.go sets it in every mode).
func (s *Syncer) SetOrgFeed(o OrgFeed) { s.org, s.fetch.org = o, o }

// EnsureOrgSource registers the organization's feed as a source when the
// data directory is connected and it is not one yet; the next sync
// fetches it. In local mode it does nothing.
func (s *Syncer) EnsureOrgSource(ctx context.Context) error {
	if s.org == nil {
		return nil
	}
	location := s.org.FeedLocation(ctx)
	if location == "" {
		return nil
	}
	_, err := store.New(s.db.Reader).GetSourceByLocation(ctx, location)
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = store.New(s.db.Writer).InsertSource(ctx, store.InsertSourceParams{Kind: KindURL, Location: location,
		CreatedAt: s.stamp()})
	if err != nil {
		if _, again := store.New(s.db.Reader).GetSourceByLocation(ctx, location); again == nil {
			return nil // another process inserted it first
		}
	}
	return busy(err, s.db)
}

// refusePersonal refuses adding a source of one's own when the managed
// policy turns personal sources off in organization mode.
func (s *Syncer) refusePersonal(ctx context.Context) error {
	if s.org == nil || s.org.FeedLocation(ctx) == "" || s.org.AllowsPersonalSources() {
		return nil
	}
	return apperr.New(apperr.Forbidden, "your organization's policy turns personal catalog sources off: the catalog is the organization's")
}

// orgRequest says whether src is the organization's feed, fetched with its
// sign-in.
func (f *fetcher) orgRequest(ctx context.Context, src sourceRow) bool {
	return f.org != nil && src.Kind == KindURL && src.Location == f.org.FeedLocation(ctx)
}
