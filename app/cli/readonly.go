package cli

import (
	"errors"

	"marketdesk/app/apperr"
	"marketdesk/db"
)

// storageError turns the database refusing a write (SQLite's READONLY and
// FULL) into a message that says what to do, instead of "attempt to write a
// readonly database". System errors are left as they are: an EACCES may
// concern a feed file, not the database.
func storageError(err error) error {
	var typed *apperr.Error
	if errors.As(err, &typed) {
		return err // already says it in the product's words (a backup's own disk may be the full one)
	}
	switch reason, refused := db.SQLiteRefused(err); {
	case !refused:
		return err
	case reason == db.RefusedFull:
		return apperr.Wrap(apperr.Unavailable, err, "the disk holding the database is full (%v): nothing was changed. "+
			"Free some space on it, then try again; `marketdesk doctor` shows how much is free", err)
	default: // opened read-only: the file, the directory or a full disk refused writes at open
		return apperr.Wrap(apperr.Unavailable, err, "the database is read-only for now (%v): nothing was changed; searches still work. "+
			"`marketdesk doctor` names why (a read-only file, directory or file system, or a full disk) and the fix", err)
	}
}
