package org_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/org"
	"marketdesk/app/vault"
)

// A desktop connects through the system browser (PKCE, loopback redirect,
// devidp's login form): status shows who it is and the role, and the
// tokens are in the keychain, scoped to the data directory.
func TestConnectShowsIdentityAndRole(t *testing.T) {
	o := startOrg(t)
	b := &browser{t: t, user: "olga", password: "olga-pw"}
	d := newDesktop(t, b)
	var waited string
	me, err := d.svc.Connect(context.Background(), o.url+"/", org.ConnectOptions{Waiting: func(u string) { waited = u }})
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	if me.User.Email != "olga@example.org" || me.User.Role != "owner" || me.Account.Name != "Example Org" {
		t.Errorf("me = %+v", me)
	}
	if len(b.opened) != 1 || b.opened[0] != waited || !strings.HasPrefix(waited, o.url+"/oauth/authorize?") || !strings.Contains(waited, "code_challenge_method=S256") {
		t.Errorf("opened %v, waiting told %q", b.opened, waited)
	}
	st, err := d.svc.Status(context.Background())
	if err != nil || st.State != org.StateConnected || st.Server != o.url || st.Me == nil || st.Me.User.Role != "owner" {
		t.Fatalf("status = %+v, %v", st, err)
	}
	if access, refresh := d.stored(t); !strings.HasPrefix(access, "mda_") || !strings.HasPrefix(refresh, "mdr_") {
		t.Errorf("keychain holds %q / %q", access, refresh)
	}
	if d.vault.Scope() == "" {
		t.Error("the vault is not scoped to the data directory")
	}
	// A second organization is refused while connected.
	if _, err := d.svc.Connect(context.Background(), "https://other.example.org", org.ConnectOptions{}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second organization: %v", err)
	}
}

// The access token expires at the server: the next call gets a 401, the
// client renews the token once and succeeds, and the rotated refresh
// token is in the keychain. Later, the client renews ahead of expiry by
// its own clock.
func TestExpiredAccessTokenIsRenewedAndRotationSaved(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	access1, refresh1 := d.stored(t)
	o.clock.Advance(11 * time.Minute) // the server's clock: the access token is dead there
	st, err := d.svc.Status(context.Background())
	if err != nil || st.State != org.StateConnected {
		t.Fatalf("status after expiry = %+v, %v", st, err)
	}
	access2, refresh2 := d.stored(t)
	if access2 == access1 || refresh2 == refresh1 {
		t.Fatal("the renewed tokens were not saved to the keychain")
	}
	if status := o.refresh(t, refresh1); status != http.StatusBadRequest {
		t.Errorf("the spent refresh token answered %d, want 400", status)
	}
	// That replay revoked the whole sign-in (two holders of one token):
	// the desktop now hears "sign in again", typed.
	o.clock.Advance(11 * time.Minute)
	c, _ := d.svc.Client(context.Background())
	_, err = c.AccessToken(context.Background())
	if err == nil {
		if err = getMe(c); err == nil {
			t.Fatal("a revoked sign-in still works")
		}
	}
	if !org.IsSignedOut(err) || apperr.CodeOf(err) != org.SignedOut || !strings.Contains(err.Error(), "sign in to Example Org again") {
		t.Fatalf("revoked sign-in: %v (code %s)", err, apperr.CodeOf(err))
	}
	if _, err := d.vault.Get(context.Background(), org.SessionItem); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the refused sign-in is still in the keychain: %v", err)
	}
	if st, _ := d.svc.Status(context.Background()); st.State != org.StateSignedOut || st.Me == nil {
		t.Errorf("status = %+v", st)
	}
	// Signing in again to the same server works and clears the state.
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.svc.Status(context.Background()); st.State != org.StateConnected {
		t.Errorf("after signing in again: %+v", st)
	}
	// Signing in once more while signed in ends the previous sign-in.
	_, before := d.stored(t)
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	if status := o.refresh(t, before); status != http.StatusBadRequest {
		t.Errorf("the replaced sign-in's refresh token answered %d, want 400 (revoked)", status)
	}
}

func getMe(c *org.Client) error {
	var me org.Me
	return c.GetJSON(context.Background(), "/api/v1/me", &me)
}

