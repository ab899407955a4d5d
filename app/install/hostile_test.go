package install

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"marketdesk/app/oauthflow"
	"marketdesk/app/oauthflow/hostileas"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
)

// hostile lists the app "evil" on as (by its issuer: discovery) beside the
// sandbox apps, and lets the installer trust the test servers' certificate.
func hostile(t *testing.T, as *hostileas.Server) *fixture {
	t.Helper()
	l := listing("evil", "user", "")
	l["oauth"] = map[string]any{"client_id": "evil-client", "issuer": as.Issuer}
	f := setupWith(t, vaulttest.Real(t), []map[string]any{l})
	f.installer.client = as.Client() // every httptest TLS server shares this certificate
	return f
}

func (f *fixture) installEvil(t *testing.T, as *hostileas.Server) (Installation, error) {
	t.Helper()
	p, err := f.installer.Prepare(f.ctx, f.m, "evil")
	if err != nil {
		t.Fatal(err)
	}
	b := hostileas.NewBrowser(as)
	inst, err := f.installer.Authorize(f.ctx, p, b, nil)
	b.Wait()
	return inst, err
}

// assertRefusedAndUsable: the install failed, nothing is stored (no keychain
// item, no live installation), and an honest install of another listing
// still works.
func (f *fixture) assertRefusedAndUsable(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if got := f.statuses(t); got != "evil:failed" {
		t.Fatalf("installations = %s, want evil:failed", got)
	}
	var id int64
	f.db.Reader.QueryRow("SELECT id FROM installations WHERE listing_id = 'evil'").Scan(&id)
	if _, err := f.vault.Get(f.ctx, tokenKey(id)); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("a keychain item remains: %v", err)
	}
	if _, err := f.installer.Token(f.ctx, f.m, "evil"); err == nil {
		t.Fatal("a token of the refused install is served")
	}
	if _, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"}); err != nil {
		t.Fatalf("an honest install after the refused one: %v", err)
	}
}

func TestHostileServerWithoutIssWhileAdvertisingRFC9207InstallsNothing(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{Iss: hostileas.NoIss})
	f := hostile(t, as)
	_, err := f.installEvil(t, as)
	f.assertRefusedAndUsable(t, err, "RFC 9207")
	if len(as.Exchanges()) != 0 {
		t.Fatal("the code was exchanged")
	}
}

func TestHostileServerWithWrongIssInstallsNothing(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{Iss: "https://127.0.0.1:9/other"})
	f := hostile(t, as)
	_, err := f.installEvil(t, as)
	f.assertRefusedAndUsable(t, err, "not from the app's server")
}

func TestHostileServerNonBearerTokenInstallsNothing(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{TokenType: "DPoP"})
	f := hostile(t, as)
	_, err := f.installEvil(t, as)
	f.assertRefusedAndUsable(t, err, "accepts only Bearer tokens")
}

// Mix-up through the installer: the listing's server forwards the browser to
// an honest server, which answers with its own iss; the callback is refused
// and neither the honest code nor the verifier reaches the listing's server.
func TestHostileServerMixUpInstallsNothing(t *testing.T) {
	honest := hostileas.New(t, hostileas.Options{})
	as := hostileas.New(t, hostileas.Options{HideIssSupport: true, ForwardTo: honest, AcceptAnyCode: true})
	f := hostile(t, as)
	_, err := f.installEvil(t, as)
	f.assertRefusedAndUsable(t, err, "not from the app's server")
	if len(as.Exchanges()) != 0 || honest.Authorizations() != 1 {
		t.Fatalf("exchanges at the attacker %+v, authorizations at the honest server %d", as.Exchanges(), honest.Authorizations())
	}
}

// Extra scopes are trimmed (documented in docs/authorization.md): the
// installation records and shows only the requested scopes the server
// granted.
func TestHostileServerExtraScopesAreNotRecordedAsGranted(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{ExtraScopes: []string{"admin:write", "openid"}})
	f := hostile(t, as)
	inst, err := f.installEvil(t, as)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inst.GrantedScopes, []string{"meeting:read", "recording:read"}) {
		t.Fatalf("granted = %v", inst.GrantedScopes)
	}
	tok, err := f.installer.Token(f.ctx, f.m, "evil")
	if err != nil || slices.Contains(tok.Scopes, "admin:write") {
		t.Fatalf("token scopes = %v (%v)", tok.Scopes, err)
	}
}

