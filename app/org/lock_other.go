//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package org

import "sync"

// Without flock the lock keeps the refreshes of one process apart; two
// processes refreshing at once cost at worst a "sign in again".
var held sync.Map

type fileLock struct{ path string }

func tryLock(path string) (*fileLock, error) {
	if _, taken := held.LoadOrStore(path, true); taken {
		return nil, nil
	}
	return &fileLock{path: path}, nil
}

func (l *fileLock) release() { held.Delete(l.path) }
