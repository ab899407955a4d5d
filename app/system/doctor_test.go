package system

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marketdesk/app/vault"
	"marketdesk/db"
)

func TestDoctorFindsADamagedDatabaseAndNamesTheNewestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, db.FileName)
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	keychain := vault.NewWith("marketdesk-test", downKeyring{}, time.Second)
	if r := Doctor(ctx, dir, keychain); !r.Storage.Integrity.OK || !r.Storage.Disk.OK || !r.Storage.Writable.OK {
		t.Fatalf("a sound database on a roomy, writable disk: %+v", r.Storage)
	}
	if err := os.Mkdir(filepath.Join(dir, db.BackupDir), 0o700); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, db.BackupDir, "auto-20261201T000000.000Z-schema1.db")
	if _, err := db.Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	f, _ := os.OpenFile(path, os.O_WRONLY, 0)
	f.WriteAt(bytes.Repeat([]byte{0xA5}, int(info.Size())-4096), 4096)
	f.Close()

	r := Doctor(ctx, dir, keychain)
	if r.Storage.Integrity.OK || r.Healthy() {
		t.Fatalf("a damaged database passed: %+v", r.Storage.Integrity)
	}
	if want := "marketdesk restore " + backup; !strings.Contains(r.Storage.Integrity.Fix, want) {
		t.Fatalf("fix = %q, want it to say %q", r.Storage.Integrity.Fix, want)
	}
}
