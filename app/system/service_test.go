package system

import (
	"context"
	"errors"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/settings"
	"marketdesk/app/vault"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

type downKeyring struct{}

func (downKeyring) Set(string, string, string) error   { return errors.New("no bus") }
func (downKeyring) Get(string, string) (string, error) { return "", errors.New("no bus") }
func (downKeyring) Delete(string, string) error        { return errors.New("no bus") }

func TestAboutReportsTheOpenedDataDirectory(t *testing.T) {
	d := testdb.New(t)
	prefs := settings.New(d, func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC) })
	if err := prefs.RecordFirstRun(context.Background()); err != nil {
		t.Fatal(err)
	}
	keychain := vault.NewWith("marketdesk-test", downKeyring{}, time.Second)
	svc := NewService("/data/dir", d, prefs, keychain)

	about, err := svc.About()
	if err != nil {
		t.Fatal(err)
	}
	if about.DataDir != "/data/dir" || about.SupportedSchemaVersion != db.LatestVersion() {
		t.Fatalf("about = %+v", about)
	}
	if about.FirstRunAt != "2026-11-29T09:00:00Z" {
		t.Fatalf("first run = %q", about.FirstRunAt)
	}
	if about.Keychain.Reachable || about.Keychain.Fix == "" {
		t.Fatalf("a failing keychain must be reported with its fix: %+v", about.Keychain)
	}
	if svc.StartupProblem() != "" {
		t.Fatal("an opened data directory has no startup problem")
	}
}

func TestFailedServiceExplainsAndRefuses(t *testing.T) {
	problem := &db.NewerSchemaError{Path: "/x/marketdesk.db", Found: 9, Supported: 1}
	svc := NewFailedService("/x", vault.NewWith("t", downKeyring{}, time.Second), problem)
	if got := svc.StartupProblem(); got != problem.Error() {
		t.Fatalf("StartupProblem = %q", got)
	}
	if _, err := svc.About(); apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("About on a failed start = %v, want unavailable", err)
	}
}
