package oauthflow_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/app/oauthflow"
	"marketdesk/app/oauthflow/hostileas"
)

// run discovers as's endpoints and runs a flow against it with a browser
// that follows every redirect.
func run(t *testing.T, as *hostileas.Server, req oauthflow.Request) (oauthflow.Result, []string, error) {
	t.Helper()
	ep, err := oauthflow.Discover(context.Background(), as.Client(), as.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	req.ClientID, req.Endpoints, req.RedirectPath, req.HTTPClient = "app", ep, "/callback", as.Client()
	if req.Scopes == nil {
		req.Scopes = []string{"meeting:read"}
	}
	req.Timeout = 10 * time.Second
	b := hostileas.NewBrowser(as)
	res, err := oauthflow.Run(context.Background(), req, b)
	visited, _, _ := b.Wait()
	return res, visited, err
}

func TestHonestServerInstalls(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	res, _, err := run(t, as, oauthflow.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Token.TokenType != "Bearer" || !slices.Equal(res.GrantedScopes, []string{"meeting:read"}) {
		t.Fatalf("result = %+v", res)
	}
}

func TestCallbackWithoutIssIsRefusedWhenTheServerAdvertisesRFC9207(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{Iss: hostileas.NoIss})
	_, _, err := run(t, as, oauthflow.Request{})
	var cb *oauthflow.CallbackError
	if !errors.As(err, &cb) || !strings.Contains(err.Error(), "RFC 9207") {
		t.Fatalf("err = %v, want a refused callback", err)
	}
	if n := len(as.Exchanges()); n != 0 {
		t.Fatalf("the code was exchanged %d times after a refused callback", n)
	}
}

func TestCallbackWithAnotherIssIsRefused(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{Iss: "https://127.0.0.1:1"})
	if _, _, err := run(t, as, oauthflow.Request{}); err == nil || !strings.Contains(err.Error(), "not from the app's server") {
		t.Fatalf("err = %v", err)
	}
	if len(as.Exchanges()) != 0 {
		t.Fatal("the code was exchanged")
	}
}

func TestServerWithoutRFC9207MayOmitIss(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{HideIssSupport: true})
	if _, _, err := run(t, as, oauthflow.Request{}); err != nil {
		t.Fatal(err)
	}
}

func TestNonBearerTokenIsRefused(t *testing.T) {
	for _, typ := range []string{"DPoP", "mac", "N_A", "Bearer2", "\x1b[2J"} {
		t.Run(typ, func(t *testing.T) {
			as := hostileas.New(t, hostileas.Options{TokenType: typ})
			res, _, err := run(t, as, oauthflow.Request{})
			var nb *oauthflow.NotBearerError
			if !errors.As(err, &nb) || res.Token != nil {
				t.Fatalf("err = %v, token = %v; want NotBearerError and no token", err, res.Token)
			}
			if strings.Contains(err.Error(), "\x1b") {
				t.Fatalf("the server's token_type reached the message raw: %q", err)
			}
		})
	}
}

func TestBearerIsCaseInsensitive(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{TokenType: "bEaReR"})
	res, _, err := run(t, as, oauthflow.Request{})
	if err != nil || res.Token.TokenType != "Bearer" {
		t.Fatalf("err = %v, token type = %q", err, res.Token.TokenType)
	}
}

func TestMissingTokenTypeIsRefused(t *testing.T) {
	tok := (&oauth2.Token{AccessToken: "x"})
	if err := oauthflow.CheckBearer(tok); err == nil {
		t.Fatal("a token without token_type was accepted")
	}
}

