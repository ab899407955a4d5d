package orgdesk_test

// The real organization server (sign-in, policy routes, event stream)
// federated to server/devidp on loopback, and a browser that signs in: the
// same parts as app/org's tests, trimmed to what the window's service needs.

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

type orgServer struct {
	url   string
	db    *serverdb.DB
	srv   *httptest.Server
	clock *clock
}

// clock is the server's clock; tests move it on to expire access tokens.
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

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func startOrg(t *testing.T) *orgServer {
	t.Helper()
	server := httptest.NewUnstartedServer(nil)
	t.Cleanup(server.Close)
	serverURL := "http://" + server.Listener.Addr().String()
	idp := httptest.NewUnstartedServer(nil)
	t.Cleanup(idp.Close)
	issuer := "http://" + idp.Listener.Addr().String()
	p, err := devidp.New(devidp.Config{Issuer: issuer, Logger: quiet(), Directory: devidp.Directory{
		Users:   []devidp.User{{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"}},
		Clients: []devidp.Client{{ID: "marketdesk-server", Secret: "server-secret", RedirectURIs: []string{serverURL + auth.CallbackPath}}}}})
	if err != nil {
		t.Fatal(err)
	}
	idp.Config.Handler = p
	idp.Start()

	d := pgtest.Migrated(t)
	cfg := config.Defaults().Auth
	cfg.PublicURL, cfg.Issuer, cfg.ClientID, cfg.ClientSecret, cfg.AccountName = serverURL, issuer, "marketdesk-server", "server-secret", "Example Org"
	pub := events.Store{}
	clk := &clock{t: time.Now()}
	signIn := auth.New(auth.Options{Config: cfg, DB: d, Logger: quiet(), Events: pub, Now: clk.Now})
	hubCtx, stopHub := context.WithCancel(context.Background())
	// Short stream lifetime: the server ends streams often (as a restart
	// would), so a stopped server shows within a second.
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
	return &orgServer{url: serverURL, db: d, srv: server, clock: clk}
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

// browser does the system browser's part of a sign-in: devidp's login
// form, then the redirects back to the desktop's loopback listener. With
// hold set it opens nothing, as a person who never signs in.
type browser struct {
	user, password string
	hold           bool
	opened         chan string
}

var hiddenField = regexp.MustCompile(`name="([A-Za-z_]+)" value="([^"]*)"`)

func (b *browser) Open(start string) error {
	b.opened <- start
	if b.hold {
		return nil
	}
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
	resp, err = client.PostForm(page.Scheme+"://"+page.Host+page.Path, url.Values{"authRequestID": {fields["authRequestID"]},
		"csrf_token": {fields["csrf_token"]}, "username": {b.user}, "password": {b.password}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
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
