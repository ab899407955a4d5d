package orgmode_test

import (
	"context"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/catalogsrv"
)

// removalRecorder is the server's OnRemoval hook (production queues the
// developer's notice there) handing each removal to record.
func removalRecorder(record func(context.Context, catalogsrv.Removal)) func(context.Context, pgx.Tx, catalogsrv.Removal) error {
	return func(ctx context.Context, _ pgx.Tx, r catalogsrv.Removal) error {
		if record != nil {
			record(ctx, r)
		}
		return nil
	}
}
