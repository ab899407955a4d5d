//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows

package filelock

import (
	"os"
	"strings"
)

// Lock is a held lock on its file (flock, or LockFileEx on Windows); the
// kernel drops it when the file closes or the process ends.
type Lock struct{ f *os.File }

// Describe records what the holder does, for those who wait (Holder).
func (l *Lock) Describe(what string) {
	_ = l.f.Truncate(0)
	_, _ = l.f.WriteAt([]byte(what), 0)
}

// Holder is what the holder of the lock at path said it does.
func Holder(path string) string {
	b, _ := os.ReadFile(path)
	return strings.TrimSpace(string(b))
}
