//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package catalog

import (
	"errors"
	"os"
	"strings"
	"syscall"
)

// heldLock is a flock on the lock file: the kernel drops it when the process
// ends, killed or not, so a crashed sync never blocks the next one.
type heldLock struct{ f *os.File }

// tryLock takes the lock at path without waiting: nil when another holds it.
func tryLock(path string) (*heldLock, error) {
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
	return &heldLock{f: f}, nil
}

// describe records what the holder syncs, for those who wait.
func (l *heldLock) describe(what string) {
	_ = l.f.Truncate(0)
	_, _ = l.f.WriteAt([]byte(what), 0)
}

// release empties the file, then lets go (closing drops the flock).
func (l *heldLock) release() {
	_ = l.f.Truncate(0)
	l.f.Close()
}

// holderOf is what the holder of the lock at path said it syncs.
func holderOf(path string) string {
	b, _ := os.ReadFile(path)
	return strings.TrimSpace(string(b))
}
