package catalogsrv

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db"
	"marketdesk/server/events"
	"marketdesk/server/identity"
)

// DefaultSyncEvery is how often each source is fetched again by default:
// the desktop's catalog refresh runs on the same order of time.
const DefaultSyncEvery = time.Hour

// maxPerPass bounds one pass, so a pass ends and the next sees new sources.
const maxPerPass = 100

// schedulerName is who a scheduled sync is done by, in the audit log.
const schedulerName = "Marketdesk server (scheduled sync)"

// scheduler is the actor of a scheduled sync: no user of the account.
func scheduler(accountID int64) identity.Identity {
	return identity.Identity{AccountID: accountID, Name: schedulerName}
}

func scheduled(who identity.Identity) bool { return who.UserID == 0 && who.Name == schedulerName }

// RunScheduledSyncs keeps every source of every account fresh until ctx
// ends: each source is fetched again (conditionally) once per
// o.SyncEvery. Every replica may run it; each due source is claimed by one
// replica (ClaimDueCatalogSource), so they share the work.
func RunScheduledSyncs(ctx context.Context, d *db.DB, pub events.Publisher, o Options) {
	s := newService(d, pub, o)
	if s.opts.SyncEvery < 0 {
		return
	}
	tick := time.NewTicker(min(max(s.opts.SyncEvery/10, time.Second), time.Minute))
	defer tick.Stop()
	for {
		if _, err := s.syncDue(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "scheduled catalog sync", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SyncDue runs one pass of the schedule: it syncs the sources last synced
// more than o.SyncEvery ago (at most 100) and returns how many it tried. A
// source that fails keeps its listings and shows the error (last_error).
func SyncDue(ctx context.Context, d *db.DB, pub events.Publisher, o Options) (int, error) {
	return newService(d, pub, o).syncDue(ctx)
}

func (s *service) syncDue(ctx context.Context) (int, error) {
	n := 0
	for ; n < maxPerPass; n++ {
		due, err := s.db.Queries.ClaimDueCatalogSource(ctx, time.Now().Add(-s.opts.SyncEvery))
		if errors.Is(err, pgx.ErrNoRows) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if _, err := s.sync(ctx, scheduler(due.AccountID), due.ID); err != nil {
			s.log.InfoContext(ctx, "scheduled catalog sync failed", "source", due.ID, "error", err)
		}
	}
	return n, nil
}
