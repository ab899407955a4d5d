package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"marketdesk/app/oauthflow"
	"marketdesk/db"
	"marketdesk/db/testdb"
)

// appRedirect is where the app's loopback listener would be; the browser
// double stops there instead of connecting.
const appRedirect = "http://127.0.0.1:53682/callback"

var (
	notes = Client{ID: "acme-notes", Name: "Acme Notes", RedirectPath: "/callback", Scopes: []Scope{
		{Name: "meeting:read", Description: "See your meetings and their participants"},
		{Name: "recording:read", Description: "Read your meeting recordings", Sensitive: true},
	}}
	calendar = Client{ID: "cal", Name: "Calendar", RedirectPath: "/oauth/done", Scopes: []Scope{
		{Name: "calendar:read", Description: "See your calendar"},
	}}
	ada = User{ID: "7", Name: "Ada Lovelace", Email: "ada@example.com"}
)

type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *db.DB
	server *Server
	issuer string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), db: testdb.New(t)}
	f.start()
	return f
}

// start runs a (new) server on the fixture's database.
func (f *fixture) start() {
	f.t.Helper()
	s, err := New(Config{
		Clients:     func() []Client { return []Client{notes, calendar} },
		CurrentUser: func(context.Context) (User, error) { return ada, nil },
		DB:          f.db,
	})
	if err != nil {
		f.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	issuer, err := s.Start(ctx, "")
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { cancel(); s.Close() })
	f.server, f.issuer = s, issuer
}

// oauthConfig is the app's side, as Marketdesk's install flow configures it.
func (f *fixture) oauthConfig(c Client, scopes ...string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:    c.ID,
		RedirectURL: appRedirect,
		Scopes:      scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   f.issuer + "/authorize",
			TokenURL:  f.issuer + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// browser is a double of the system browser: it keeps cookies, follows the
// sandbox's own redirects, and stops at a redirect that leaves the sandbox
// (the app's loopback listener), recording where it was sent.
type browser struct {
	f      *fixture
	client *http.Client
	// rogue: an authorization request Marketdesk did not announce (another
	// local process); otherwise get announces it first, as the installer does.
	rogue bool
}

func (f *fixture) browser() *browser {
	jar, _ := cookiejar.New(nil)
	issuerHost := strings.TrimPrefix(f.issuer, "http://")
	return &browser{f: f, client: &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != issuerHost || len(via) > 10 {
			return http.ErrUseLastResponse
		}
		return nil
	}}}
}

// result is where the browser ended: on a sandbox page (status, body, form)
// or sent to the app (location).
type result struct {
	status   int
	header   http.Header
	body     string
	form     url.Values // hidden fields of the consent form
	location *url.URL   // set when redirected out of the sandbox
}

func (b *browser) do(req *http.Request) result {
	b.f.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, body: string(body)}
	if loc := resp.Header.Get("Location"); resp.StatusCode >= 300 && resp.StatusCode < 400 && loc != "" {
		r.location, err = resp.Request.URL.Parse(loc)
		if err != nil {
			b.f.t.Fatal(err)
		}
	}
	r.form = hiddenFields(r.body)
	return r
}

func (b *browser) get(u string) result {
	b.f.t.Helper()
	if !b.rogue {
		b.f.announce(u)
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(req)
}

// announce registers the flow of an authorization URL, as Marketdesk's
// installer does before it opens the browser; it returns the release.
func (f *fixture) announce(authURL string) func() {
	f.t.Helper()
	u, err := url.Parse(authURL)
	if err != nil || u.Path != authorizeEndpoint {
		return func() {}
	}
	q := u.Query()
	release, err := f.server.ExpectFlow(oauthflow.Started{ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"),
		State: q.Get("state"), CodeChallenge: q.Get("code_challenge")})
	if err != nil {
		return func() {} // no challenge or state: the request is refused for that
	}
	return release
}

// submit posts the consent form with decision (allow or deny).
func (b *browser) submit(page result, decision string) result {
	b.f.t.Helper()
	if page.form.Get("authRequestID") == "" {
		b.f.t.Fatalf("not a consent page (%d): %s", page.status, page.body)
	}
	form := url.Values{"decision": {decision}}
	for k, v := range page.form {
		form[k] = v
	}
	req, _ := http.NewRequest(http.MethodPost, b.f.issuer+consentPath, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.f.issuer)
	return b.do(req)
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

func hiddenFields(body string) url.Values {
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// grant runs authorize → Allow → exchange and returns the tokens.
func (f *fixture) grant(c Client, scopes ...string) *oauth2.Token {
	f.t.Helper()
	cfg := f.oauthConfig(c, scopes...)
	verifier := oauth2.GenerateVerifier()
	b := f.browser()
	sent := b.submit(b.get(cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(verifier))), "allow")
	if sent.location == nil || sent.location.Query().Get("code") == "" {
		f.t.Fatalf("no code: %d %s", sent.status, sent.body)
	}
	tok, err := cfg.Exchange(f.ctx, sent.location.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// refresh uses a refresh token once.
func (f *fixture) refresh(c Client, refreshToken string) (*oauth2.Token, error) {
	return f.oauthConfig(c).TokenSource(f.ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
}

// userinfo calls the userinfo endpoint with an access token.
func (f *fixture) userinfo(accessToken string) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.issuer+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+accessToken)
	return f.getJSON(req)
}

func (f *fixture) postForm(path string, form url.Values) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.issuer+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.getJSON(req)
}

func (f *fixture) getJSON(req *http.Request) (int, map[string]any) {
	f.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		out = map[string]any{"raw": string(body)}
	}
	return resp.StatusCode, out
}

func (f *fixture) introspect(token string) map[string]any {
	f.t.Helper()
	status, out := f.postForm(introspectPath, url.Values{"token": {token}})
	if status != http.StatusOK {
		f.t.Fatalf("introspect: %d %v", status, out)
	}
	return out
}

func (f *fixture) revoke(c Client, token, hint string) (int, map[string]any) {
	f.t.Helper()
	form := url.Values{"token": {token}, "client_id": {c.ID}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	return f.postForm("/revoke", form)
}

func oauthErrorCode(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.ErrorCode
	}
	return ""
}
