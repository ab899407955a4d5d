package notices

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// migrationLock is the key of server/db's migration lock ("mdsk"): River's
// schema is migrated under the same session advisory lock as ours, so
// replicas starting together apply each River migration once, and never
// while server/db is migrating.
const migrationLock int64 = 0x6d64736b

// Migrate brings River's own tables (river_job, river_leader, …) to the
// version of the linked River, with River's migrator. Run it after
// db.Migrate at every start: it is idempotent (a migrated database is left
// as is) and the advisory lock makes concurrent replicas wait for each
// other. River keeps its applied versions in river_migration.
func Migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate River: connect to PostgreSQL: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("migrate River: take the migration lock: %w", err)
	}
	defer func() {
		// As in server/db: the lock goes even when ctx was cancelled, and a
		// failed unlock closes the connection, which releases it too.
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock); err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	// River's migrator runs on the pool's other connections; the lock held on
	// this one is what keeps the other replicas out meanwhile.
	m, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Logger: log})
	if err != nil {
		return fmt.Errorf("migrate River: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate River's schema: %w", err)
	}
	return nil
}
