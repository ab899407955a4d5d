// Package filelock is a lock between processes on one data directory (the
// catalog's sync, the organization sign-in's refresh): a file beside the
// database. On unix it is a flock, which the kernel drops when the process
// ends, killed or not, so a crash never blocks the next holder; elsewhere it
// keeps the holders of one process apart.
package filelock

import (
	"context"
	"errors"
	"time"
)

// ErrTimedOut is Wait's answer when the lock stayed held for the whole wait.
var ErrTimedOut = errors.New("the lock stayed held")

// Wait takes the lock at path, trying every poll for up to wait. It fails
// with ErrTimedOut, ctx's error, or the error of the lock file itself.
func Wait(ctx context.Context, path string, wait, poll time.Duration) (*Lock, error) {
	deadline := time.Now().Add(wait)
	for {
		l, err := Try(path)
		if err != nil || l != nil {
			return l, err
		}
		if time.Now().After(deadline) {
			return nil, ErrTimedOut
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
}
