package devidp

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/pkg/client/rp"
)

// authURL is a valid authorization request of the organization server.
func (b bundle) authURL(t *testing.T, state string) (string, pkce) {
	t.Helper()
	p := newPKCE()
	return rp.AuthURL(state, b.relyingParty(t, serverClientID, serverSecret, serverRedirect), rp.WithCodeChallenge(p.challenge)), p
}

// Wrong passwords and unknown users are refused with the form shown again
// (a new CSRF pair); the right password then still works.
func TestWrongPasswordRefused(t *testing.T) {
	b := setup(t)
	u, _ := b.authURL(t, "s")
	f := b.openLogin(t, u)
	for _, try := range [][2]string{{"ada", "wrong"}, {"ada@example.org", ""}, {"nobody", "ada-pw"}, {"max", "ada-pw"}} {
		resp := b.submit(t, b.browser, loginFields(f, try[0], try[1]))
		again := parseLoginForm(t, resp)
		if again.status != http.StatusUnauthorized || resp.Header.Get("Location") != "" ||
			!strings.Contains(again.body, "Wrong email, subject or password.") {
			t.Fatalf("%v: status %d, Location %q", try, again.status, resp.Header.Get("Location"))
		}
		if again.csrfToken == "" || again.csrfToken == f.csrfToken {
			t.Fatalf("%v: the CSRF token was not renewed", try)
		}
		f = again
	}
	if b.callbackIssuesCode(t, f.authRequestID) {
		t.Fatal("the callback issued a code without a login")
	}
	codeFrom(t, b.submit(t, b.browser, loginFields(f, "ADA@example.org", "ada-pw")), serverRedirect, "s")
}

// The login POST needs the form's token and the cookie, both the pair last
// issued for that sign-in.
func TestLoginCSRFRefused(t *testing.T) {
	b := setup(t)
	u, _ := b.authURL(t, "s")
	f := b.openLogin(t, u)
	other := b.openLogin(t, func() string { u, _ := b.authURL(t, "t"); return u }())
	stale := f
	f = b.openLogin(t, b.issuer+loginPath+"?"+url.Values{authRequestParam: {f.authRequestID}}.Encode()) // renews f's pair

	noCookie := newBrowser(t, b.issuer) // another browser: no CSRF cookie
	forgedCookie := newBrowser(t, b.issuer)
	issuerURL, _ := url.Parse(b.issuer + loginPath)
	forgedCookie.Jar.SetCookies(issuerURL, []*http.Cookie{{Name: csrfCookie, Value: "forged", Path: loginPath}})
	otherBrowser := bundle{issuer: b.issuer, browser: newBrowser(t, b.issuer)}
	otherBrowser.openLogin(t, func() string { u, _ := b.authURL(t, "u"); return u }()) // its own cookie, for its own sign-in
	cases := map[string]struct {
		client *http.Client
		fields url.Values
	}{
		"missing token":            {b.browser, withField(loginFields(f, "ada", "ada-pw"), csrfField, "")},
		"invalid token":            {b.browser, withField(loginFields(f, "ada", "ada-pw"), csrfField, "forged")},
		"stale token":              {b.browser, loginFields(stale, "ada", "ada-pw")},
		"another sign-in's token":  {b.browser, withField(loginFields(f, "ada", "ada-pw"), csrfField, other.csrfToken)},
		"no cookie":                {noCookie, loginFields(f, "ada", "ada-pw")},
		"forged cookie":            {forgedCookie, loginFields(f, "ada", "ada-pw")},
		"another sign-in's cookie": {otherBrowser.browser, loginFields(f, "ada", "ada-pw")},
		"unknown request":          {b.browser, withField(loginFields(f, "ada", "ada-pw"), authRequestParam, "nope")},
	}
	for name, c := range cases {
		resp := b.submit(t, c.client, c.fields)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Location") != "" {
			t.Errorf("%s: status %d, Location %q, body %s", name, resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
	if b.callbackIssuesCode(t, f.authRequestID) {
		t.Fatal("a refused login still completed the sign-in")
	}
	// The genuine form still works, once.
	codeFrom(t, b.submit(t, b.browser, loginFields(f, "ada", "ada-pw")), serverRedirect, "s")
	if b.callbackIssuesCode(t, f.authRequestID) {
		t.Error("the callback issued a second code for one sign-in")
	}
	if resp := b.submit(t, b.browser, loginFields(f, "ada", "ada-pw")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the same form was accepted twice: %d", resp.StatusCode)
	}
}

// The cookie carries the attributes that keep it from other sites.
func TestLoginCookieAttributes(t *testing.T) {
	b := setup(t)
	u, _ := b.authURL(t, "s")
	resp, err := b.browser.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == csrfCookie {
			c = k
		}
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != loginPath {
		t.Fatalf("CSRF cookie: %+v", c)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

// Names from the config and what the user typed are escaped in the page.
func TestLoginPageEscapesHTML(t *testing.T) {
	b := setup(t)
	u, _ := b.authURL(t, "s")
	f := b.openLogin(t, u)
	typed := `"><script>alert('typed')</script>`
	again := parseLoginForm(t, b.submit(t, b.browser, loginFields(f, typed, "x")))

	for _, page := range []string{f.body, again.body} {
		for _, raw := range []string{"<script>alert", "<img src=x", `"><b>`} {
			if strings.Contains(page, raw) {
				t.Errorf("the page contains %q unescaped", raw)
			}
		}
	}
	if !strings.Contains(f.body, "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("the hostile user name is not shown escaped")
	}
	if !strings.Contains(again.body, `value="&#34;&gt;&lt;script&gt;alert(&#39;typed&#39;)&lt;/script&gt;"`) {
		t.Error("the typed login name is not shown back escaped")
	}
}

// An unknown or expired sign-in gets a plain message, not a form.
func TestLoginPageUnknownRequest(t *testing.T) {
	b := setup(t)
	resp, err := b.browser.Get(b.issuer + loginPath + "?authRequestID=%3Cscript%3E")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || strings.Contains(string(body), "<script>") || strings.Contains(string(body), "<form") {
		t.Errorf("status %d body %s", resp.StatusCode, body)
	}
}

// callbackIssuesCode asks op's callback for a code for request id, as a
// forged redirect would.
func (b bundle) callbackIssuesCode(t *testing.T, id string) bool {
	t.Helper()
	resp, err := b.browser.Get(b.issuer + callbackPath + "?" + url.Values{"id": {id}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	return loc != nil && loc.Query().Get("code") != ""
}

func withField(v url.Values, key, value string) url.Values {
	v.Set(key, value)
	return v
}
