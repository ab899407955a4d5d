package catalog

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/filelock"
)

// One sync at a time per data directory, across processes: a second
// `catalog sync` (or add, or the app's background sync) would otherwise queue
// on SQLite's write lock behind a sync that may take minutes, and fail with a
// bare "database is locked". It waits on this lock instead, and says plainly
// what it waits for when it gives up.

// SyncLockFile is the lock file in the data directory; it holds what the
// running sync is syncing, for the message of the one that waits.
const SyncLockFile = "catalog-sync.lock"

// syncLockWait is how long a sync waits for the running one.
const syncLockWait = 5 * time.Minute

// syncLockPoll is how often a waiting sync tries the lock again.
const syncLockPoll = 50 * time.Millisecond

// syncLockPath is the lock file beside the database.
func (s *Syncer) syncLockPath() string {
	return filepath.Join(filepath.Dir(s.db.Path), SyncLockFile)
}

// lockSync takes the data directory's sync lock for a sync of what, waiting
// up to s.lockWait for a running sync to end. The caller releases it.
func (s *Syncer) lockSync(ctx context.Context, what string) (*filelock.Lock, error) {
	path := s.syncLockPath()
	wait := s.lockWait
	if wait == 0 {
		wait = syncLockWait
	}
	held, err := filelock.Wait(ctx, path, wait, syncLockPoll)
	switch {
	case errors.Is(err, filelock.ErrTimedOut):
		return nil, alreadyRunning(path, nil)
	case ctx.Err() != nil && err == ctx.Err():
		return nil, alreadyRunning(path, err)
	case err != nil:
		return nil, apperr.Wrap(apperr.Unavailable, err, "cannot take the sync lock %s: %s", path, err.Error())
	}
	held.Describe(what)
	return held, nil
}

// alreadyRunning is the answer of a sync that gave up waiting.
func alreadyRunning(path string, cause error) error {
	running := filelock.Holder(path)
	if running == "" {
		running = "the catalog"
	}
	return apperr.Wrap(apperr.Conflict, cause, "a sync of %s is already running; try again when it finishes", running)
}
