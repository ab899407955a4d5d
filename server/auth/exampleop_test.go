package auth_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"marketdesk/server/auth"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/identity"
)

// The same sign-in against an OpenID provider the project did not write:
// zitadel/oidc's own example OP (github.com/zitadel/oidc/v3/example/server,
// module v3.52.0), with its login form, its authorization endpoint at /auth,
// client_secret_basic, and ID tokens without email or name (the server
// reads them from userinfo). It has no groups claim: the first person is
// the owner, the next a member.
func TestDesktopSignsInThroughZitadelExampleOP(t *testing.T) {
	server, serverURL := unstarted(t)
	opSrv, issuer := unstarted(t)
	clientID := "marketdesk-server-" + t.Name()
	storage.RegisterClients(storage.WebClient(clientID, serverSecret, serverURL+auth.CallbackPath))
	users := storage.NewUserStore(issuer)
	opSrv.Config.Handler = exampleop.SetupServer(issuer, storage.NewStorage(users), nil, false)
	opSrv.Start()

	cfg := authConfig(serverURL, issuer)
	cfg.ClientID = clientID
	o := startServer(t, server, pgtest.Migrated(t), cfg, &http.Client{Timeout: 10 * time.Second})

	for _, tc := range []struct {
		id   string
		role identity.Role
	}{{"id1", identity.Owner}, {"id2", identity.Member}} {
		u := users.GetUserByID(tc.id)
		d := newDesktop(t)
		page, fields := loginPage(t, d.browser, d.authorizeURL(o, nil))
		if fields["id"] == "" {
			t.Fatalf("the example OP's login form has no id field: %v", fields)
		}
		resp, err := d.browser.PostForm(page.Scheme+"://"+page.Host+page.Path, url.Values{"id": {fields["id"]}, "username": {u.Username}, "password": {u.Password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		tokens := d.exchange(o, d.code(o, d.answer()), d.verifier)
		if tokens.status != http.StatusOK {
			t.Fatalf("%s: token response %+v", tc.id, tokens)
		}
		id := mustVerify(t, o, tokens.AccessToken)
		if id.Subject != u.ID || id.Issuer != issuer || id.Email != u.Email || id.Name != u.FirstName+" "+u.LastName || id.Role != tc.role {
			t.Errorf("%s: identity %+v, want subject %s email %s role %s", tc.id, id, u.ID, u.Email, tc.role)
		}
	}
}