// A refresh answered with a non-Bearer token is refused: the stored token
// and the installation stay as they were.
func TestHostileServerNonBearerRefreshStoresNothing(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{ExpiresIn: 30}) // expires within a minute: Token refreshes
	f := hostile(t, as)
	inst, err := f.installEvil(t, as)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	as.Configure(func(o *hostileas.Options) { o.RefreshTokenType = "mac" })
	if _, err := f.installer.Token(f.ctx, f.m, "evil"); err == nil || !strings.Contains(err.Error(), "Bearer") {
		t.Fatalf("refresh to a mac token: %v", err)
	}
	after, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	if after.AccessToken != before.AccessToken || after.TokenType != "Bearer" {
		t.Fatalf("the stored token changed: %+v", after)
	}
	if got := f.statuses(t); !strings.HasPrefix(got, "evil:active") {
		t.Fatalf("installation = %s", got)
	}
}

// A reconnect answered with a non-Bearer token keeps the installation and
// its old token.
func TestHostileServerNonBearerReconnectKeepsTheInstallation(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	f := hostile(t, as)
	inst, err := f.installEvil(t, as)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	as.Configure(func(o *hostileas.Options) { o.TokenType = "DPoP" })
	p, err := f.installer.PrepareReconnect(f.ctx, f.m, inst.ID)
	if err != nil {
		t.Fatal(err)
	}
	var nb *oauthflow.NotBearerError
	if _, err := f.installer.Authorize(f.ctx, p, hostileas.NewBrowser(as), nil); !errors.As(err, &nb) {
		t.Fatalf("reconnect: %v", err)
	}
	after, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	if after.AccessToken != before.AccessToken || f.statuses(t) != "evil:active" {
		t.Fatalf("after a refused reconnect: %s, token changed %v", f.statuses(t), after.AccessToken != before.AccessToken)
	}
}

// A token stored before the token_type check (a non-Bearer one) is not
// printed by `marketdesk token`.
func TestStoredNonBearerTokenIsNotServed(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	f := hostile(t, as)
	inst, err := f.installEvil(t, as)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := f.installer.tokens.Load(f.ctx, inst.ID)
	tok.TokenType = "DPoP"
	f.installer.tokens.Save(f.ctx, inst.ID, tok)
	if got, err := f.installer.Token(f.ctx, f.m, "evil"); err == nil {
		t.Fatalf("a DPoP token was served: %+v", got)
	}
}

// forger is a local process that learns the loopback redirect of a waiting
// install (the authorization URL is in the browser's argv) and acts before
// the real browser does.
type forger struct {
	t    *testing.T
	next oauthflow.Opener
	act  func(authURL string)
}

func (o forger) Open(authURL string) error {
	o.act(authURL)
	return o.next.Open(authURL)
}

// One request with a wrong state to the loopback callback does not end the
// waiting install: it is answered 400 and the real consent still installs.
func TestLocalProcessCannotEndAWaitingInstall(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	forged := 0
	b := forger{t: t, next: &sandboxtest.Browser{Decision: "allow"}, act: func(authURL string) {
		u, _ := url.Parse(authURL)
		for _, q := range []string{"state=forged&error=access_denied", "error=access_denied", "state=&code=x"} {
			resp, err := http.Get(u.Query().Get("redirect_uri") + "?" + q)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("forged callback %q answered %d", q, resp.StatusCode)
			}
			forged++
		}
	}}
	inst, err := f.install(t, "member", "notes", b)
	if err != nil || inst.Status != StatusActive || forged != 3 {
		t.Fatalf("install after forged callbacks: %+v %v (forged %d)", inst, err, forged)
	}
}

// While an install waits, another local process runs its own authorization
// request at the sandbox (its own loopback port and PKCE verifier) to obtain
// the signed-in user's tokens: the sandbox refuses it, since Marketdesk did
// not announce that flow; Marketdesk's own flow still installs.
func TestLocalProcessCannotObtainSandboxTokens(t *testing.T) {
	f := setup(t, vaulttest.Real(t))
	b := forger{t: t, next: &sandboxtest.Browser{Decision: "allow"}, act: func(authURL string) {
		u, _ := url.Parse(authURL)
		q := u.Query()
		q.Set("redirect_uri", "http://127.0.0.1:40001/callback") // the rogue's listener
		q.Set("state", "rogue")
		q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier()))
		u.RawQuery = q.Encode()
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || !strings.Contains(string(body), "not started by Marketdesk") {
			t.Errorf("rogue authorization request: %d %q %s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}}
	if inst, err := f.install(t, "member", "notes", b); err != nil || inst.Status != StatusActive {
		t.Fatalf("Marketdesk's own flow: %+v %v", inst, err)
	}
}
