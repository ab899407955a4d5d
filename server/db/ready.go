package db

import (
	"context"

	"marketdesk/app/apperr"
)

// SchemaVersion is the schema version of the database (0 when empty).
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	return schemaVersion(ctx, d.Pool)
}

// Ready reports whether this replica can serve: PostgreSQL answers and the
// schema is exactly the one this binary was built for. A schema behind means
// migrations have not run (or failed); a newer one means a newer replica
// migrated and this one must be replaced. Both make the replica not ready,
// so a load balancer sends its traffic elsewhere.
func (d *DB) Ready(ctx context.Context) (int, error) {
	v, err := d.SchemaVersion(ctx)
	if err != nil {
		// The cause (host, driver text) goes to the log, not to whoever probes.
		return 0, apperr.Wrap(apperr.Unavailable, err, "the database is not reachable")
	}
	latest := LatestVersion()
	switch {
	case v < latest:
		return v, apperr.New(apperr.Unavailable, "the database schema is at version %d, this server needs version %d: migrations have not run", v, latest)
	case v > latest:
		return v, &NewerSchemaError{Found: v, Supported: latest}
	}
	return v, nil
}
