package db

import (
	"errors"
	"fmt"

	"marketdesk/app/apperr"
)

// SQLite's primary result codes for "another connection holds the lock"
// (the extended codes, e.g. SQLITE_BUSY_SNAPSHOT, carry them in the low byte).
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// BusyError says another process kept the database locked for longer than
// this one would wait. It replaces SQLite's bare "database is locked", which
// names neither the file nor what to do.
type BusyError struct {
	Path string
	Err  error // the SQLite error, for logs and errors.Is
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("the database %s is busy: another Marketdesk process (a sync, a migration) kept it "+
		"locked for too long; try again when it finishes", e.Path)
}

func (e *BusyError) Unwrap() error { return e.Err }

// AppCode makes a busy database a conflict with another process, not an
// internal failure, for the UI and `--json`.
func (e *BusyError) AppCode() apperr.Code { return apperr.Conflict }

// Busy reports whether err is SQLite's BUSY or LOCKED, wrapped or not, or a
// BusyError: callers map it to a message of their own words.
func Busy(err error) bool {
	var busy *BusyError
	if errors.As(err, &busy) {
		return true
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case sqliteBusy, sqliteLocked:
			return true
		}
	}
	return false
}

// busyOr turns a BUSY or LOCKED error into a BusyError for path and leaves
// every other error (and nil) as it is.
func busyOr(err error, path string) error {
	var busy *BusyError
	if err == nil || errors.As(err, &busy) || !Busy(err) {
		return err
	}
	return &BusyError{Path: path, Err: err}
}
