package org

import (
	"context"
	"time"

	"marketdesk/app/apperr"
)

// RefreshLockFile, in the data directory, keeps refreshes of the desktop
// app and the CLI on one data directory apart: refresh tokens rotate, so two
// processes refreshing with the same token would look like a stolen token
// to the server, which then ends the sign-in.
const RefreshLockFile = "org-refresh.lock"

const (
	refreshLockWait = 30 * time.Second
	refreshLockPoll = 20 * time.Millisecond
)

func lockRefresh(ctx context.Context, path string) (*fileLock, error) {
	deadline := time.Now().Add(refreshLockWait)
	for {
		l, err := tryLock(path)
		if err != nil {
			return nil, apperr.Wrap(apperr.Unavailable, err, "cannot take the sign-in lock %s: %v", path, err)
		}
		if l != nil {
			return l, nil
		}
		if time.Now().After(deadline) {
			return nil, apperr.New(apperr.Conflict, "another Marketdesk process has been renewing the organization sign-in for %s; try again", refreshLockWait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(refreshLockPoll):
		}
	}
}