// A refresh token rotated away by another holder: the server revokes the
// family and the client says "sign in again".
func TestRotatedAwayRefreshTokenMeansSignInAgain(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	_, refresh := d.stored(t)
	if status := o.refresh(t, refresh); status != http.StatusOK { // a thief renews first
		t.Fatalf("thief's refresh: %d", status)
	}
	o.clock.Advance(11 * time.Minute)
	c, _ := d.svc.Client(context.Background())
	if err := getMe(c); !org.IsSignedOut(err) {
		t.Fatalf("after the rotation elsewhere: %v", err)
	}
}

// Two clients on one data directory (the app and the CLI) renew one after
// the other: the second adopts the first's rotated token instead of
// presenting the spent one (which would end the sign-in).
func TestTwoProcessesShareRotation(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	other := org.New(d.cfg) // another process: its own memory, the same keychain and lock file
	o.clock.Advance(11 * time.Minute)
	a, _ := d.svc.Client(context.Background())
	b, _ := other.Client(context.Background())
	if err := getMe(a); err != nil {
		t.Fatal(err)
	}
	if err := getMe(b); err != nil {
		t.Fatalf("the second process: %v", err)
	}
	if err := getMe(a); err != nil {
		t.Fatalf("the first process again: %v", err)
	}
	// Both at once, several requests each, the tokens dead at the server.
	o.clock.Advance(11 * time.Minute)
	errs := make(chan error, 10)
	for i := 0; i < 10; i++ {
		c := a
		if i%2 == 1 {
			c = b
		}
		go func() { errs <- getMe(c) }()
	}
	for i := 0; i < 10; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent renewals: %v", err)
		}
	}
}

// Disconnect revokes the sign-in at the server and removes the keychain
// item and the settings.
func TestDisconnectRevokesAndForgets(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	_, refresh := d.stored(t)
	revoked, err := d.svc.Disconnect(context.Background())
	if err != nil || !revoked {
		t.Fatalf("disconnect: %v, revoked %v", err, revoked)
	}
	if _, err := d.vault.Get(context.Background(), org.SessionItem); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("keychain item left: %v", err)
	}
	if status := o.refresh(t, refresh); status != http.StatusBadRequest {
		t.Errorf("the revoked refresh token answered %d", status)
	}
	if st, _ := d.svc.Status(context.Background()); st.State != org.StateLocal || st.Server != "" {
		t.Errorf("status = %+v", st)
	}
}

// The server stopped: status is offline with the last known identity, and
// a call is a typed Unavailable error.
func TestOfflineKeepsLastKnownState(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	o.srv.Close()
	st, err := d.svc.Status(context.Background())
	if err != nil || st.State != org.StateOffline || st.Me == nil || st.Me.User.Email != "max@example.org" || st.OfflineSince == "" {
		t.Fatalf("status = %+v, %v", st, err)
	}
	o.clock.Advance(11 * time.Minute)
	c, _ := d.svc.Client(context.Background())
	if err := getMe(c); apperr.CodeOf(err) != apperr.Unavailable || !strings.Contains(err.Error(), "not reachable") {
		t.Errorf("offline call: %v", err)
	}
}

// The client renews the access token a minute before it expires by the
// desktop's own clock, without waiting for a 401.
func TestRenewsAheadOfExpiry(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	var offset time.Duration
	cfg := d.cfg
	cfg.Now = func() time.Time { return time.Now().Add(offset) }
	svc := org.New(cfg)
	if _, err := svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	c, _ := svc.Client(context.Background())
	first, err := c.AccessToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	offset = 8 * time.Minute // still valid for two minutes
	if again, _ := c.AccessToken(context.Background()); again != first {
		t.Error("a token valid for two more minutes was renewed")
	}
	offset = 9*time.Minute + 30*time.Second // 30 s left: renew now
	renewed, err := c.AccessToken(context.Background())
	if err != nil || renewed == first {
		t.Fatalf("not renewed ahead of expiry: %v", err)
	}
	if access, _ := d.stored(t); access != renewed {
		t.Error("the renewed token is not the one in the keychain")
	}
}
