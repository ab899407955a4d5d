//go:build windows

package filelock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// Windows locks are mandatory for the bytes they cover, so the lock covers
// one byte far past the end of the file: the holder's description at its
// start stays readable (Holder). lockOffsetHigh puts the locked byte at
// 2^62, beyond any description.
const lockOffsetHigh = 1 << 30

func lockRange() *windows.Overlapped { return &windows.Overlapped{OffsetHigh: lockOffsetHigh} }

// Try takes the lock at path without waiting: nil when another holds it.
func Try(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	flags := uint32(windows.LOCKFILE_EXCLUSIVE_LOCK | windows.LOCKFILE_FAIL_IMMEDIATELY)
	err = windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, lockRange())
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		f.Close()
		return nil, nil
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Release empties the file, then lets go (closing the handle drops the lock;
// so does the process's end, as with flock).
func (l *Lock) Release() {
	_ = l.f.Truncate(0)
	_ = windows.UnlockFileEx(windows.Handle(l.f.Fd()), 0, 1, 0, lockRange())
	l.f.Close()
}
