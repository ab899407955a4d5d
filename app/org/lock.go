package org

import (
	"context"
	"errors"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/filelock"
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

func lockRefresh(ctx context.Context, path string) (*filelock.Lock, error) {
	l, err := filelock.Wait(ctx, path, refreshLockWait, refreshLockPoll)
	switch {
	case errors.Is(err, filelock.ErrTimedOut):
		return nil, apperr.New(apperr.Conflict, "another Marketdesk process has been renewing the organization sign-in for %s; try again", refreshLockWait)
	case ctx.Err() != nil && err == ctx.Err():
		return nil, err
	case err != nil:
		return nil, apperr.Wrap(apperr.Unavailable, err, "cannot take the sign-in lock %s: %v", path, err)
	}
	return l, nil
}
