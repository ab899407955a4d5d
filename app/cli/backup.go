package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"marketdesk/app/apperr"
	"marketdesk/app/datadir"
	"marketdesk/db"
)

// runBackup writes a consistent copy of the database to FILE, beside any
// running Marketdesk. Tokens and secrets are not in it: they stay in the
// OS keychain, under names the restored database finds again.
func runBackup(ctx context.Context, inv Invocation, env Env) int {
	dest, err := filepath.Abs(inv.Args[0])
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	path := filepath.Join(env.DataDir, db.FileName)
	bar := newProgress(env, inv, "backing up")
	stopWatching := bar.watchFile(dest+".partial", fileSize(path), func(p string) (int64, bool) {
		n := fileSize(p)
		return n, n > 0
	})
	version, err := db.Backup(ctx, path, dest)
	stopWatching()
	bar.done()
	if err != nil {
		return Fail(env.Stderr, inv.JSON, apperr.Wrap(apperr.Unavailable, err, "%s", err.Error()))
	}
	out := map[string]any{"backup": dest, "database": path, "schemaVersion": version}
	return printOut(env, inv.JSON, out, fmt.Sprintf("backed up %s to %s (schema version %d)\n", path, dest, version), true)
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

// runRestore replaces the database by a backup; see db.Restore for what is
// checked and kept.
func runRestore(ctx context.Context, inv Invocation, env Env) int {
	from, err := filepath.Abs(inv.Args[0])
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	if err := datadir.Ensure(env.DataDir); err != nil {
		return Fail(env.Stderr, inv.JSON, fmt.Errorf("create data directory: %w", err))
	}
	res, err := db.Restore(ctx, filepath.Join(env.DataDir, db.FileName), from)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, restoreError(err))
	}
	text := fmt.Sprintf("restored %s from %s (schema version %d)\n", res.Database, res.From, res.SchemaVersion)
	if res.SafetyCopy != "" {
		text += fmt.Sprintf("the database as it was before is kept in %s\n", res.SafetyCopy)
	}
	return printOut(env, inv.JSON, res, text, true)
}

func restoreError(err error) error {
	var newer *db.BackupNewerError
	var inUse *db.InUseError
	switch {
	case errors.As(err, &newer):
		return apperr.Wrap(apperr.Invalid, err, "%s", err.Error())
	case errors.As(err, &inUse):
		return apperr.Wrap(apperr.Conflict, err, "%s", err.Error())
	}
	return err
}
