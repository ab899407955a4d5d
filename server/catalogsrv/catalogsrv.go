// Package catalogsrv is the organization's catalog on the server: the feed
// sources marketplace managers add (fetched and validated with the
// desktop's own feed code, app/catalog, through netguard's client), their
// listings kept in PostgreSQL, the merged catalog served to every desktop
// as one feed with a strong ETag, and the inventory of installations that
// desktops report. Every change writes its audit entry and publishes its
// event in the transaction of the change.
package catalogsrv

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/netguard"
	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/events"
)

// Options tune the slice; the zero value is right for production.
type Options struct {
	// Client fetches feeds. Default: netguard's client, which refuses
	// plain http, redirects out of https and addresses more local than
	// the feed's own (DNS rebinding included).
	Client *http.Client
	// AllowPrivateFeeds lets managers add feeds on intranet addresses
	// (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). Off by default:
	// a feed URL is a request the server makes inside its own network.
	AllowPrivateFeeds bool
	// AllowLoopbackFeeds lets feeds be on the server's own machine. For
	// tests only (an httptest server on 127.0.0.1).
	AllowLoopbackFeeds bool
	// SyncEvery is how often RunScheduledSyncs fetches each source again
	// (default DefaultSyncEvery; negative: never, only managers' syncs).
	SyncEvery time.Duration
	Logger    *slog.Logger
	// OnRemoval runs in the transaction of a reported removal: the server
	// queues the developer's deauthorization notice there (server/notices),
	// so it is sent exactly when the removal commits. Nil: no notices.
	OnRemoval func(ctx context.Context, tx pgx.Tx, r Removal) error
}

// service holds the slice's dependencies; one per replica.
type service struct {
	db    *db.DB
	pub   events.Publisher
	opts  Options
	log   *slog.Logger
	feeds *feedCache
}

// Routes returns the catalog's and the inventory's routes. pub publishes
// the events (catalog.changed, installations.changed) in the transaction of
// each change; nil publishes nothing (a server built without live updates).
func Routes(d *db.DB, pub events.Publisher, o Options) []api.Route {
	s := newService(d, pub, o)
	return []api.Route{
		{Method: http.MethodGet, Path: "/api/v1/sources", Access: api.Manages,
			Summary: "List the catalog sources and how their last sync went", Handler: s.listSources},
		{Method: http.MethodPost, Path: "/api/v1/sources", Access: api.Manages,
			Summary: "Add a catalog source (an https feed URL), fetched and applied at once", Handler: s.addSource},
		{Method: http.MethodDelete, Path: "/api/v1/sources/{id}", Access: api.Manages,
			Summary: "Remove a catalog source and its listings", Handler: s.removeSource},
		{Method: http.MethodPost, Path: "/api/v1/sources/{id}/sync", Access: api.Manages,
			Summary: "Fetch a catalog source again and apply what changed", Handler: s.syncSource},
		{Method: http.MethodGet, Path: "/api/v1/catalog/feed", Access: api.SignedIn,
			Summary: "The organization's merged catalog as one feed (docs/catalog-feed.md), with ETag", Handler: s.mergedFeed},
		{Method: http.MethodGet, Path: "/api/v1/installations", Access: api.SignedIn,
			Summary: "Installations: everyone's for managers (filter by app_id, user_id), one's own otherwise", Handler: s.listInstallations},
		{Method: http.MethodPut, Path: "/api/v1/installations/{app_id}", Access: api.SignedIn,
			Summary: "Report that the caller installed an app (or updated it)", Handler: s.putInstallation},
		{Method: http.MethodDelete, Path: "/api/v1/installations/{app_id}", Access: api.SignedIn,
			Summary: "Report that the caller removed an app", Handler: s.deleteInstallation},
	}
}

func newService(d *db.DB, pub events.Publisher, o Options) *service {
	if o.Client == nil {
		o.Client = netguard.New(netguard.Config{}).Client()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.SyncEvery == 0 {
		o.SyncEvery = DefaultSyncEvery
	}
	return &service{db: d, pub: pub, opts: o, log: o.Logger, feeds: newFeedCache()}
}
