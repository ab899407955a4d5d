package org_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/org"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db/testdb"
	"marketdesk/server/api"
	"marketdesk/server/auth"
	"marketdesk/server/config"
	serverdb "marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
	"marketdesk/server/devidp"
	"marketdesk/server/events"
	"marketdesk/server/policy"
)

// clock is the organization server's clock; tests move it forward to
// expire access tokens.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// orgServer is the real organization server (sign-in, the API's policy
// routes, the event stream) federated to server/devidp, all on loopback.
type orgServer struct {
	url   string
	db    *serverdb.DB
	clock *clock
	srv   *httptest.Server
}

var people = []devidp.User{
	{Subject: "olga", Email: "olga@example.org", Name: "Olga Owner", Groups: []string{"marketdesk-owners"}, Password: "olga-pw"},
	{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"},
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func startOrg(t *testing.T) *orgServer {
	t.Helper()
	server := httptest.NewUnstartedServer(nil)
	t.Cleanup(server.Close)
	return startOrgAt(t, server, "http://"+server.Listener.Addr().String())
}

// startOrgAt starts the server on server, reached by desktops (and the
// provider's redirects) at serverURL, which may be a proxy in front of it.
func startOrgAt(t *testing.T, server *httptest.Server, serverURL string) *orgServer {
	t.Helper()
	idp := httptest.NewUnstartedServer(nil)
	t.Cleanup(idp.Close)
	issuer := "http://" + idp.Listener.Addr().String()
	p, err := devidp.New(devidp.Config{Issuer: issuer, Logger: quiet(), Directory: devidp.Directory{Users: people,
		Clients: []devidp.Client{{ID: "marketdesk-server", Secret: "server-secret", RedirectURIs: []string{serverURL + auth.CallbackPath}}}}})
	if err != nil {
		t.Fatal(err)
	}
	idp.Config.Handler = p
	idp.Start()

	d := pgtest.Migrated(t)
	cfg := config.Defaults().Auth
	cfg.PublicURL, cfg.Issuer, cfg.ClientID, cfg.ClientSecret, cfg.AccountName = serverURL, issuer, "marketdesk-server", "server-secret", "Example Org"
	clk := &clock{t: time.Now()}
	pub := events.Store{}
	signIn := auth.New(auth.Options{Config: cfg, DB: d, Logger: quiet(), Events: pub, Now: clk.Now})
	hubCtx, stopHub := context.WithCancel(context.Background())
	// Short stream lifetime: the server closes streams often, and the
	// desktop must resume each time without losing an event.
	hub := events.NewHub(d.Pool, events.Options{Logger: quiet(), Heartbeat: 100 * time.Millisecond, MaxLifetime: 700 * time.Millisecond})
	if err := hub.Start(hubCtx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopHub(); hub.Wait() })
	routes := append(signIn.Routes(), policy.Routes(d, pub, policy.Options{Logger: quiet()})...)
	routes = append(routes, events.Routes(hub)...)
	server.Config.Handler = api.New(api.Options{Logger: quiet(), DB: d, Version: "test", SchemaVersion: serverdb.LatestVersion(),
		Verifier: signIn.Verifier(), Routes: routes})
	server.Start()
	return &orgServer{url: serverURL, db: d, clock: clk, srv: server}
}

// publish records an event for the whole account, as a route would.
func (o *orgServer) publish(t *testing.T, kind events.Kind, data any) {
	t.Helper()
	raw, _ := json.Marshal(data)
	err := o.db.InTxWith(context.Background(), func(tx pgx.Tx, q *store.Queries) error {
		var account int64
		if err := tx.QueryRow(context.Background(), "SELECT id FROM accounts LIMIT 1").Scan(&account); err != nil {
			return err
		}
		return events.Store{}.Publish(context.Background(), tx, events.Event{Kind: kind, AccountID: account, Data: raw})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// browser does the system browser's part of a sign-in: it follows the
// redirects to the provider, submits devidp's login form (with its CSRF
// token and cookie), and follows the redirects back to the desktop's
// loopback listener.
type browser struct {
	t              *testing.T
	user, password string
	opened         []string
}

var hiddenField = regexp.MustCompile(`name="([A-Za-z_]+)" value="([^"]*)"`)

func (b *browser) Open(start string) error {
	b.opened = append(b.opened, start)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := client.Get(start)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fields := map[string]string{}
	for _, m := range hiddenField.FindAllStringSubmatch(string(body), -1) {
		fields[m[1]] = html.UnescapeString(m[2])
	}
	if fields["csrf_token"] == "" {
		return fmt.Errorf("no login form at %s (%d): %.200s", resp.Request.URL, resp.StatusCode, body)
	}
	page := resp.Request.URL
	form := url.Values{"authRequestID": {fields["authRequestID"]}, "csrf_token": {fields["csrf_token"]},
		"username": {b.user}, "password": {b.password}}
	resp, err = client.PostForm(page.Scheme+"://"+page.Host+page.Path, form)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
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

// refresh presents a refresh token at the server as another holder would.
func (o *orgServer) refresh(t *testing.T, token string) int {
	t.Helper()
	resp, err := http.PostForm(o.url+"/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}, "client_id": {org.ClientID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
