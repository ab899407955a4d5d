package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// BackupNewerError refuses a backup written by a newer Marketdesk.
type BackupNewerError struct {
	Backup    string
	Found     int
	Supported int
}

func (e *BackupNewerError) Error() string {
	return fmt.Sprintf("the backup %s has schema version %d, but this Marketdesk supports up to version %d: "+
		"restore it with that newer Marketdesk. The database was left unchanged.", e.Backup, e.Found, e.Supported)
}

// InUseError refuses a restore while another process has the database open.
type InUseError struct{ Path string }

func (e *InUseError) Error() string {
	return fmt.Sprintf("the database %s is open in another Marketdesk (the desktop app or a running command): "+
		"close it, then restore again. The database was left unchanged.", e.Path)
}

// Restored says what a restore did.
type Restored struct {
	Database      string `json:"database"`
	From          string `json:"from"`
	SchemaVersion int    `json:"schemaVersion"` // of the backup, before any upgrade
	// SafetyCopy is the copy of the database as it was before the restore.
	SafetyCopy string `json:"safetyCopy,omitempty"`
}

// Restore replaces the database at path by the backup at from. The backup
// is checked first (integrity, schema version); the current database is
// copied to backups/ and stays in place until the restored copy is complete
// on disk, then one rename swaps them. Nothing changes when a check fails.
func Restore(ctx context.Context, path, from string) (Restored, error) {
	res := Restored{Database: path, From: from}
	if a, errA := os.Stat(path); errA == nil {
		if b, errB := os.Stat(from); errB == nil && os.SameFile(a, b) {
			return res, fmt.Errorf("%s is the database itself, not a backup of it", from)
		}
	}
	version, err := checkBackup(ctx, from)
	if err != nil {
		return res, err
	}
	res.SchemaVersion = version
	if busy, err := InUse(path); err != nil || busy {
		return res, errors.Join(err, &InUseError{Path: path})
	}
	if _, err := os.Stat(path); err == nil {
		if res.SafetyCopy, err = safetyCopy(ctx, path); err != nil {
			return res, fmt.Errorf("keep a copy of the current database before restoring (nothing was changed): %w", err)
		}
	}
	partial := path + ".restore-partial"
	if err := copyInto(ctx, from, partial); err != nil {
		return res, err
	}
	if err := replace(partial, path); err != nil {
		os.Remove(partial)
		return res, err
	}
	d, err := Open(ctx, path) // upgrades an older backup now, so a problem shows here
	if err != nil {
		return res, err
	}
	return res, d.Close()
}

// checkBackup opens the backup read-only and returns its schema version.
func checkBackup(ctx context.Context, from string) (int, error) {
	if info, err := os.Stat(from); err != nil {
		return 0, fmt.Errorf("read the backup: %w", err)
	} else if !info.Mode().IsRegular() {
		return 0, fmt.Errorf("the backup %s is not a regular file", from)
	}
	pool, err := readPool(ctx, from)
	if err != nil {
		return 0, fmt.Errorf("the backup %s is not a readable SQLite database: %w", from, err)
	}
	defer pool.Close()
	var version int
	if err := pool.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("read schema version of the backup %s: %w", from, err)
	}
	if supported := LatestVersion(); version > supported {
		return version, &BackupNewerError{Backup: from, Found: version, Supported: supported}
	}
	if version < 1 {
		return version, fmt.Errorf("%s is not a Marketdesk database (schema version %d)", from, version)
	}
	if problems := QuickCheck(ctx, pool, 5); len(problems) > 0 {
		return version, fmt.Errorf("the backup %s is damaged: %s", from, strings.Join(problems, "; "))
	}
	return version, nil
}

// safetyCopy keeps the current database in backups/ before it is replaced:
// a consistent copy when it can be read, else its bytes as they are (a
// damaged database is what one restores over), named damaged-*.
func safetyCopy(ctx context.Context, path string) (string, error) {
	version, _, _ := SchemaVersion(ctx, path)
	dest, err := backupBeside(ctx, path, "pre-restore", fmt.Sprintf("schema%d", version))
	if err == nil {
		return dest, nil
	}
	dest = filepath.Join(filepath.Dir(path), BackupDir, "damaged-"+time.Now().UTC().Format("20060102T150405.000Z")+".db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyBytes(path+suffix, dest+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return dest, nil
}

func copyBytes(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// replace renames the complete restored copy over the database. The old
// -wal and -shm go first: SQLite would apply a stale WAL to the new file.
// Their content is in the safety copy, and no process has them open.
func replace(partial, path string) error {
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: remove the old %s: %w", path+suffix, err)
		}
	}
	if err := os.Rename(partial, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return syncDir(filepath.Dir(path))
}
