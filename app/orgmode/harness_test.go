package orgmode_test

import (
	"context"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
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
	"marketdesk/server/catalogsrv"
	serverdb "marketdesk/server/db"
	"marketdesk/server/events"
	"marketdesk/server/notices"
	"marketdesk/server/servertest"
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

func startOrg(t *testing.T, onRemoval func(context.Context, catalogsrv.Removal)) *orgServer {
	t.Helper()
	feeds := httptest.NewTLSServer(http.HandlerFunc(serveFeed))
	t.Cleanup(feeds.Close)
	pool := x509.NewCertPool()
	pool.AddCert(feeds.Certificate())
	o := servertest.Start(t, servertest.Options{
		Prepare: func(d *serverdb.DB) error { // River's tables, for the removal notices
			return notices.Migrate(context.Background(), d.Pool, servertest.Quiet())
		},
		Routes: func(d *serverdb.DB, pub events.Publisher) []api.Route {
			return catalogsrv.Routes(d, pub, catalogsrv.Options{Logger: servertest.Quiet(), OnRemoval: removalRecorder(onRemoval),
				Client: netguard.New(netguard.Config{RootCAs: pool}).Client(), AllowLoopbackFeeds: true})
		},
	})
	return &orgServer{url: o.URL, db: o.DB, srv: o.Server, feeds: feeds}
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
	conn := org.New(org.Config{DB: d, Vault: v, Opener: servertest.Browser{User: user, Password: password}, SignInTimeout: 20 * time.Second})
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
