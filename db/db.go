// Package db opens Marketdesk's SQLite file and keeps its schema current.
//
// One file per data directory. Writes go through a single connection (SQLite
// allows one writer at a time; queueing in Go beats SQLITE_BUSY), reads through
// a small pool that WAL lets run beside the writer. Opening a current file
// writes nothing; migrations are embedded SQL files applied in one exclusive
// transaction, only when the file is behind; a file written by a newer
// Marketdesk is refused before anything touches it.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"marketdesk/db/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// FileName is the database file inside a data directory.
const FileName = "marketdesk.db"

// DB holds the writer and the reader pools of one database file.
type DB struct {
	Path   string
	Writer *sql.DB // exactly one connection: every write and write transaction
	Reader *sql.DB // query-only pool for reads
}

// NewerSchemaError says the file was written by a newer Marketdesk.
type NewerSchemaError struct {
	Path      string
	Found     int
	Supported int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("the database %s has schema version %d, but this Marketdesk supports up to version %d: "+
		"it was written by a newer Marketdesk. Install that version again, or point --data-dir at another "+
		"directory. The file was left untouched.", e.Path, e.Found, e.Supported)
}

// Busy timeouts. SQLite lets one process write at a time; the others wait
// this long for it before they fail with SQLITE_BUSY (see busy.go). A writer
// may queue behind a whole sync, so it waits long; readers in WAL mode are
// never blocked by a writer, only briefly by a checkpoint or WAL recovery.
const (
	writerBusyTimeout    = 60_000  // ms
	readerBusyTimeout    = 10_000  // ms
	migrationBusyTimeout = 300_000 // ms: a migration waits for any running sync to finish
)

// Open opens (creating if needed) and migrates the database at path. Opening
// writes nothing when the schema is current, so any number of processes can
// open and read beside one that writes; a migration, when the file is behind,
// runs under an exclusive lock the other processes wait for.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := privateFiles(path); err != nil {
		return nil, err
	}
	current, err := refuseNewer(ctx, path)
	if err != nil {
		return nil, err
	}
	writer, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	if current < LatestVersion() {
		if err := migrate(ctx, writer, path, current); err != nil {
			writer.Close()
			return nil, err
		}
	}
	reader, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		writer.Close()
		return nil, err
	}
	reader.SetMaxOpenConns(max(2, runtime.NumCPU()))
	// One reader connection stays open (idle) for the life of the DB: it
	// holds SQLite's shared lock on the -shm file, which is how restore
	// (InUse) sees that this process has the database open.
	if err := reader.PingContext(ctx); err != nil {
		writer.Close()
		reader.Close()
		return nil, busyOr(fmt.Errorf("open database %s: %w", path, err), path)
	}
	if err := privateFiles(path); err != nil { // the -wal and -shm the first connection made
		writer.Close()
		reader.Close()
		return nil, err
	}
	return &DB{Path: path, Writer: writer, Reader: reader}, nil
}

// privateFiles keeps the database readable by its owner only (0600): the
// file is created 0600 before SQLite opens it (SQLite gives its -wal, -shm
// and -journal files the mode of the database file), and files an older
// Marketdesk created 0644 are narrowed.
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		info, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("make %s private to you: %w", p, err)
			}
		}
	}
	return nil
}

// Close closes both pools.
func (d *DB) Close() error {
	return errors.Join(d.Reader.Close(), d.Writer.Close())
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", readerBusyTimeout))
	} else {
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", writerBusyTimeout))
	}
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "cache_size(-32768)") // 32 MiB: a large sync touches many index pages
		q.Set("_txlock", "immediate")
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

// SchemaVersion reports the schema version of the file at path without
// changing it: (0, false, nil) when there is no file yet. It reads without
// a write lock and waits out a checkpoint or a migration in progress.
func SchemaVersion(ctx context.Context, path string) (version int, exists bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return 0, false, nil
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", readerBusyTimeout))
	conn, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?"+q.Encode())
	if err != nil {
		return 0, true, err
	}
	defer conn.Close()
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, true, busyOr(fmt.Errorf("read schema version of %s: %w", path, err), path)
	}
	return version, true, nil
}

// refuseNewer returns the file's schema version, or an error when a newer
// Marketdesk wrote it.
func refuseNewer(ctx context.Context, path string) (int, error) {
	found, _, err := SchemaVersion(ctx, path)
	if err != nil {
		return 0, err
	}
	if supported := LatestVersion(); found > supported {
		return 0, &NewerSchemaError{Path: path, Found: found, Supported: supported}
	}
	return found, nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("migration file without a version prefix: " + e.Name())
		}
		body, _ := migrationFiles.ReadFile("migrations/" + e.Name())
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

// LatestVersion is the schema version this binary migrates to.
func LatestVersion() int {
	ms := migrations()
	return ms[len(ms)-1].version
}

// migrate brings the file at path from version current to LatestVersion on
// a connection of its own.
func migrate(ctx context.Context, writer *sql.DB, path string, current int) error {
	conn, err := writer.Conn(ctx)
	if err != nil {
		return busyOr(fmt.Errorf("open database %s: %w", path, err), path)
	}
	defer conn.Close()
	return migrateLocked(ctx, conn, path, current)
}

// migrateLocked applies the migrations under SQLite's exclusive lock: the
// other processes that open the file meanwhile wait (up to five minutes, a
// long sync included) and then find it current. current is the version read
// before the lock; it is read again inside, since another process may have
// migrated meanwhile.
func migrateLocked(ctx context.Context, conn *sql.Conn, path string, current int) (err error) {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", migrationBusyTimeout)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", writerBusyTimeout))
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		return busyOr(fmt.Errorf("lock database %s to migrate it: %w", path, err), path)
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version of %s: %w", path, err)
	}
	if supported := LatestVersion(); current > supported {
		return &NewerSchemaError{Path: path, Found: current, Supported: supported}
	}
	if current > 0 && current < LatestVersion() { // an existing database about to be upgraded
		if err := autoBackup(ctx, path, current); err != nil {
			return err
		}
	}
	for _, m := range migrations() {
		if m.version <= current {
			continue
		}
		if _, err := conn.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		current = m.version
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", current)); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return busyOr(fmt.Errorf("commit the migration of %s: %w", path, err), path)
	}
	return nil
}

// Write runs fn in one write transaction (BEGIN IMMEDIATE on the writer),
// with queries bound to it; fn's error rolls everything back.
func (d *DB) Write(ctx context.Context, fn func(q *store.Queries) error) error {
	tx, err := d.Writer.BeginTx(ctx, nil)
	if err != nil {
		return busyOr(err, d.Path)
	}
	defer tx.Rollback()
	if err := fn(store.New(tx)); err != nil {
		return busyOr(err, d.Path)
	}
	return busyOr(tx.Commit(), d.Path)
}
