package auth_test

import (
	"context"
	"encoding/json"
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

	"golang.org/x/oauth2"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/auth"
	"marketdesk/server/config"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/devidp"
	"marketdesk/server/identity"
)

const (
	desktopClient = "marketdesk-desktop"
	serverClient  = "marketdesk-server"
	serverSecret  = "server-secret"
)

// clock is the server's clock; tests move it forward.
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

// org is a running organization server signing in through an identity
// provider, both on loopback.
type org struct {
	url     string // the server, also its token audience
	idp     string // the provider's issuer
	db      *db.DB
	service *auth.Service
	clock   *clock
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// unstarted reserves a loopback address for a server started later, so
// the server and the provider can name each other.
func unstarted(t *testing.T) (*httptest.Server, string) {
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	return srv, "http://" + srv.Listener.Addr().String()
}

// authConfig is the server's sign-in block for a provider.
func authConfig(serverURL, issuer string) config.Auth {
	c := config.Defaults().Auth
	c.PublicURL, c.Issuer, c.ClientID, c.ClientSecret = serverURL, issuer, serverClient, serverSecret
	return c
}

// startServer runs the organization server with the sign-in routes and one
// route for signed-in people that answers who they are.
func startServer(t *testing.T, srv *httptest.Server, d *db.DB, cfg config.Auth, client *http.Client) *org {
	t.Helper()
	clk := &clock{t: time.Now()}
	svc := auth.New(auth.Options{Config: cfg, DB: d, Logger: quiet(), Now: clk.Now, HTTPClient: client})
	me := api.Route{Method: http.MethodGet, Path: "/api/v1/me", Access: api.SignedIn, Summary: "test", Handler: func(w http.ResponseWriter, r *http.Request) {
		id, _ := identity.From(r.Context())
		json.NewEncoder(w).Encode(id)
	}}
	srv.Config.Handler = api.New(api.Options{Logger: quiet(), DB: d, Verifier: svc.Verifier(), Routes: append(svc.Routes(), me)})
	srv.Start()
	return &org{url: cfg.PublicURL, idp: cfg.Issuer, db: d, service: svc, clock: clk}
}

// withDevIdP is an organization server federated to server/devidp, with
// the given people.
func withDevIdP(t *testing.T, users []devidp.User, tune func(*config.Auth)) *org {
	t.Helper()
	return withDevIdPClient(t, users, tune, &http.Client{Timeout: 10 * time.Second})
}

func withDevIdPClient(t *testing.T, users []devidp.User, tune func(*config.Auth), client *http.Client) *org {
	t.Helper()
	server, serverURL := unstarted(t)
	idpSrv, issuer := unstarted(t)
	p, err := devidp.New(devidp.Config{Issuer: issuer, Logger: quiet(), Directory: devidp.Directory{
		Users:   users,
		Clients: []devidp.Client{{ID: serverClient, Secret: serverSecret, RedirectURIs: []string{serverURL + auth.CallbackPath}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	idpSrv.Config.Handler = p
	idpSrv.Start()
	cfg := authConfig(serverURL, issuer)
	if tune != nil {
		tune(&cfg)
	}
	return startServer(t, server, pgtest.Migrated(t), cfg, client)
}

// desktop is Marketdesk on a person's machine: a loopback listener for the
// redirect, PKCE, and the system browser (a cookie jar that follows
// redirects, as a browser does).
type desktop struct {
	t        *testing.T
	redirect string
	verifier string
	state    string
	browser  *http.Client
	answers  chan url.Values
}

func newDesktop(t *testing.T) *desktop {
	t.Helper()
	d := &desktop{t: t, verifier: oauth2.GenerateVerifier(), state: oauth2.GenerateVerifier(), answers: make(chan url.Values, 4)}
	listener := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.answers <- r.URL.Query()
		io.WriteString(w, "You are signed in; return to Marketdesk.")
	}))
	t.Cleanup(listener.Close)
	d.redirect = listener.URL + "/oauth/callback"
	d.browser = newBrowser(t)
	return d
}

func newBrowser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

// authorizeURL is what the desktop opens in the browser.
func (d *desktop) authorizeURL(o *org, extra url.Values) string {
	q := url.Values{"client_id": {desktopClient}, "redirect_uri": {d.redirect}, "response_type": {"code"},
		"state": {d.state}, "code_challenge": {oauth2.S256ChallengeFromVerifier(d.verifier)}, "code_challenge_method": {"S256"}}
	for k, v := range extra {
		q[k] = v
	}
	return o.url + auth.AuthorizePath + "?" + q.Encode()
}

// answer is what arrived at the desktop's loopback listener.
func (d *desktop) answer() url.Values {
	d.t.Helper()
	select {
	case a := <-d.answers:
		return a
	case <-time.After(5 * time.Second):
		d.t.Fatal("nothing arrived at the desktop's loopback redirect")
		return nil
	}
}

// code checks the answer is a code for this desktop from this server.
func (d *desktop) code(o *org, a url.Values) string {
	d.t.Helper()
	if a.Get("error") != "" || a.Get("code") == "" {
		d.t.Fatalf("the desktop got no code: %v", a)
	}
	if a.Get("state") != d.state || a.Get("iss") != o.url {
		d.t.Fatalf("state %q iss %q, want %q %q", a.Get("state"), a.Get("iss"), d.state, o.url)
	}
	return a.Get("code")
}

var hiddenField = regexp.MustCompile(`name="([A-Za-z_]+)" value="([^"]*)"`)

// loginPage opens the authorize URL and returns the provider's login page.
func loginPage(t *testing.T, browser *http.Client, start string) (*url.URL, map[string]string) {
	t.Helper()
	resp, err := browser.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login page: %d %s", resp.StatusCode, body)
	}
	fields := map[string]string{}
	for _, m := range hiddenField.FindAllStringSubmatch(string(body), -1) {
		fields[m[1]] = html.UnescapeString(m[2])
	}
	return resp.Request.URL, fields
}

// devLogin signs in at server/devidp's form (CSRF token in a hidden field
// and a cookie) and returns the response of the last redirect followed.
func devLogin(t *testing.T, browser *http.Client, start, user, password string) *http.Response {
	t.Helper()
	page, fields := loginPage(t, browser, start)
	if fields["authRequestID"] == "" || fields["csrf_token"] == "" {
		t.Fatalf("devidp's login form has no authRequestID or csrf_token: %v", fields)
	}
	form := url.Values{"authRequestID": {fields["authRequestID"]}, "csrf_token": {fields["csrf_token"]}, "username": {user}, "password": {password}}
	resp, err := browser.PostForm(page.Scheme+"://"+page.Host+page.Path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// signIn is a desktop's whole sign-in through devidp: the code it receives.
func (d *desktop) signIn(o *org, user, password string) string {
	d.t.Helper()
	devLogin(d.t, d.browser, d.authorizeURL(o, nil), user, password)
	return d.code(o, d.answer())
}

// tokenResponse is the token endpoint's answer, success or error.
type tokenResponse struct {
	status int
	auth.Tokens
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func post(t *testing.T, endpoint string, form url.Values) tokenResponse {
	t.Helper()
	resp, err := http.PostForm(endpoint, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r tokenResponse
	if resp.StatusCode != http.StatusOK || resp.ContentLength != 0 {
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil && err != io.EOF {
			t.Fatalf("token endpoint: %d, body not JSON: %v", resp.StatusCode, err)
		}
	}
	r.status = resp.StatusCode
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s answered Cache-Control %q, want no-store", endpoint, cc)
	}
	return r
}

// exchange redeems a code as the desktop does.
func (d *desktop) exchange(o *org, code, verifier string) tokenResponse {
	d.t.Helper()
	return post(d.t, o.url+auth.TokenPath, url.Values{"grant_type": {"authorization_code"}, "client_id": {desktopClient},
		"code": {code}, "redirect_uri": {d.redirect}, "code_verifier": {verifier}})
}

func refresh(t *testing.T, o *org, refreshToken string) tokenResponse {
	t.Helper()
	return post(t, o.url+auth.TokenPath, url.Values{"grant_type": {"refresh_token"}, "client_id": {desktopClient}, "refresh_token": {refreshToken}})
}

// me calls a route for signed-in people with token.
func me(t *testing.T, o *org, token string) (int, identity.Identity) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, o.url+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var id identity.Identity
	if resp.StatusCode == http.StatusOK {
		json.NewDecoder(resp.Body).Decode(&id)
	}
	return resp.StatusCode, id
}

// mustVerify checks token with the server's Verifier.
func mustVerify(t *testing.T, o *org, token string) identity.Identity {
	t.Helper()
	id, err := o.service.Verifier().Verify(context.Background(), token)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return id
}

func refused(t *testing.T, o *org, token, why string) {
	t.Helper()
	if _, err := o.service.Verifier().Verify(context.Background(), token); apperr.CodeOf(err) != identity.Unauthenticated {
		t.Errorf("%s: Verify = %v, want an unauthenticated error", why, err)
	}
	if status, _ := me(t, o, token); status != http.StatusUnauthorized {
		t.Errorf("%s: GET /api/v1/me answered %d, want 401", why, status)
	}
}
