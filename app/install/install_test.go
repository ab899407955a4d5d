package install

import (
	"context"
	"encoding/json"
	"errors"
	"marketdesk/app/approval"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/oauthflow"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
)

func (f *fixture) install(t testing.TB, who string, listingID string, b oauthflow.Opener) (Installation, error) {
	t.Helper()
	user := f.m
	if who == "owner" {
		user = f.owner
	}
	p, err := f.installer.Prepare(f.ctx, user, listingID)
	if err != nil {
		return Installation{}, err
	}
	return f.installer.Authorize(f.ctx, p, b, nil)
}

func (f *fixture) statuses(t *testing.T) string {
	t.Helper()
	rows, err := f.db.Reader.Query("SELECT listing_id || ':' || status FROM installations ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

func TestInstallEndToEndAgainstTheSandbox(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	inst, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"})
	if err != nil {
		t.Fatal(err)
	}
	if inst.Status != StatusActive || !strings.Contains(strings.Join(inst.GrantedScopes, " "), "meeting:read") {
		t.Fatalf("installation = %+v", inst)
	}
	tok, err := f.installer.Token(f.ctx, f.m, "notes")
	if err != nil {
		t.Fatal(err)
	}
	// The sandbox's userinfo accepts the token (acceptance 1).
	req, _ := http.NewRequest(http.MethodGet, f.sandbox.Issuer()+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("userinfo with the installation's token: %v %v", err, resp.Status)
	}
	resp.Body.Close()
	list, _ := f.installer.Installed(f.ctx, f.m)
	if len(list) != 1 || list[0].ListingID != "notes" {
		t.Fatalf("Installed = %+v", list)
	}
	if _, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("installing twice: %v", err)
	}
}

func TestNeedsConfigurationAfterConsent(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	inst, err := f.install(t, "member", "board", &sandboxtest.Browser{Decision: "allow"})
	if err != nil || inst.Status != StatusNeedsConfiguration {
		t.Fatalf("install of an app with a form: %+v %v", inst, err)
	}
}

func TestDeclinedLeavesNothing(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	_, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "deny"})
	if !errors.Is(err, oauthflow.ErrDeclined) || !strings.Contains(err.Error(), "you declined; nothing was installed") {
		t.Fatalf("deny: %v", err)
	}
	f.assertNothingLeft(t, "notes:failed")
}

func TestClosedBrowserTimesOutAndLeavesNothing(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	f.installer.timeout = 300 * time.Millisecond
	_, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: ""})
	if !errors.Is(err, oauthflow.ErrTimeout) {
		t.Fatalf("closed browser: %v", err)
	}
	f.assertNothingLeft(t, "notes:failed")
}

func TestCancelLeavesNothing(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	ctx, cancel := context.WithCancel(f.ctx)
	p, err := f.installer.Prepare(ctx, f.m, "notes")
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan string, 1)
	go func() { <-opened; cancel() }()
	_, err = f.installer.Authorize(ctx, p, &sandboxtest.Browser{Opened: opened}, nil)
	if !errors.Is(err, oauthflow.ErrCancelled) {
		t.Fatalf("cancel: %v", err)
	}
	f.assertNothingLeft(t, "notes:failed")
}

// assertNothingLeft: no live installation, no keychain item, no token anywhere.
func (f *fixture) assertNothingLeft(t *testing.T, want string) {
	t.Helper()
	if got := f.statuses(t); got != want {
		t.Fatalf("installations = %s, want %s", got, want)
	}
	var id int64
	f.db.Reader.QueryRow("SELECT max(id) FROM installations").Scan(&id)
	if _, err := f.vault.Get(f.ctx, tokenKey(id)); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("a keychain item remains: %v", err)
	}
	if _, err := f.installer.Token(f.ctx, f.m, "notes"); apperr.CodeOf(err) != apperr.NotFound || !strings.Contains(err.Error(), "not installed") {
		t.Fatalf("token of a failed install: %v", err)
	}
}

func TestPolicyIsEnforcedBeforeTheBrowser(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	opened := make(chan string, 1)
	for _, id := range []string{"archive", "locked"} { // account-level; not approved
		if _, err := f.install(t, "member", id, &sandboxtest.Browser{Opened: opened}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("member installing %s: %v, want forbidden", id, err)
		}
	}
	if len(opened) != 0 {
		t.Fatal("the browser opened for a refused install")
	}
	if got := f.statuses(t); got != "" {
		t.Fatalf("refused installs left rows: %s", got)
	}
	if inst, err := f.install(t, "owner", "archive", &sandboxtest.Browser{Decision: "allow"}); err != nil || inst.Level != "account" {
		t.Fatalf("the owner installs the account-level app: %+v %v", inst, err)
	}
	if list, _ := f.installer.Installed(f.ctx, f.m); len(list) != 1 || list[0].ListingID != "archive" {
		t.Fatalf("members see the account's app as installed: %+v", list)
	}
}

func TestNoKeychainIsRefusedBeforeTheBrowser(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	f.installer.vault = vault.NewWith("x", brokenRing{}, time.Second)
	_, err := f.installer.Prepare(f.ctx, f.m, "notes")
	if apperr.CodeOf(err) != apperr.Unavailable || !strings.Contains(err.Error(), "Fix:") {
		t.Fatalf("no keychain: %v", err)
	}
	if got := f.statuses(t); got != "" {
		t.Fatalf("rows left: %s", got)
	}
}

