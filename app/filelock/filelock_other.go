//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package filelock

import "sync"

// Without flock the lock only keeps the holders of one process apart.
var inProcess = struct {
	sync.Mutex
	holder map[string]string // lock path -> what its holder does
}{holder: map[string]string{}}

// Lock is a held in-process lock.
type Lock struct{ path string }

// Try takes the lock at path without waiting: nil when another holds it.
func Try(path string) (*Lock, error) {
	inProcess.Lock()
	defer inProcess.Unlock()
	if _, taken := inProcess.holder[path]; taken {
		return nil, nil
	}
	inProcess.holder[path] = ""
	return &Lock{path: path}, nil
}

// Describe records what the holder does, for those who wait (Holder).
func (l *Lock) Describe(what string) {
	inProcess.Lock()
	inProcess.holder[l.path] = what
	inProcess.Unlock()
}

// Release lets go.
func (l *Lock) Release() {
	inProcess.Lock()
	delete(inProcess.holder, l.path)
	inProcess.Unlock()
}

// Holder is what the holder of the lock at path said it does.
func Holder(path string) string {
	inProcess.Lock()
	defer inProcess.Unlock()
	return inProcess.holder[path]
}
