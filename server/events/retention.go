package events

import (
	"context"
	"time"
)

// purgeInterval is how often a replica deletes expired events. Every
// replica does it; the DELETE is idempotent, so they need no coordination.
const purgeInterval = time.Hour

func (h *Hub) purgeEvery(ctx context.Context) {
	for {
		if _, err := h.Purge(ctx, time.Now().Add(-h.o.Retention)); err != nil && ctx.Err() == nil {
			h.o.Logger.Warn("live updates: purging expired events failed; will retry", "error", err, "retry_in", purgeInterval.String())
		}
		if !sleep(ctx, purgeInterval) {
			return
		}
	}
}

// Purge deletes the events recorded before cutoff and returns the highest
// id purged so far: a desktop resuming from an id below it gets "reset".
func (h *Hub) Purge(ctx context.Context, cutoff time.Time) (purgedThrough int64, err error) {
	return h.q.PurgeEvents(ctx, cutoff)
}
