package org_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"marketdesk/app/org"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db/testdb"
	serverdb "marketdesk/server/db"
	"marketdesk/server/events"
	"marketdesk/server/servertest"
)

// orgServer is the real organization server (sign-in, the API's policy
// routes, the event stream) federated to server/devidp, all on loopback,
// under the names this package's tests use.
type orgServer struct {
	*servertest.Org
	url   string
	db    *serverdb.DB
	clock *servertest.Clock
	srv   *httptest.Server
}

func startOrg(t *testing.T) *orgServer {
	t.Helper()
	return wrap(servertest.Start(t, servertest.Options{Clock: true, Stream: true}))
}

// startOrgAt starts the server on server, reached by desktops (and the
// provider's redirects) at serverURL, which may be a proxy in front of it.
func startOrgAt(t *testing.T, server *httptest.Server, serverURL string) *orgServer {
	t.Helper()
	return wrap(servertest.Start(t, servertest.Options{Clock: true, Stream: true, Server: server, URL: serverURL}))
}

func wrap(o *servertest.Org) *orgServer {
	return &orgServer{Org: o, url: o.URL, db: o.DB, clock: o.Clock, srv: o.Server}
}

// publish records an event for the whole account, as a route would.
func (o *orgServer) publish(t *testing.T, kind events.Kind, data any) {
	t.Helper()
	o.Publish(t, kind, data)
}

// refresh presents the desktop's refresh token as another holder would.
func (o *orgServer) refresh(t *testing.T, token string) int {
	t.Helper()
	return o.Refresh(t, org.ClientID, token)
}

// browser signs in as servertest.Browser does and remembers the
// addresses it was asked to open.
type browser struct {
	t              *testing.T
	user, password string
	opened         []string
}

func (b *browser) Open(start string) error {
	b.opened = append(b.opened, start)
	return servertest.Browser{User: b.user, Password: b.password}.Open(start)
}

// desktop is one data directory: a real SQLite database and a vault on
// the real keychain, scoped to it.
type desktop struct {
	svc   *org.Service
	vault *vault.Vault
	cfg   org.Config
}

func newDesktop(t *testing.T, b *browser) *desktop {
	t.Helper()
	d := testdb.New(t)
	v, _, err := vaulttest.Real(t).ForDatabase(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	cfg := org.Config{DB: d, Vault: v, Opener: b, SignInTimeout: 20 * time.Second}
	return &desktop{svc: org.New(cfg), vault: v, cfg: cfg}
}

// stored is the sign-in in the keychain.
func (d *desktop) stored(t *testing.T) (access, refresh string) {
	t.Helper()
	raw, err := d.vault.Get(context.Background(), org.SessionItem)
	if err != nil {
		t.Fatalf("keychain: %v", err)
	}
	var s struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	json.Unmarshal([]byte(raw), &s)
	return s.AccessToken, s.RefreshToken
}
