package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"marketdesk/app/apperr"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the key of the session advisory lock every replica takes
// while migrating: the second replica to start waits for the first, then
// finds nothing left to do. The value is arbitrary but fixed ("mdsk").
const migrationLock int64 = 0x6d64736b

// Migration is one embedded SQL file; Version is its numeric prefix.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// NewerSchemaError says the database was migrated by a newer server.
type NewerSchemaError struct {
	Found     int
	Supported int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("the database has schema version %d, but this marketdesk-server supports up to version %d: "+
		"a newer marketdesk-server migrated it. Run that version (every replica must be at least as new), or point "+
		"database_url at another database. Nothing was changed.", e.Found, e.Supported)
}

// AppCode makes the error a typed Conflict for apperr.CodeOf.
func (e *NewerSchemaError) AppCode() apperr.Code { return apperr.Conflict }

// Migrations lists the embedded migrations in order.
func Migrations() []Migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	var list []Migration
	for _, e := range entries {
		prefix, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			panic("server/db/migrations: " + e.Name() + " does not start with a version number")
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			panic(err)
		}
		list = append(list, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Version < list[j].Version })
	return list
}

// LatestVersion is the schema version this binary migrates to.
func LatestVersion() int {
	list := Migrations()
	return list[len(list)-1].Version
}

// Migrate brings the schema to LatestVersion, applying each pending
// migration in its own transaction together with its schema_migrations row.
// It holds a session advisory lock throughout, so replicas starting together
// apply each migration once. A schema newer than the binary is refused with
// *NewerSchemaError before anything is changed.
func (d *DB) Migrate(ctx context.Context) error {
	conn, err := d.Pool.Acquire(ctx)
	if err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "migrate: connect to PostgreSQL: %v", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("migrate: take the migration lock: %w", err)
	}
	defer func() {
		// A fresh context: the lock must go even when ctx was cancelled; if
		// the unlock fails the connection is closed, which releases it too.
		if _, err := conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock); err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	return migrateLocked(ctx, conn)
}

func migrateLocked(ctx context.Context, conn *pgxpool.Conn) error {
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	current, err := schemaVersion(ctx, conn)
	if err != nil {
		return err
	}
	latest := LatestVersion()
	if current > latest {
		return &NewerSchemaError{Found: current, Supported: latest}
	}
	for _, m := range Migrations() {
		if m.Version <= current {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: apply %s: %w", m.Name, err)
		}
	}
	return nil
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// schemaVersion is the highest applied migration, 0 for an empty database.
// Two queries: PostgreSQL resolves table names before running a statement,
// so one statement cannot both test for the table and read it.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return 0, fmt.Errorf("read the schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v int
	if err := q.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("read the schema version: %w", err)
	}
	return v, nil
}
