package system

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"marketdesk/app/vault"
	"marketdesk/db"
)

// Check is one line of doctor beyond the basics: what was found and, when it
// is a problem, the fix.
type Check struct {
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// StorageReport is what doctor finds about the database file and its disk.
type StorageReport struct {
	Integrity Check  `json:"integrity"` // SQLite's quick_check
	Disk      Check  `json:"disk"`      // free space of the data directory's file system
	Writable  Check  `json:"writable"`  // the file, its -wal/-shm and the directory
	FreeBytes uint64 `json:"freeBytes"`
}

// Doctor is Inspect plus the checks that read the whole file or ask the
// file system: integrity, free space and write access. It changes nothing.
func Doctor(ctx context.Context, dataDir string, keychain *vault.Vault) Report {
	r := Inspect(ctx, dataDir, keychain)
	path := r.Database.Path
	st := StorageReport{Integrity: Check{OK: true, Detail: "not created yet"}}
	if r.Database.Exists {
		st.Integrity = integrity(ctx, path)
	}
	st.Disk, st.FreeBytes = diskSpace(dataDir)
	st.Writable = writable(dataDir, path)
	r.Storage = &st
	return r
}

func integrity(ctx context.Context, path string) Check {
	problems := db.CheckFile(ctx, path, 5)
	if len(problems) == 0 {
		return Check{OK: true, Detail: "quick_check ok"}
	}
	fix := "restore a backup made with `marketdesk backup FILE`: marketdesk restore FILE " +
		"(no automatic backup in " + filepath.Join(filepath.Dir(path), db.BackupDir) + ")"
	if newest := db.NewestBackup(path); newest != "" {
		fix = "restore the newest backup: marketdesk restore " + newest
	}
	return Check{Detail: "damaged: " + strings.Join(problems, "; "),
		Fix: fix + " (close Marketdesk first; the damaged file is kept in backups/)"}
}

func diskSpace(dataDir string) (Check, uint64) {
	free, err := db.FreeBytes(dataDir)
	if err != nil {
		return Check{OK: true, Detail: "free space not measured: " + err.Error()}, 0
	}
	detail := fmt.Sprintf("%s free on the data directory's disk", mib(free))
	if free < db.MinFreeBytes {
		return Check{Detail: detail + fmt.Sprintf(" (at least %s needed to write)", mib(db.MinFreeBytes)),
			Fix: "free space on the disk that holds " + dataDir + ", or move the data directory (--data-dir) to a disk with room; searches still work meanwhile"}, free
	}
	return Check{OK: true, Detail: detail}, free
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// writable asks for write access to the directory and the files SQLite
// writes: without it the database opens read-only.
func writable(dataDir, path string) Check {
	var refused []string
	for _, p := range []string{dataDir, path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err != nil {
			continue // created when needed
		}
		if err := db.Writable(p); err != nil {
			refused = append(refused, fmt.Sprintf("%s (%v)", p, errors.Unwrap(err)))
		}
	}
	if len(refused) == 0 {
		return Check{OK: true, Detail: "the data directory and database are writable"}
	}
	return Check{Detail: "read-only: " + strings.Join(refused, ", ") + "; searches work, changes are refused",
		Fix: "make them writable for you: chmod u+w on each (a read-only file system: remount it read-write, " +
			"or copy the data directory to a writable disk and pass --data-dir)"}
}
