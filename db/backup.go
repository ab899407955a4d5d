package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// BackupDir is where automatic backups are kept, beside the database.
const BackupDir = "backups"

// keepAutomatic is how many automatic backups of each kind are kept.
const keepAutomatic = 3

// Backup writes a consistent copy of the database at path to dest while
// other processes may be using it (SQLite's VACUUM INTO reads one snapshot),
// and returns the copy's schema version. dest is never overwritten: the copy
// is written to dest.partial (mode 0600) and renamed when complete.
func Backup(ctx context.Context, path, dest string) (int, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("there is no database at %s yet: nothing to back up", path)
	}
	if _, err := os.Lstat(dest); err == nil {
		return 0, fmt.Errorf("%s already exists: choose a new name (a backup never replaces a file)", dest)
	}
	if err := copyInto(ctx, path, dest); err != nil {
		return 0, err
	}
	version, _, err := SchemaVersion(ctx, dest)
	return version, err
}

// copyInto writes the database at from to the new file dest through
// dest.partial, synced to disk before the rename.
func copyInto(ctx context.Context, from, dest string) error {
	partial := dest + ".partial"
	os.Remove(partial) // left by an interrupted backup
	// VACUUM INTO fills an empty file and keeps its mode: private from the start.
	f, err := os.OpenFile(partial, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write the backup: %w", err)
	}
	f.Close()
	if err := vacuumInto(ctx, from, partial); err != nil {
		os.Remove(partial)
		return err
	}
	if err := syncFile(partial); err != nil {
		os.Remove(partial)
		return err
	}
	if err := os.Rename(partial, dest); err != nil {
		os.Remove(partial)
		return fmt.Errorf("write the backup: %w", err)
	}
	return syncDir(filepath.Dir(dest))
}

func vacuumInto(ctx context.Context, from, dest string) error {
	pool, err := readPool(ctx, from)
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := pool.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("copy %s to %s: %w", from, dest, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s to disk: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable; file systems that cannot sync a
// directory (some do not allow it) keep the rename anyway.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync()
	return nil
}

// autoBackup copies the database at path, about to be migrated from schema
// version from, to backups/auto-{UTC time}-schema{from}.db beside it, and
// keeps the newest few. A migration that cannot be backed up does not run.
func autoBackup(ctx context.Context, path string, from int) error {
	_, err := backupBeside(ctx, path, "auto", fmt.Sprintf("schema%d", from))
	if err != nil {
		return fmt.Errorf("back up %s before upgrading its schema (nothing was changed): %w", path, err)
	}
	return nil
}

// backupBeside writes backups/{kind}-{UTC time}-{label}.db and prunes that
// kind to the newest keepAutomatic.
func backupBeside(ctx context.Context, path, kind, label string) (string, error) {
	dir := filepath.Join(filepath.Dir(path), BackupDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	stamp := time.Now().UTC().Format("20060102T150405.000Z")
	dest := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.db", kind, stamp, label))
	if err := copyInto(ctx, path, dest); err != nil {
		return "", err
	}
	return dest, prune(dir, kind+"-")
}

// prune removes all but the newest keepAutomatic backups named prefix*.db;
// the UTC stamp in their names sorts them by time.
func prune(dir, prefix string) error {
	names, err := backupNames(dir, prefix)
	if err != nil || len(names) <= keepAutomatic {
		return err
	}
	for _, name := range names[:len(names)-keepAutomatic] {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func backupNames(dir, prefix string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, ".db") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// NewestBackup is the newest automatic backup beside the database at path
// (before a migration or a restore), or "" when there is none.
func NewestBackup(path string) string {
	dir := filepath.Join(filepath.Dir(path), BackupDir)
	names, _ := backupNames(dir, "")
	var newest string
	var newestTime time.Time
	for _, n := range names {
		if strings.HasPrefix(n, "damaged-") { // the bytes of a damaged database, kept by restore
			continue
		}
		if info, err := os.Stat(filepath.Join(dir, n)); err == nil && info.ModTime().After(newestTime) {
			newest, newestTime = filepath.Join(dir, n), info.ModTime()
		}
	}
	return newest
}
