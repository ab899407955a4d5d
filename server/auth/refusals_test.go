package auth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/server/auth"
	"marketdesk/server/config"
	"marketdesk/server/db/pgtest"
)

// noFollow is a browser that stops at the first redirect.
func noFollow(t *testing.T) *http.Client {
	c := newBrowser(t)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// An unknown client or a redirect_uri that is not a loopback address is
// answered in the browser, never redirected to.
func TestAuthorizeRefusesUnknownClientsAndNonLoopbackRedirects(t *testing.T) {
	o := withDevIdP(t, people, nil)
	d := newDesktop(t)
	cases := map[string]url.Values{
		"unknown client":  {"client_id": {"someone-else"}},
		"https":           {"redirect_uri": {"https://127.0.0.1:4000/cb"}},
		"another host":    {"redirect_uri": {"http://evil.example:4000/cb"}},
		"localhost name":  {"redirect_uri": {"http://localhost:4000/cb"}},
		"private address": {"redirect_uri": {"http://10.0.0.1:4000/cb"}},
		"no port":         {"redirect_uri": {"http://127.0.0.1/cb"}},
		"user info":       {"redirect_uri": {"http://evil@127.0.0.1:4000/cb"}},
		"fragment":        {"redirect_uri": {"http://127.0.0.1:4000/cb#x"}},
		"custom scheme":   {"redirect_uri": {"marketdesk://cb"}},
	}
	for name, extra := range cases {
		resp, err := noFollow(t).Get(d.authorizeURL(o, extra))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("%s: %d, Location %q; want 400 without a redirect", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// [::1] is a loopback address too: accepted (sent on to the provider).
	resp, err := noFollow(t).Get(d.authorizeURL(o, url.Values{"redirect_uri": {"http://[::1]:4000/cb"}}))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, o.idp) {
		t.Errorf("[::1]: %d %q, want a redirect to the provider", resp.StatusCode, loc)
	}
}

// Without PKCE S256 or state, the desktop gets an error at its redirect
// and the browser never reaches the provider.
func TestAuthorizeRequiresPKCEAndState(t *testing.T) {
	o := withDevIdP(t, people, nil)
	d := newDesktop(t)
	for name, extra := range map[string]url.Values{
		"no challenge":    {"code_challenge": {""}},
		"plain method":    {"code_challenge_method": {"plain"}},
		"no method":       {"code_challenge_method": {""}},
		"short challenge": {"code_challenge": {"abc"}},
		"no state":        {"state": {""}},
		"token flow":      {"response_type": {"token"}},
	} {
		resp, err := d.browser.Get(d.authorizeURL(o, extra))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		a := d.answer()
		if a.Get("error") == "" || a.Get("code") != "" {
			t.Errorf("%s: the desktop got %v, want an error", name, a)
		}
	}
}

// At the token endpoint: a missing or wrong code_verifier, another
// redirect_uri or another client is refused, and the attempt spends the
// code. A code presented again after a successful exchange revokes the
// tokens it gave.
func TestTokenEndpointRefusals(t *testing.T) {
	o := withDevIdP(t, people, nil)
	cases := map[string]func(d *desktop, code string) url.Values{
		"no verifier":    func(d *desktop, code string) url.Values { return codeForm(d, code, "") },
		"wrong verifier": func(d *desktop, code string) url.Values { return codeForm(d, code, oauth2.GenerateVerifier()) },
		"other redirect": func(d *desktop, code string) url.Values {
			f := codeForm(d, code, d.verifier)
			f.Set("redirect_uri", "http://127.0.0.1:1/other")
			return f
		},
	}
	for name, form := range cases {
		d := newDesktop(t)
		code := d.signIn(o, "ada", "ada-pw")
		if r := post(t, o.url+auth.TokenPath, form(d, code)); r.status != http.StatusBadRequest || r.Error != "invalid_grant" {
			t.Errorf("%s: %d %q", name, r.status, r.Error)
		}
		if r := d.exchange(o, code, d.verifier); r.Error != "invalid_grant" {
			t.Errorf("%s: the code still worked after a failed attempt: %+v", name, r)
		}
	}

	d := newDesktop(t)
	code := d.signIn(o, "ada", "ada-pw")
	bad := codeForm(d, code, d.verifier)
	bad.Set("client_id", "someone-else")
	if r := post(t, o.url+auth.TokenPath, bad); r.status != http.StatusUnauthorized || r.Error != "invalid_client" {
		t.Errorf("unknown client: %d %q", r.status, r.Error)
	}
	first := d.exchange(o, code, d.verifier)
	if first.status != http.StatusOK {
		t.Fatalf("exchange: %+v", first)
	}
	mustVerify(t, o, first.AccessToken)
	if again := d.exchange(o, code, d.verifier); again.Error != "invalid_grant" {
		t.Fatalf("reused code: %+v", again)
	}
	refused(t, o, first.AccessToken, "access token of a reused code")
	if r := refresh(t, o, first.RefreshToken); r.Error != "invalid_grant" {
		t.Errorf("refresh token of a reused code: %+v", r)
	}

	// A code not redeemed within a minute has expired.
	d = newDesktop(t)
	code = d.signIn(o, "ada", "ada-pw")
	o.clock.Advance(61 * time.Second)
	if r := d.exchange(o, code, d.verifier); r.Error != "invalid_grant" {
		t.Errorf("expired code: %+v", r)
	}
}

func codeForm(d *desktop, code, verifier string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "client_id": {desktopClient}, "code": {code},
		"redirect_uri": {d.redirect}, "code_verifier": {verifier}}
}

// An access token works until it expires (the server's clock), then the
// API answers 401; the refresh token gives a new one.
func TestAccessTokenExpiresAndRefreshes(t *testing.T) {
	o := withDevIdP(t, people, nil)
	d := newDesktop(t)
	tokens := d.exchange(o, d.signIn(o, "ada", "ada-pw"), d.verifier)
	who := mustVerify(t, o, tokens.AccessToken)
	o.clock.Advance(9 * time.Minute)
	mustVerify(t, o, tokens.AccessToken)
	o.clock.Advance(time.Minute + time.Second)
	refused(t, o, tokens.AccessToken, "expired access token")

	next := refresh(t, o, tokens.RefreshToken)
	if next.status != http.StatusOK || next.RefreshToken == tokens.RefreshToken || next.AccessToken == tokens.AccessToken {
		t.Fatalf("refresh: %+v", next)
	}
	if id := mustVerify(t, o, next.AccessToken); id.UserID != who.UserID {
		t.Errorf("refreshed token is %+v", id)
	}
	// An expired refresh token is refused.
	o.clock.Advance(31 * 24 * time.Hour)
	if r := refresh(t, o, next.RefreshToken); r.Error != "invalid_grant" {
		t.Errorf("expired refresh token: %+v", r)
	}
}

// Presenting a rotated refresh token again revokes the whole family: the
// thief's and the desktop's tokens alike.
func TestRotatedRefreshTokenReuseRevokesTheFamily(t *testing.T) {
	o := withDevIdP(t, people, nil)
	d := newDesktop(t)
	first := d.exchange(o, d.signIn(o, "ada", "ada-pw"), d.verifier)
	second := refresh(t, o, first.RefreshToken)
	if second.status != http.StatusOK {
		t.Fatalf("refresh: %+v", second)
	}
	third := refresh(t, o, second.RefreshToken)
	if third.status != http.StatusOK {
		t.Fatalf("second refresh: %+v", third)
	}
	mustVerify(t, o, third.AccessToken)

	if r := refresh(t, o, first.RefreshToken); r.Error != "invalid_grant" {
		t.Fatalf("reused refresh token: %+v", r)
	}
	refused(t, o, third.AccessToken, "access token of a revoked family")
	if r := refresh(t, o, third.RefreshToken); r.Error != "invalid_grant" {
		t.Errorf("latest refresh token of a revoked family: %+v", r)
	}
	// Another sign-in of the same person is not affected.
	d2 := newDesktop(t)
	mustVerify(t, o, d2.exchange(o, d2.signIn(o, "ada", "ada-pw"), d2.verifier).AccessToken)
}

// A token of another server (another audience) on the same database is
// refused, and so are a token of another kind and a made-up one.
func TestTokenForAnotherAudienceRefused(t *testing.T) {
	o := withDevIdP(t, people, nil)
	other := auth.NewVerifier(o.db, "https://other.example", nil)
	d := newDesktop(t)
	tokens := d.exchange(o, d.signIn(o, "ada", "ada-pw"), d.verifier)
	mustVerify(t, o, tokens.AccessToken)
	if _, err := other.Verify(context.Background(), tokens.AccessToken); err == nil || !strings.Contains(err.Error(), "another server") {
		t.Errorf("another audience: %v", err)
	}
	refused(t, o, tokens.RefreshToken, "a refresh token used as an access token")
	refused(t, o, "mda_made-up", "a made-up token")
	if status, _ := me(t, o, ""); status != http.StatusUnauthorized {
		t.Errorf("no token: %d", status)
	}
}

// Revocation (sign-out) ends the access and refresh tokens at once.
func TestRevokeSignsTheDesktopOut(t *testing.T) {
	o := withDevIdP(t, people, nil)
	d := newDesktop(t)
	tokens := d.exchange(o, d.signIn(o, "ada", "ada-pw"), d.verifier)
	r := post(t, o.url+auth.RevokePath, url.Values{"client_id": {desktopClient}, "token": {tokens.RefreshToken}})
	if r.status != http.StatusOK {
		t.Fatalf("revoke: %+v", r)
	}
	refused(t, o, tokens.AccessToken, "revoked")
	if r := refresh(t, o, tokens.RefreshToken); r.Error != "invalid_grant" {
		t.Errorf("revoked refresh token: %+v", r)
	}
	if r := post(t, o.url+auth.RevokePath, url.Values{"client_id": {desktopClient}, "token": {"unknown"}}); r.status != http.StatusOK {
		t.Errorf("unknown token: %d (RFC 7009 answers 200)", r.status)
	}
}

// At the callback: a tampered state, or the callback URL opened in another
// browser (login CSRF), is refused without redirecting; the genuine
// callback still completes, once.
func TestCallbackRefusesTamperedStateAndAnotherBrowser(t *testing.T) {
	o := withDevIdP(t, people, nil)
	d := newDesktop(t)
	stop := o.url + auth.CallbackPath
	d.browser.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), stop) {
			return http.ErrUseLastResponse // hold the provider's answer
		}
		return nil
	}
	resp := devLogin(t, d.browser, d.authorizeURL(o, nil), "ada", "ada-pw")
	callback, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(callback.String(), stop) {
		t.Fatalf("the provider did not answer at the callback: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	tampered := *callback
	q := tampered.Query()
	q.Set("state", q.Get("state")+"x")
	tampered.RawQuery = q.Encode()
	for name, try := range map[string]struct {
		client *http.Client
		url    string
	}{"tampered state": {d.browser, tampered.String()}, "another browser": {noFollow(t), callback.String()}} {
		resp, err := try.client.Get(try.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("%s: %d %q, want 400 without a redirect", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	select {
	case a := <-d.answers:
		t.Fatalf("the desktop heard %v", a)
	default:
	}
	// Neither spent the sign-in: the genuine callback, in the browser that
	// started it, completes, once.
	d.browser.CheckRedirect = nil
	resp, err = d.browser.Get(callback.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	mustVerify(t, o, d.exchange(o, d.code(o, d.answer()), d.verifier).AccessToken)
	resp, err = d.browser.Get(callback.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the callback a second time: %d", resp.StatusCode)
	}
}

// An ID token altered between the provider and the server (its payload
// changed, signature kept) is refused: the desktop hears access_denied and
// nobody is signed in.
func TestCallbackRefusesTamperedIDToken(t *testing.T) {
	client := &http.Client{Timeout: 10 * time.Second, Transport: tamperIDToken{http.DefaultTransport}}
	o := withDevIdPClient(t, people, nil, client)
	d := newDesktop(t)
	devLogin(t, d.browser, d.authorizeURL(o, nil), "ada", "ada-pw")
	a := d.answer()
	if a.Get("error") != "access_denied" || a.Get("code") != "" || a.Get("state") != d.state {
		t.Fatalf("tampered ID token: the desktop got %v", a)
	}
	var users int
	o.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&users)
	if users != 0 {
		t.Errorf("%d users recorded", users)
	}
}

// tamperIDToken rewrites the subject inside every ID token the provider's
// token endpoint returns.
type tamperIDToken struct{ next http.RoundTripper }

func (tt tamperIDToken) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := tt.next.RoundTrip(req)
	if err != nil || !strings.HasSuffix(req.URL.Path, "/token") {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		if tok, ok := m["id_token"].(string); ok {
			parts := strings.Split(tok, ".")
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			payload = bytes.Replace(payload, []byte(`"sub":"ada"`), []byte(`"sub":"olga"`), 1)
			parts[1] = base64.RawURLEncoding.EncodeToString(payload)
			m["id_token"] = strings.Join(parts, ".")
			body, _ = json.Marshal(m)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// With sign-in not configured, /oauth/authorize tells the desktop so.
func TestSignInOffAnswersUnavailable(t *testing.T) {
	server, serverURL := unstarted(t)
	cfg := config.Defaults().Auth
	cfg.PublicURL = serverURL
	o := startServer(t, server, pgtest.Migrated(t), cfg, http.DefaultClient)
	d := newDesktop(t)
	resp, err := d.browser.Get(d.authorizeURL(o, nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if a := d.answer(); a.Get("error") != "temporarily_unavailable" || !strings.Contains(a.Get("error_description"), "not configured") {
		t.Errorf("sign-in off: %v", a)
	}
}
