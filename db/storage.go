package db

import (
	"errors"
	"io/fs"
	"syscall"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Refusal is why the storage under a database refuses a write.
type Refusal string

const (
	RefusedReadOnly Refusal = "read-only" // the file, its directory or the file system
	RefusedFull     Refusal = "full"      // no space (or quota) left on the disk
)

// MinFreeBytes is the free space below which doctor warns: a sync or a
// migration writes a WAL and a copy of the pages it changes.
const MinFreeBytes = 8 << 20

// WriteRefused reports whether err is the storage refusing a write (rather
// than a bug or a damaged file), and why. It knows both the operating
// system's errors and SQLite's result codes.
func WriteRefused(err error) (Refusal, bool) {
	switch {
	case err == nil:
		return "", false
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return RefusedFull, true
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return RefusedReadOnly, true
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CANTOPEN {
		return RefusedReadOnly, true // at open: the -wal or -shm cannot be created beside the file
	}
	return SQLiteRefused(err)
}

// SQLiteRefused is WriteRefused for SQLite's result codes only: what a
// query on an opened database reports. Unlike an EACCES from opening some
// other file (a feed, say), these always concern the database.
func SQLiteRefused(err error) (Refusal, bool) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return "", false
	}
	switch se.Code() & 0xff { // the primary result code
	case sqlite3.SQLITE_READONLY:
		return RefusedReadOnly, true
	case sqlite3.SQLITE_FULL:
		return RefusedFull, true
	case sqlite3.SQLITE_IOERR:
		if se.Code() == sqlite3.SQLITE_IOERR_WRITE || se.Code() == sqlite3.SQLITE_IOERR_FSYNC ||
			se.Code() == sqlite3.SQLITE_IOERR_TRUNCATE || se.Code() == sqlite3.SQLITE_IOERR_SHMSIZE {
			return RefusedFull, true // what a write on a full disk reports
		}
	}
	return "", false
}
