package orgmode_test

import (
	"context"
	"crypto/x509"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/catalog/defaultcatalog"
	"marketdesk/app/netguard"
	"marketdesk/app/org"
	"marketdesk/app/orgmode"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/db"
	"marketdesk/db/testdb"
	"marketdesk/server/api"
	"marketdesk/server/auth"
	"marketdesk/server/catalogsrv"
	"marketdesk/server/config"
	serverdb "marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/devidp"
	"marketdesk/server/events"
	"marketdesk/server/notices"
	"marketdesk/server/policy"
)

// orgServer is the real organization server (sign-in, the policy and
// inventory routes) federated to server/devidp, on loopback; its TCP
// listener can be stopped to take it offline.
type orgServer struct {
	url   string
	db    *serverdb.DB
	srv   *httptest.Server
	feeds *httptest.Server // a publisher's feed over TLS on loopback, for the server's catalog sources
}

var people = []devidp.User{
	{Subject: "olga", Email: "olga@example.org", Name: "Olga Owner", Groups: []string{"marketdesk-owners"}, Password: "olga-pw"},
	{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"},
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func startOrg(t *testing.T, onRemoval func(context.Context, catalogsrv.Removal)) *orgServer {
	t.Helper()
	server := httptest.NewUnstartedServer(nil)
	t.Cleanup(server.Close)
	serverURL := "http://" + server.Listener.Addr().String()
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
	if err := notices.Migrate(context.Background(), d.Pool, quiet()); err != nil { // River's tables, for the removal notices
		t.Fatal(err)
	}
	cfg := config.Defaults().Auth
	cfg.PublicURL, cfg.Issuer, cfg.ClientID, cfg.ClientSecret, cfg.AccountName = serverURL, issuer, "marketdesk-server", "server-secret", "Example Org"
	pub := events.Store{}
	signIn := auth.New(auth.Options{Config: cfg, DB: d, Logger: quiet(), Events: pub})
	routes := append(signIn.Routes(), policy.Routes(d, pub, policy.Options{Logger: quiet()})...)
	feeds := httptest.NewTLSServer(http.HandlerFunc(serveFeed))
	t.Cleanup(feeds.Close)
	pool := x509.NewCertPool()
	pool.AddCert(feeds.Certificate())
	routes = append(routes, catalogsrv.Routes(d, pub, catalogsrv.Options{Logger: quiet(), OnRemoval: removalRecorder(onRemoval),
		Client: netguard.New(netguard.Config{RootCAs: pool}).Client(), AllowLoopbackFeeds: true})...)
	server.Config.Handler = api.New(api.Options{Logger: quiet(), DB: d, Version: "test", SchemaVersion: serverdb.LatestVersion(),
		Verifier: signIn.Verifier(), Routes: routes})
	server.Start()
	return &orgServer{url: serverURL, db: d, srv: server, feeds: feeds}
}

// browser does the system browser's part of a sign-in at devidp.
type browser struct {
	user, password string
}

var hiddenField = regexp.MustCompile(`name="([A-Za-z_]+)" value="([^"]*)"`)

func (b *browser) Open(start string) error {
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

// desktop is one data directory signed in to the organization, with the
// bound services as main.go builds them in organization mode.
type desktop struct {
	db        *db.DB
	vault     *vault.Vault
	conn      *org.Service
	orgmode   *orgmode.Service
	accounts  *account.Service
	approvals *approval.Service
}

func signIn(t *testing.T, o *orgServer, user, password string) *desktop {
	t.Helper()
	d := testdb.New(t)
	v, _, err := vaulttest.Real(t).ForDatabase(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	conn := org.New(org.Config{DB: d, Vault: v, Opener: &browser{user: user, password: password}, SignInTimeout: 20 * time.Second})
	if _, err := conn.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatalf("%s signs in: %v", user, err)
	}
	om := orgmode.New(conn, d)
	accounts := account.New(d, time.Now)
	acctSvc := account.NewService(accounts, nil)
	acctSvc.Org = om
	apprSvc := approval.NewService(approval.New(d, accounts, time.Now), accounts, nil)
	apprSvc.Org = om
	return &desktop{db: d, vault: v, conn: conn, orgmode: om, accounts: acctSvc, approvals: apprSvc}
}

// syncEmbedded fills the data directory's catalog with the embedded one.
func (d *desktop) syncEmbedded(t *testing.T) {
	t.Helper()
	syncer := catalog.NewSyncer(d.db, defaultcatalog.FS, nil, time.Now, nil)
	if err := syncer.EnsureEmbeddedSource(context.Background()); err != nil {
		t.Fatal(err)
	}
	syncer.SyncAll(context.Background())
}
