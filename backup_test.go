package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

// Issue 10, acceptance 3 and 4: doctor finds a damaged file, a full disk and
// a read-only file or directory, and names the fix; searches still answer;
// backup and restore carry the account, approvals and installations (whose
// tokens stay in the keychain); a newer backup is refused, the file unchanged.

// catalogDataDir makes a data directory with an account and the embedded
// catalog, and returns it with the id and name of one user app.
func catalogDataDir(t *testing.T) (dir, appID, appName string) {
	t.Helper()
	dir = t.TempDir()
	if r := marketdesk(t, nil, "init", "--data-dir", dir, "--account", "Acme", "--name", "Olive", "--email", "olive@acme.example"); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	if r := marketdesk(t, nil, "catalog", "sync", "--data-dir", dir); r.code != 0 {
		t.Fatalf("catalog sync: %+v", r)
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, db.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.QueryRow("SELECT id, name FROM listings WHERE type = 'user' ORDER BY id LIMIT 1").Scan(&appID, &appName); err != nil {
		t.Fatal(err)
	}
	return dir, appID, appName
}

// marketdeskMounted runs the CLI as marketdesk() does, in its own mount
// namespace after setup (see testdb.Mounted).
func marketdeskMounted(t *testing.T, setup []string, args ...string) result {
	t.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "MARKETDESK_AS_CLI="+string(raw))
	cmd = testdb.Mounted(t, cmd, setup...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errOut.String(), code}
}

// damagePages overwrites the pages after the first (the header stays, so
// the schema version still reads) with a pattern no page has.
func damagePages(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5}, int(info.Size())-4096), 4096); err != nil {
		t.Fatal(err)
	}
}

func TestDoctorNamesTheRestoreOfADamagedDatabaseAndTheRestoreWorks(t *testing.T) {
	dir, appID, _ := catalogDataDir(t)
	backup := filepath.Join(t.TempDir(), "acme.db")
	if r := marketdesk(t, nil, "backup", backup, "--data-dir", dir); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	if r := marketdesk(t, nil, "doctor", "--data-dir", dir); !strings.Contains(r.stdout, "ok   integrity  quick_check ok") {
		t.Fatalf("doctor on a sound database: %+v", r)
	}
	// A restore keeps the database it replaces in backups/: doctor names that one.
	if r := marketdesk(t, nil, "restore", backup, "--data-dir", dir); r.code != 0 {
		t.Fatalf("restore: %+v", r)
	}
	damagePages(t, filepath.Join(dir, db.FileName))

	r := marketdesk(t, nil, "doctor", "--data-dir", dir)
	fix := regexp.MustCompile(`Fix: restore the newest backup: marketdesk restore (\S+)`).FindStringSubmatch(r.stdout)
	if r.code != 1 || !strings.Contains(r.stdout, "FAIL integrity  damaged") || fix == nil {
		t.Fatalf("doctor on a damaged database must fail integrity and name the restore:\n%s", r.stdout)
	}
	if !strings.HasPrefix(fix[1], filepath.Join(dir, db.BackupDir)+string(filepath.Separator)) {
		t.Fatalf("the named backup %s is not in the data directory's backups", fix[1])
	}
	// The damaged file is kept too (its bytes, when it cannot be copied by SQLite).
	if r := marketdesk(t, nil, "restore", fix[1], "--data-dir", dir); r.code != 0 || !strings.Contains(r.stdout, "as it was before is kept in") {
		t.Fatalf("the restore doctor named: %+v", r)
	}
	if r := marketdesk(t, nil, "doctor", "--data-dir", dir); !strings.Contains(r.stdout, "ok   integrity  quick_check ok") {
		t.Fatalf("doctor after following its fix: %s", r.stdout)
	}
	if r := marketdesk(t, nil, "apps", "show", appID, "--data-dir", dir); r.code != 0 {
		t.Fatalf("apps show after the restore: %+v", r)
	}
}

