// Package db is the organization server's PostgreSQL: a pgx connection pool,
// the embedded migrations (applied under an advisory lock so replicas that
// start together are safe), the readiness check, and InTx for changes that
// must commit together (a change and its audit entry).
//
// The server is stateless: every replica opens its own pool on the same
// database, and everything shared lives here.
package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
)

// ErrNotFound is what a lookup of a missing row returns (never nil, nil).
var ErrNotFound = errors.New("not found")

// DB is one replica's connection pool and its generated queries.
type DB struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
}

// Open connects to the database at dsn (a PostgreSQL URL or key=value
// string) and checks that it answers. It does not migrate: call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message can echo the DSN, password included: keep it out.
		return nil, apperr.New(apperr.Invalid, "the database URL is not valid: expected postgres://user@host/dbname or key=value pairs")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, apperr.Wrap(apperr.Unavailable, err, "connect to PostgreSQL: %v", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, apperr.Wrap(apperr.Unavailable, err,
			"PostgreSQL at %s:%d (database %q) is not reachable: %v", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	return &DB{Pool: pool, Queries: store.New(pool)}, nil
}

// Close closes the pool, waiting for connections in use to be released.
func (d *DB) Close() { d.Pool.Close() }

// InTxWith is InTx for changes that also hand the transaction on (an event
// published or a job enqueued with the change commits or rolls back with it).
func (d *DB) InTxWith(ctx context.Context, fn func(tx pgx.Tx, q *store.Queries) error) error {
	return pgx.BeginFunc(ctx, d.Pool, func(tx pgx.Tx) error {
		return fn(tx, d.Queries.WithTx(tx))
	})
}

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back when it returns an error (which InTx returns as is) or panics.
func (d *DB) InTx(ctx context.Context, fn func(q *store.Queries) error) error {
	return pgx.BeginFunc(ctx, d.Pool, func(tx pgx.Tx) error {
		return fn(d.Queries.WithTx(tx))
	})
}

// NotFound maps pgx's "no rows" to ErrNotFound; other errors pass through.
func NotFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	return err
}

// IsUnique reports whether err is a unique-constraint violation (SQLSTATE
// 23505), read from the error code, never from the message.
func IsUnique(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