// Scopes the server grants beyond the request are trimmed: the granted
// scopes are the intersection, the rest is reported apart.
func TestScopesBeyondTheRequestAreNotRecordedAsGranted(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{ExtraScopes: []string{"admin:write", "meeting:read", "recording:read"}})
	res, _, err := run(t, as, oauthflow.Request{Scopes: []string{"meeting:read", "calendar:read"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.GrantedScopes, []string{"meeting:read", "calendar:read"}) {
		t.Fatalf("granted = %v, want the requested ones only", res.GrantedScopes)
	}
	if !slices.Equal(res.UnrequestedScopes, []string{"admin:write", "recording:read"}) {
		t.Fatalf("unrequested = %v", res.UnrequestedScopes)
	}
}

// Mix-up (RFC 9700 §4.4): the listing's server forwards the browser to an
// honest server with the flow's own parameters. The honest server names
// itself in iss, which is not the issuer discovered for this listing: the
// callback is refused and the honest code never reaches the attacker.
func TestMixUpIsRefusedWhenTheHonestServerSendsIss(t *testing.T) {
	honest := hostileas.New(t, hostileas.Options{})
	attacker := hostileas.New(t, hostileas.Options{HideIssSupport: true, ForwardTo: honest, AcceptAnyCode: true})
	_, visited, err := run(t, attacker, oauthflow.Request{})
	if err == nil || !strings.Contains(err.Error(), "not from the app's server") {
		t.Fatalf("err = %v, want the callback refused", err)
	}
	if honest.Authorizations() != 1 || !slices.ContainsFunc(visited, func(v string) bool { return strings.HasPrefix(v, honest.Issuer) }) {
		t.Fatalf("the browser was not forwarded to the honest server: %v", visited)
	}
	if ex := attacker.Exchanges(); len(ex) != 0 {
		t.Fatalf("the attacker received a code: %+v", ex)
	}
}

// The residual risk, documented in docs/authorization.md: when the honest
// server does not send iss (no RFC 9207), the callback cannot tell the
// servers apart, and the honest code and the verifier go to the listing's
// token endpoint. What stops it there is outside the flow: the review names
// the listing's server, and a manager approved that server for the listing.
func TestMixUpWithoutIssReachesTheListingsServerResidualRisk(t *testing.T) {
	honest := hostileas.New(t, hostileas.Options{HideIssSupport: true})
	attacker := hostileas.New(t, hostileas.Options{HideIssSupport: true, ForwardTo: honest, AcceptAnyCode: true})
	if _, _, err := run(t, attacker, oauthflow.Request{}); err != nil {
		t.Fatalf("err = %v", err)
	}
	ex := attacker.Exchanges()
	if len(ex) != 1 || ex[0].Issued || ex[0].Verifier == "" {
		t.Fatalf("exchanges at the attacker = %+v, want the honest code with the verifier", ex)
	}
}

// Announce is told the flow (client, redirect, state, PKCE challenge)
// before the browser opens, and released when the flow ends.
func TestAnnounceSeesTheFlowBeforeTheBrowser(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	var got oauthflow.Started
	released := false
	b := hostileas.NewBrowser(as)
	ep, _ := oauthflow.Discover(context.Background(), as.Client(), as.Issuer)
	_, err := oauthflow.Run(context.Background(), oauthflow.Request{ClientID: "app", Scopes: []string{"meeting:read"}, Endpoints: ep,
		RedirectPath: "/callback", HTTPClient: as.Client(), Timeout: 10 * time.Second,
		Announce: func(s oauthflow.Started) (func(), error) {
			got = s
			if as.Authorizations() != 0 {
				t.Error("announced after the browser opened")
			}
			return func() { released = true }, nil
		}}, b)
	if err != nil {
		t.Fatal(err)
	}
	visited, _, _ := b.Wait()
	u, _ := url.Parse(visited[0])
	q := u.Query()
	if got.State != q.Get("state") || got.CodeChallenge != q.Get("code_challenge") || got.RedirectURI != q.Get("redirect_uri") ||
		got.ClientID != "app" || got.Expires.IsZero() || !released {
		t.Fatalf("announced %+v (released %v), authorization URL %s", got, released, visited[0])
	}
}

func TestAnnounceRefusalStopsTheFlow(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	ep, _ := oauthflow.Discover(context.Background(), as.Client(), as.Issuer)
	_, err := oauthflow.Run(context.Background(), oauthflow.Request{ClientID: "app", Endpoints: ep, RedirectPath: "/callback",
		HTTPClient: as.Client(), Timeout: time.Second,
		Announce: func(oauthflow.Started) (func(), error) { return nil, errors.New("no") }}, hostileas.NewBrowser(as))
	if err == nil || as.Authorizations() != 0 {
		t.Fatalf("err = %v, authorizations = %d", err, as.Authorizations())
	}
}