func TestReadOnlyAndFullDisksFailDoctorAndStillAnswerSearches(t *testing.T) {
	cases := []struct {
		name, failLine, fix string
		setup               func(dir string) string
	}{
		{"read-only directory", "FAIL writable   read-only: ", "chmod u+w", testdb.ReadOnly},
		{"read-only file", "FAIL writable   read-only: ", "chmod u+w", func(dir string) string {
			return testdb.ReadOnly(filepath.Join(dir, db.FileName))
		}},
		{"full disk", "FAIL disk       0.0 MiB free", "free space on the disk", func(dir string) string {
			return testdb.FullDisk(dir, t.TempDir(), 4096)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir, appID, appName := catalogDataDir(t)
			setup := []string{tc.setup(dir)}
			r := marketdeskMounted(t, setup, "doctor", "--data-dir", dir)
			if r.code != 1 || !strings.Contains(r.stdout, tc.failLine) || !strings.Contains(r.stdout, "Fix: ") || !strings.Contains(r.stdout, tc.fix) {
				t.Fatalf("doctor: want %q with the fix %q:\n%s%s", tc.failLine, tc.fix, r.stdout, r.stderr)
			}
			r = marketdeskMounted(t, setup, "apps", "search", appName, "--data-dir", dir)
			if r.code != 0 || !strings.Contains(r.stdout, appID) {
				t.Fatalf("search must answer: %+v", r)
			}
			if tc.name != "full disk" && !strings.Contains(r.stderr, "opened read-only") {
				t.Fatalf("search must say the database is read-only: %+v", r)
			}
			// Refused in words, whether the open already fell back to reading
			// ("read-only for now") or the write itself found the disk full.
			r = marketdeskMounted(t, setup, "approvals", "grant", appID, "--data-dir", dir)
			if r.code != 1 || !strings.Contains(r.stderr, "nothing was changed") || !strings.Contains(r.stderr, "marketdesk doctor") ||
				strings.HasPrefix(r.stderr, "marketdesk: attempt to write") {
				t.Fatalf("a change must be refused plainly: %+v", r)
			}
		})
	}
}

func TestBackupAndRestoreKeepAccountApprovalsAndInstallations(t *testing.T) {
	vaulttest.Real(t) // `token` needs the Secret Service of make test
	dir, appID, _ := catalogDataDir(t)
	if r := marketdesk(t, nil, "approvals", "grant", appID, "--data-dir", dir); r.code != 0 {
		t.Fatalf("grant: %+v", r)
	}
	ctx := context.Background()
	ins, err := openInstaller(ctx, dir, vault.New(), newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	me, _ := ins.Accounts.Current(ctx)
	p, err := ins.Installer.Prepare(ctx, me, appID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ins.Installer.Authorize(ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil); err != nil {
		t.Fatal(err)
	}
	ins.Close()

	backup := filepath.Join(t.TempDir(), "acme.db")
	if r := marketdesk(t, nil, "backup", backup, "--data-dir", dir); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	if info, err := os.Stat(backup); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the backup must be private (0600): %v %v", info, err)
	}
	// After the backup the approval is withdrawn: the restore brings it back.
	if r := marketdesk(t, nil, "approvals", "revoke", appID, "--data-dir", dir); r.code != 0 {
		t.Fatalf("revoke: %+v", r)
	}
	r := marketdesk(t, nil, "restore", backup, "--data-dir", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "kept in "+filepath.Join(dir, db.BackupDir)) {
		t.Fatalf("restore: %+v", r)
	}
	if r := marketdesk(t, nil, "users", "list", "--data-dir", dir); r.code != 0 || !strings.Contains(r.stdout, "olive@acme.example") {
		t.Fatalf("the account after restore: %+v", r)
	}
	if r := marketdesk(t, nil, "approvals", "list", "--state", "account", "--data-dir", dir); r.code != 0 || !strings.Contains(r.stdout, appID) {
		t.Fatalf("the approval after restore: %+v", r)
	}
	if r := marketdesk(t, nil, "installed", "list", "--data-dir", dir); r.code != 0 || !strings.Contains(r.stdout, appID) {
		t.Fatalf("the installation after restore: %+v", r)
	}
	var tok struct{ AccessToken string }
	r = marketdesk(t, nil, "token", appID, "--json", "--data-dir", dir)
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &tok) != nil || tok.AccessToken == "" {
		t.Fatalf("the token from the keychain after restore: %+v", r)
	}
}

func TestRestoreRefusesANewerBackupAndLeavesTheDatabase(t *testing.T) {
	dir, _, _ := catalogDataDir(t)
	newer := filepath.Join(t.TempDir(), "newer.db")
	if r := marketdesk(t, nil, "backup", newer, "--data-dir", dir); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	raw, err := sql.Open("sqlite", "file:"+newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	path := filepath.Join(dir, db.FileName)
	before, _ := os.ReadFile(path)

	r := marketdesk(t, nil, "restore", newer, "--data-dir", dir, "--json")
	if r.code != 1 || !strings.Contains(r.stderr, `"invalid_input"`) || !strings.Contains(r.stderr, "schema version 99") ||
		!strings.Contains(r.stderr, "left unchanged") {
		t.Fatalf("restore of a newer backup: %+v", r)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the refused restore changed the database file")
	}
	if _, err := os.Stat(filepath.Join(dir, db.BackupDir)); !os.IsNotExist(err) {
		t.Fatalf("a refused restore wrote a safety copy: %v", err)
	}
}