type brokenRing struct{}

func (brokenRing) Set(string, string, string) error   { return errors.New("no Secret Service") }
func (brokenRing) Get(string, string) (string, error) { return "", errors.New("no Secret Service") }
func (brokenRing) Delete(string, string) error        { return errors.New("no Secret Service") }

func TestUnreachableServerIsAClearErrorBeforeTheBrowser(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	f.installer.resolver = SandboxResolver{Issuer: func() string { return "http://127.0.0.1:1" }}
	_, err := f.installer.Prepare(f.ctx, f.m, "notes")
	if err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Fatalf("unreachable server: %v", err)
	}
}

func TestCrashMidFlowIsCleanedUpOnStart(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	p, err := f.installer.Prepare(f.ctx, f.m, "notes")
	if err != nil {
		t.Fatal(err)
	}
	// A crash after tokens reached the keychain but before the row was finished.
	f.vault.Set(f.ctx, tokenKey(p.InstallationID), `{"a":"orphan"}`)
	f.db.Writer.Exec("UPDATE installations SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ?", p.InstallationID)
	n, err := f.installer.RecoverInterrupted(f.ctx)
	if err != nil || n != 1 {
		t.Fatalf("RecoverInterrupted = %d, %v", n, err)
	}
	f.assertNothingLeft(t, "notes:failed")
}

func TestRefreshRotatesAndSavesAndReconnectWhenRefused(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	inst, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	expired := *before
	expired.Expiry = time.Now().Add(-time.Minute)
	f.installer.tokens.Save(f.ctx, inst.ID, &expired)
	tok, err := f.installer.Token(f.ctx, f.m, "notes")
	if err != nil || tok.AccessToken == before.AccessToken {
		t.Fatalf("refresh: %v (same token: %v)", err, tok.AccessToken == before.AccessToken)
	}
	after, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	if after.RefreshToken == before.RefreshToken || after.RefreshToken == "" {
		t.Fatal("the rotated refresh token was not saved")
	}
	// Revoke the grant at the server: the next refresh is refused.
	form := url.Values{"token": {after.RefreshToken}, "client_id": {"notes"}}
	resp, err := http.PostForm(f.sandbox.Issuer()+"/revoke", form)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("revoke: %v", err)
	}
	resp.Body.Close()
	expired = *after
	expired.Expiry = time.Now().Add(-time.Minute)
	f.installer.tokens.Save(f.ctx, inst.ID, &expired)
	if _, err := f.installer.Token(f.ctx, f.m, "notes"); err == nil || !strings.Contains(err.Error(), "reconnected") {
		t.Fatalf("refused refresh: %v", err)
	}
	if got := f.statuses(t); got != "notes:reconnect_needed" {
		t.Fatalf("status = %s", got)
	}
}

// No token reaches the SQLite file.
func TestNoTokenInTheDatabase(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	inst, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"})
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	f.db.Writer.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(f.db.Path + suffix)
		for _, secret := range []string{tok.AccessToken, tok.RefreshToken} {
			if secret != "" && strings.Contains(string(data), secret) {
				t.Fatalf("a token is in %s%s", f.db.Path, suffix)
			}
		}
	}
	raw, _ := json.Marshal(inst)
	if strings.Contains(string(raw), tok.AccessToken) {
		t.Fatal("a token reaches the UI's installation data")
	}
}

// A manager installs a user-level app nobody pre-approved: their install is
// their approval, with an audit entry naming it. A member is still refused.
func TestManagersInstallWithoutPreapproval(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	if _, err := f.install(t, "member", "locked", &sandboxtest.Browser{Decision: "allow"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member installing an unapproved app: %v, want forbidden", err)
	}
	if _, err := f.install(t, "owner", "locked", &sandboxtest.Browser{Decision: "allow"}); err != nil {
		t.Fatalf("the owner installs an unapproved app: %v", err)
	}
	var n int
	f.db.Reader.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'approval.self_approved' AND target = 'locked' AND actor_email = 'olive@acme.example'`).Scan(&n)
	if n != 1 {
		t.Fatalf("audit entries of the owner's self-approval: %d, want 1", n)
	}
	if _, err := f.install(t, "member", "locked", &sandboxtest.Browser{Decision: "allow"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member after the owner installed it for themselves: %v, want forbidden", err)
	}
}

// A member asks for an account-level app; a manager installs it for the
// account, which approves the request (and tells the member).
func TestInstallingForTheAccountApprovesItsRequests(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	r, err := f.approvals.Ask(f.ctx, f.m, "archive", "the team needs it")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.install(t, "owner", "archive", &sandboxtest.Browser{Decision: "allow"}); err != nil {
		t.Fatal(err)
	}
	news, err := f.approvals.Decisions(f.ctx, f.m)
	if err != nil || len(news) != 1 || news[0].ID != r.ID || news[0].Status != approval.StatusApproved || news[0].DecidedBy != f.owner.ID {
		t.Fatalf("the member's news: %+v %v", news, err)
	}
	if _, err := f.approvals.Ask(f.ctx, f.m, "archive", ""); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("asking for an app installed for the account: %v", err)
	}
}
