package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// ReadOnlyError says the database was opened for reading only, and why: a
// read-only file, directory or file system, or a full disk. Searches answer;
// every write is refused by SQLite.
type ReadOnlyError struct {
	Path   string
	Reason Refusal
	Err    error // what refused the normal open
}

func (e *ReadOnlyError) Error() string {
	why := "its file, directory or file system refuses writes"
	if e.Reason == RefusedFull {
		why = "the disk is full"
	}
	return fmt.Sprintf("the database %s is opened read-only because %s (%v): searches work, changes are refused; "+
		"`marketdesk doctor` names the fix", e.Path, why, rootCause(e.Err))
}

// rootCause is the innermost error: "read-only file system" rather than
// the chain of what was being opened.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// OpenOrRead opens the database like Open; when the storage refuses writes
// (read-only or full), it opens the file read-only instead, so the catalog
// can still be searched, and returns why as readOnly. A missing file, a
// damaged one or one from a newer Marketdesk is an error, as with Open.
func OpenOrRead(ctx context.Context, path string) (d *DB, readOnly *ReadOnlyError, err error) {
	d, err = Open(ctx, path)
	if err == nil {
		return d, nil, nil
	}
	reason, refused := WriteRefused(err)
	if !refused {
		return nil, nil, err
	}
	if _, statErr := os.Stat(path); statErr != nil {
		return nil, nil, err // nothing to read
	}
	d, roErr := openReadOnly(ctx, path)
	if roErr != nil {
		return nil, nil, errors.Join(err, roErr)
	}
	return d, &ReadOnlyError{Path: path, Reason: reason, Err: err}, nil
}

// openReadOnly opens both pools without write access. The schema must be
// the current one: an older file cannot be upgraded without writing.
func openReadOnly(ctx context.Context, path string) (*DB, error) {
	pool, err := readPool(ctx, path)
	if err != nil {
		return nil, err
	}
	var version int
	if err := pool.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		pool.Close()
		return nil, fmt.Errorf("read schema version of %s: %w", path, err)
	}
	if latest := LatestVersion(); version != latest {
		pool.Close()
		if version > latest {
			return nil, &NewerSchemaError{Path: path, Found: version, Supported: latest}
		}
		return nil, fmt.Errorf("the database %s has schema version %d and needs an upgrade to %d, which needs write access", path, version, latest)
	}
	// One pool serves as both: every write on it fails with SQLITE_READONLY.
	return &DB{Path: path, Writer: pool, Reader: pool}, nil
}

// FileSchemaVersion is SchemaVersion for any file that can be read, also in a
// read-only directory where SQLite cannot create the -shm of a WAL database.
func FileSchemaVersion(ctx context.Context, path string) (version int, exists bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	}
	pool, err := readPool(ctx, path)
	if err != nil {
		return 0, true, err
	}
	defer pool.Close()
	if err := pool.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, true, fmt.Errorf("read schema version of %s: %w", path, err)
	}
	return version, true, nil
}

// readPool opens path for reading only. mode=ro still needs the -shm file
// of a WAL database (created when missing); where that cannot be, the file
// is opened immutable: no locks, no WAL, which is right when nothing can
// write it (a read-only directory or file system) and is checked by the
// query that follows.
func readPool(ctx context.Context, path string) (*sql.DB, error) {
	var firstErr error
	for _, mode := range []string{"mode=ro", "immutable=1"} {
		pool, err := sql.Open("sqlite", readDSN(path, mode))
		if err == nil {
			var n int
			if err = pool.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err == nil {
				return pool, nil
			}
			pool.Close()
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, fmt.Errorf("open %s for reading: %w", path, firstErr)
}

func readDSN(path, mode string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	return "file:" + filepath.ToSlash(path) + "?" + mode + "&" + q.Encode()
}
