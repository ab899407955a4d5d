//go:build unix

package db

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// FreeBytes is the space an unprivileged writer may still use on the file
// system holding dir.
func FreeBytes(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// Writable returns nil when this process may write path (a file or a
// directory), else why not (EROFS, EACCES). It asks the kernel rather than
// reading mode bits: those say nothing about read-only mounts or root.
func Writable(path string) error {
	if err := unix.Access(path, unix.W_OK); err != nil {
		return &os.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}

// shmLiveByte is where every open SQLite connection of a WAL database holds a
// shared lock in the -shm file (the "DMS" byte: 120 + 8), for as long as it
// stays open.
const shmLiveByte = 128

// InUse reports whether another process has the database at path open: a
// connection holds a shared lock on the -shm file while it is open, and on
// the database file's lock bytes during a transaction.
func InUse(path string) (bool, error) {
	for _, probe := range []struct {
		file       string
		start, len int64
	}{{path + "-shm", shmLiveByte, 1}, {path, 0x40000000, 512 + 2}} { // SQLite's PENDING, RESERVED and SHARED bytes
		busy, err := locked(probe.file, probe.start, probe.len)
		if busy || err != nil {
			return busy, err
		}
	}
	return false, nil
}

func locked(file string, start, length int64) (bool, error) {
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: start, Len: length}
	if err := unix.FcntlFlock(f.Fd(), unix.F_GETLK, &lk); err != nil {
		return false, fmt.Errorf("check whether %s is open elsewhere: %w", file, err)
	}
	return lk.Type != unix.F_UNLCK, nil
}
