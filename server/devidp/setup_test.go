package devidp

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"golang.org/x/oauth2"
)

// Fixtures: an admin, a member, a user whose name is hostile HTML, a
// confidential client (the organization server) and a public one.
const (
	serverClientID = "marketdesk-server"
	serverSecret   = "server-secret"
	serverRedirect = "http://127.0.0.1:8420/auth/callback"
	otherClientID  = "other-app" // confidential, same redirect as the server: a code thief
	otherSecret    = "other-secret"
	publicClientID = "desktop"
	publicRedirect = "http://127.0.0.1:8421/callback"
	hostileName    = `<script>alert("pwned")</script><img src=x onerror=alert(1)>`
)

var orgScopes = []string{oidc.ScopeOpenID, oidc.ScopeEmail, oidc.ScopeProfile, ScopeGroups}

func testDirectory() Directory {
	return Directory{
		Users: []User{
			{Subject: "ada", Email: "ada@example.org", Name: "Ada Admin", Groups: []string{"marketdesk-admins", "staff"}, Password: "ada-pw"},
			{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"marketdesk-members"}, Password: "max-pw"},
			{Subject: "mallory", Email: `mallory"><b>@example.org`, Name: hostileName, Password: "mallory-pw"},
		},
		Clients: []Client{
			{ID: serverClientID, Secret: serverSecret, RedirectURIs: []string{serverRedirect}},
			{ID: otherClientID, Secret: otherSecret, RedirectURIs: []string{serverRedirect}},
			{ID: publicClientID, Public: true, RedirectURIs: []string{publicRedirect}},
		},
	}
}

// bundle is a running provider and a browser double for it.
type bundle struct {
	issuer  string
	browser *http.Client // keeps cookies; stops at the first redirect that leaves the provider
}

// setup starts the provider on 127.0.0.1 with the test directory.
func setup(t *testing.T) bundle {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil) // listens on 127.0.0.1:0
	issuer := "http://" + srv.Listener.Addr().String()
	p, err := New(Config{Issuer: issuer, Directory: testDirectory(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p
	srv.Start()
	t.Cleanup(srv.Close)
	return bundle{issuer: issuer, browser: newBrowser(t, issuer)}
}

func newBrowser(t *testing.T, issuer string) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(issuer, "http://")
	return &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if req.URL.Host != host {
				return http.ErrUseLastResponse // the client's redirect_uri: nobody listens there
			}
			return nil
		}}
}

// relyingParty is zitadel's rp as the organization server would set it up.
func (b bundle) relyingParty(t *testing.T, clientID, secret, redirect string) rp.RelyingParty {
	t.Helper()
	party, err := rp.NewRelyingPartyOIDC(context.Background(), b.issuer, clientID, secret, redirect, orgScopes,
		rp.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	return party
}

// pkce is a verifier and its S256 challenge.
type pkce struct{ verifier, challenge string }

func newPKCE() pkce {
	v := oauth2.GenerateVerifier()
	return pkce{verifier: v, challenge: oidc.NewSHACodeChallenge(v)}
}

// loginForm is the login page as the browser got it.
type loginForm struct {
	status        int
	body          string
	authRequestID string
	csrfToken     string
}

var hiddenField = regexp.MustCompile(`name="(authRequestID|csrf_token)" value="([^"]*)"`)

func parseLoginForm(t *testing.T, resp *http.Response) loginForm {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	f := loginForm{status: resp.StatusCode, body: string(body)}
	for _, m := range hiddenField.FindAllStringSubmatch(f.body, -1) {
		if m[1] == authRequestParam {
			f.authRequestID = html.UnescapeString(m[2])
		} else {
			f.csrfToken = html.UnescapeString(m[2])
		}
	}
	return f
}

// openLogin follows authURL to the login page.
func (b bundle) openLogin(t *testing.T, authURL string) loginForm {
	t.Helper()
	resp, err := b.browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Request.URL.Path != loginPath {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("authorize did not lead to the login page: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	f := parseLoginForm(t, resp)
	if f.status != http.StatusOK || f.authRequestID == "" || f.csrfToken == "" {
		t.Fatalf("login page: status %d, fields %q %q", f.status, f.authRequestID, f.csrfToken)
	}
	return f
}

// submit posts the login form with the given fields (as a browser would,
// with its cookies) and returns the last response inside the provider.
func (b bundle) submit(t *testing.T, client *http.Client, fields url.Values) *http.Response {
	t.Helper()
	resp, err := client.PostForm(b.issuer+loginPath, fields)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func loginFields(f loginForm, user, password string) url.Values {
	return url.Values{authRequestParam: {f.authRequestID}, csrfField: {f.csrfToken}, "username": {user}, "password": {password}}
}

// codeFrom reads the authorization response the provider redirected to.
func codeFrom(t *testing.T, resp *http.Response, redirect, state string) string {
	t.Helper()
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("want a redirect to the client, got %d: %s", resp.StatusCode, body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirect {
		t.Fatalf("redirected to %s, want %s", got, redirect)
	}
	if loc.Query().Get("state") != state {
		t.Fatalf("state %q, want %q", loc.Query().Get("state"), state)
	}
	c := loc.Query().Get("code")
	if c == "" {
		t.Fatalf("no code in %s", loc)
	}
	return c
}

// signIn runs the browser part of a flow for clientID and returns the code.
func (b bundle) signIn(t *testing.T, authURL, user, password, redirect, state string) string {
	t.Helper()
	f := b.openLogin(t, authURL)
	return codeFrom(t, b.submit(t, b.browser, loginFields(f, user, password)), redirect, state)
}
