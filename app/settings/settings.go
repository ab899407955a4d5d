// Package settings stores account-wide key/value settings in SQLite.
package settings

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/db"
	"marketdesk/db/store"
)

// Keys of settings Marketdesk itself writes.
const (
	KeyFirstRunAt = "first_run_at"
)

// Store reads and writes settings.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// New returns a settings store; now is the clock (time.Now in the app).
func New(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

// Get returns the value of key, or an apperr NotFound error.
func (s *Store) Get(ctx context.Context, key string) (string, error) {
	row, err := store.New(s.db.Reader).GetSetting(ctx, key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "no setting %q", key)
	}
	return row.Value, err
}

// Put sets key to value.
func (s *Store) Put(ctx context.Context, key, value string) error {
	return store.New(s.db.Writer).PutSetting(ctx, store.PutSettingParams{Key: key, Value: value, UpdatedAt: s.stamp()})
}

// PutIfAbsent sets key only when it has no value yet.
func (s *Store) PutIfAbsent(ctx context.Context, key, value string) error {
	return store.New(s.db.Writer).PutSettingIfAbsent(ctx, store.PutSettingIfAbsentParams{Key: key, Value: value, UpdatedAt: s.stamp()})
}

// RecordFirstRun remembers when this data directory was first used. It
// reads first: once recorded, starting the app writes nothing, so it never
// waits behind another process's long sync.
func (s *Store) RecordFirstRun(ctx context.Context) error {
	if _, err := s.Get(ctx, KeyFirstRunAt); err == nil {
		return nil
	}
	return s.PutIfAbsent(ctx, KeyFirstRunAt, s.stamp())
}

func (s *Store) stamp() string { return s.now().UTC().Format(time.RFC3339) }

// Delete removes key; removing a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	return store.New(s.db.Writer).DeleteSetting(ctx, key)
}
