//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package org

import (
	"errors"
	"os"
	"syscall"
)

// fileLock is a flock: the kernel drops it when the process ends, so a
// desktop killed mid-refresh never blocks the CLI's next refresh.
type fileLock struct{ f *os.File }

// tryLock takes the lock at path without waiting: nil when another holds it.
func tryLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, nil
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &fileLock{f: f}, nil
}

func (l *fileLock) release() { l.f.Close() }
