package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackupIsAPrivateConsistentCopyBesideAWriter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Writer.Exec("INSERT INTO settings(key, value, updated_at) VALUES ('probe', 'before the backup', 'now')"); err != nil {
		t.Fatal(err)
	}
	if busy, err := InUse(path); err != nil || busy {
		t.Fatalf("InUse from the process that holds it = %v, %v: locks of this process are not another's", busy, err)
	}
	dest := filepath.Join(dir, "copy.db")
	version, err := Backup(ctx, path, dest)
	if err != nil || version != LatestVersion() {
		t.Fatalf("Backup = %d, %v", version, err)
	}
	info, err := os.Stat(dest)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", info, err)
	}
	if _, err := os.Stat(dest + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("the partial file was left: %v", err)
	}
	pool, err := readPool(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var value string
	if err := pool.QueryRow("SELECT value FROM settings WHERE key = 'probe'").Scan(&value); err != nil || value != "before the backup" {
		t.Fatalf("the backup lacks the committed row: %q, %v", value, err)
	}
	if _, err := Backup(ctx, path, dest); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("a second backup over the first = %v, want a refusal", err)
	}
}

func TestAutoBackupKeepsTheNewestThree(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	for i := 0; i < 5; i++ {
		if err := autoBackup(ctx, path, 7); err != nil {
			t.Fatal(err)
		}
	}
	names, err := backupNames(filepath.Join(filepath.Dir(path), BackupDir), "auto-")
	if err != nil || len(names) != keepAutomatic {
		t.Fatalf("automatic backups = %v, %v; want %d", names, err, keepAutomatic)
	}
	if !strings.HasSuffix(names[0], "-schema7.db") || NewestBackup(path) != filepath.Join(filepath.Dir(path), BackupDir, names[2]) {
		t.Fatalf("names %v, newest %q", names, NewestBackup(path))
	}
}

func TestMigrationOfAnOlderDatabaseBacksItUpFirst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	older := LatestVersion() - 1
	writeSchema(t, path, older)
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	newest := NewestBackup(path)
	if want := fmt.Sprintf("-schema%d.db", older); !strings.HasPrefix(filepath.Base(newest), "auto-") || !strings.HasSuffix(newest, want) {
		t.Fatalf("newest backup = %q, want an automatic one ending %s", newest, want)
	}
	if v, _, err := SchemaVersion(ctx, newest); err != nil || v != older {
		t.Fatalf("the automatic backup has schema %d (%v), want the version before the upgrade, %d", v, err, older)
	}
	// A new database has nothing to keep: no backup.
	fresh := filepath.Join(t.TempDir(), FileName)
	if d, err := Open(ctx, fresh); err != nil {
		t.Fatal(err)
	} else {
		d.Close()
	}
	if NewestBackup(fresh) != "" {
		t.Fatal("a new database was backed up")
	}
}

// writeSchema creates a database at path with the migrations up to version.
func writeSchema(t *testing.T, path string, version int) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, m := range migrations() {
		if m.version > version {
			break
		}
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		t.Fatal(err)
	}
}
