// Package servertest runs the real organization server in a test: sign-in
// (server/auth) federated to server/devidp, the policy routes and, when
// asked, the event stream and a slice's own routes, on a fresh pgtest
// database, all on loopback. Browser does the system browser's part of a
// sign-in. Only tests import it (like pgtest and authtest).
package servertest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

// People is the provider's directory unless Options.Users says otherwise:
// an owner and a member.
var People = []devidp.User{
	{Subject: "olga", Email: "olga@example.org", Name: "Olga Owner", Groups: []string{"marketdesk-owners"}, Password: "olga-pw"},
	{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"},
}

// Options says which parts of the server a test needs.
type Options struct {
	// Users is the provider's directory; People when empty.
	Users []devidp.User
	// Clock makes sign-in read Org.Clock, which stands still until the
	// test advances it (to expire access tokens); otherwise the real time.
	Clock bool
	// Stream serves the event stream, ending each stream after 700ms so
	// desktops must resume (or notice a stopped server) within a second.
	Stream bool
	// Prepare runs on the migrated database before sign-in starts.
	Prepare func(*serverdb.DB) error
	// Routes adds a slice's routes after sign-in's and policy's.
	Routes func(*serverdb.DB, events.Publisher) []api.Route
	// Server, unstarted, runs the organization server, reached by desktops
	// (and the provider's redirects) at URL, which may be a proxy in front
	// of it. When nil, a fresh loopback server reached at its own address.
	Server *httptest.Server
	URL    string
}

// Org is a running organization server.
type Org struct {
	URL    string
	DB     *serverdb.DB
	Clock  *Clock // nil unless Options.Clock
	Server *httptest.Server
}

// Quiet is the logger of every part: tests read results, not logs.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Start runs the server and its provider until the test ends.
func Start(t *testing.T, opts Options) *Org {
	t.Helper()
	server, serverURL := opts.Server, opts.URL
	if server == nil {
		server = httptest.NewUnstartedServer(nil)
		t.Cleanup(server.Close)
		serverURL = "http://" + server.Listener.Addr().String()
	}
	issuer := startProvider(t, opts.Users, serverURL)
	d := pgtest.Migrated(t)
	if opts.Prepare != nil {
		if err := opts.Prepare(d); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config.Defaults().Auth
	cfg.PublicURL, cfg.Issuer, cfg.ClientID, cfg.ClientSecret, cfg.AccountName = serverURL, issuer, "marketdesk-server", "server-secret", "Example Org"
	o := &Org{URL: serverURL, DB: d, Server: server}
	var now func() time.Time
	if opts.Clock {
		o.Clock = &Clock{t: time.Now()}
		now = o.Clock.Now
	}
	pub := events.Store{}
	signIn := auth.New(auth.Options{Config: cfg, DB: d, Logger: Quiet(), Events: pub, Now: now})
	routes := append(signIn.Routes(), policy.Routes(d, pub, policy.Options{Logger: Quiet()})...)
	if opts.Stream {
		routes = append(routes, startStream(t, d)...)
	}
	if opts.Routes != nil {
		routes = append(routes, opts.Routes(d, pub)...)
	}
	server.Config.Handler = api.New(api.Options{Logger: Quiet(), DB: d, Version: "test", SchemaVersion: serverdb.LatestVersion(),
		Verifier: signIn.Verifier(), Routes: routes})
	server.Start()
	return o
}

// startProvider runs devidp with users (People when empty) and the
// server as its client, and returns its issuer.
func startProvider(t *testing.T, users []devidp.User, serverURL string) string {
	t.Helper()
	if len(users) == 0 {
		users = People
	}
	idp := httptest.NewUnstartedServer(nil)
	t.Cleanup(idp.Close)
	issuer := "http://" + idp.Listener.Addr().String()
	p, err := devidp.New(devidp.Config{Issuer: issuer, Logger: Quiet(), Directory: devidp.Directory{Users: users,
		Clients: []devidp.Client{{ID: "marketdesk-server", Secret: "server-secret", RedirectURIs: []string{serverURL + auth.CallbackPath}}}}})
	if err != nil {
		t.Fatal(err)
	}
	idp.Config.Handler = p
	idp.Start()
	return issuer
}

// startStream runs the event hub until the test ends and returns its
// routes. The short stream lifetime makes the server end streams often,
// as a restart would.
func startStream(t *testing.T, d *serverdb.DB) []api.Route {
	t.Helper()
	hubCtx, stopHub := context.WithCancel(context.Background())
	hub := events.NewHub(d.Pool, events.Options{Logger: Quiet(), Heartbeat: 100 * time.Millisecond, MaxLifetime: 700 * time.Millisecond})
	if err := hub.Start(hubCtx); err != nil {
		stopHub()
		t.Fatal(err)
	}
	t.Cleanup(func() { stopHub(); hub.Wait() })
	return events.Routes(hub)
}

// Publish records an event for the whole account, as a route would.
func (o *Org) Publish(t *testing.T, kind events.Kind, data any) {
	t.Helper()
	raw, _ := json.Marshal(data)
	err := o.DB.InTxWith(context.Background(), func(tx pgx.Tx, q *store.Queries) error {
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

// Refresh presents a refresh token issued to clientID at the server, as
// another holder would, and returns the response's status.
func (o *Org) Refresh(t *testing.T, clientID, token string) int {
	t.Helper()
	resp, err := http.PostForm(o.URL+"/oauth/token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}, "client_id": {clientID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
