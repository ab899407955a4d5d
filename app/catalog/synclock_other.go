//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package catalog

import "sync"

// Without flock the lock only keeps syncs of one process apart; SQLite's busy
// timeout still protects the file from two processes.
var inProcessLocks = struct {
	sync.Mutex
	holder map[string]string // lock path -> what its holder syncs
}{holder: map[string]string{}}

type heldLock struct{ path string }

func tryLock(path string) (*heldLock, error) {
	inProcessLocks.Lock()
	defer inProcessLocks.Unlock()
	if _, taken := inProcessLocks.holder[path]; taken {
		return nil, nil
	}
	inProcessLocks.holder[path] = ""
	return &heldLock{path: path}, nil
}

func (l *heldLock) describe(what string) {
	inProcessLocks.Lock()
	inProcessLocks.holder[l.path] = what
	inProcessLocks.Unlock()
}

func (l *heldLock) release() {
	inProcessLocks.Lock()
	delete(inProcessLocks.holder, l.path)
	inProcessLocks.Unlock()
}

func holderOf(path string) string {
	inProcessLocks.Lock()
	defer inProcessLocks.Unlock()
	return inProcessLocks.holder[path]
}
