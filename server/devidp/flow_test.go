package devidp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// The organization server's flow, with zitadel's relying party as the
// client: discovery, auth URL with PKCE, login form, code, token exchange,
// ID token verified against the provider's published keys.
func TestCodeFlowWithRelyingParty(t *testing.T) {
	b := setup(t)
	party := b.relyingParty(t, serverClientID, serverSecret, serverRedirect)
	p := newPKCE()
	authURL := rp.AuthURL("state-1", party, rp.WithCodeChallenge(p.challenge))

	c := b.signIn(t, authURL, "ada@example.org", "ada-pw", serverRedirect, "state-1")
	tokens, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party, rp.WithCodeVerifier(p.verifier))
	if err != nil {
		t.Fatalf("code exchange: %v", err)
	}
	claims := tokens.IDTokenClaims
	if claims.Subject != "ada" || claims.Email != "ada@example.org" || !bool(claims.EmailVerified) || claims.Name != "Ada Admin" {
		t.Errorf("claims: sub %q email %q verified %v name %q", claims.Subject, claims.Email, claims.EmailVerified, claims.Name)
	}
	if claims.Issuer != b.issuer || !slices.Contains(claims.Audience, serverClientID) {
		t.Errorf("iss %q aud %v", claims.Issuer, claims.Audience)
	}
	if got := groupsOf(t, claims.Claims); !slices.Equal(got, []string{"marketdesk-admins", "staff"}) {
		t.Errorf("groups claim %v", got)
	}

	// The signature is what was checked: a token with a changed payload fails.
	if _, err := rp.VerifyIDToken[*oidc.IDTokenClaims](context.Background(), tamper(t, tokens.IDToken), party.IDTokenVerifier()); err == nil {
		t.Error("a tampered ID token verified")
	}

	// userinfo answers the same claims for the access token.
	info, err := rp.Userinfo[*oidc.UserInfo](context.Background(), tokens.AccessToken, oidc.BearerToken, "ada", party)
	if err != nil {
		t.Fatalf("userinfo: %v", err)
	}
	if info.Email != "ada@example.org" || !slices.Equal(groupsOf(t, info.Claims), []string{"marketdesk-admins", "staff"}) {
		t.Errorf("userinfo: %+v", info)
	}

	// The code is spent: a second exchange fails.
	if _, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party, rp.WithCodeVerifier(p.verifier)); err == nil {
		t.Error("a code was exchanged twice")
	}
}

// Without the groups scope there is no groups claim; the subject is the
// login name's user even when signing in by subject.
func TestGroupsOnlyWithTheirScope(t *testing.T) {
	b := setup(t)
	party, err := rp.NewRelyingPartyOIDC(context.Background(), b.issuer, serverClientID, serverSecret, serverRedirect,
		[]string{oidc.ScopeOpenID, oidc.ScopeEmail})
	if err != nil {
		t.Fatal(err)
	}
	p := newPKCE()
	c := b.signIn(t, rp.AuthURL("s", party, rp.WithCodeChallenge(p.challenge)), "max", "max-pw", serverRedirect, "s")
	tokens, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party, rp.WithCodeVerifier(p.verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tokens.IDTokenClaims.Subject != "max" || tokens.IDTokenClaims.Name != "" {
		t.Errorf("sub %q name %q", tokens.IDTokenClaims.Subject, tokens.IDTokenClaims.Name)
	}
	if _, ok := tokens.IDTokenClaims.Claims[ClaimGroups]; ok {
		t.Error("groups claim without the groups scope")
	}
}

// A public client has no secret and must use PKCE S256.
func TestPublicClientNeedsPKCE(t *testing.T) {
	b := setup(t)
	party := b.relyingParty(t, publicClientID, "", publicRedirect)

	resp, err := b.browser.Get(rp.AuthURL("no-pkce", party))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc.Query().Get("error") != "invalid_request" || loc.Query().Get("code") != "" {
		t.Fatalf("without PKCE: %d %s", resp.StatusCode, loc)
	}

	plain := rp.AuthURL("plain", party) + "&code_challenge=abc&code_challenge_method=plain"
	resp, err = b.browser.Get(plain)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc, _ := url.Parse(resp.Header.Get("Location")); loc == nil || loc.Query().Get("error") != "invalid_request" {
		t.Fatalf("plain PKCE: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	p := newPKCE()
	c := b.signIn(t, rp.AuthURL("pkce", party, rp.WithCodeChallenge(p.challenge)), "max@example.org", "max-pw", publicRedirect, "pkce")
	tokens, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party, rp.WithCodeVerifier(p.verifier))
	if err != nil {
		t.Fatalf("public client exchange: %v", err)
	}
	if tokens.IDTokenClaims.Subject != "max" {
		t.Errorf("sub %q", tokens.IDTokenClaims.Subject)
	}
}

// A verifier that does not match the challenge is refused, and the code is
// spent by the attempt: the right verifier afterwards fails too.
func TestPKCEVerifierMismatchRefused(t *testing.T) {
	b := setup(t)
	party := b.relyingParty(t, serverClientID, serverSecret, serverRedirect)
	p := newPKCE()
	c := b.signIn(t, rp.AuthURL("s", party, rp.WithCodeChallenge(p.challenge)), "ada", "ada-pw", serverRedirect, "s")

	_, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party, rp.WithCodeVerifier(newPKCE().verifier))
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("wrong verifier: %v", err)
	}
	if _, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party, rp.WithCodeVerifier(p.verifier)); err == nil {
		t.Fatal("the code still worked after a failed attempt")
	}
}

// A redirect_uri that is not registered exactly is refused at /authorize
// without redirecting there, and a different one at the token endpoint is
// refused too.
func TestWrongRedirectURIRefused(t *testing.T) {
	b := setup(t)
	p := newPKCE()
	for _, evil := range []string{
		"https://evil.example/callback",
		"http://127.0.0.1:8420/auth/callback/../../steal",
		"http://127.0.0.1:9999/auth/callback", // another port: only exact matches
		serverRedirect + "?x=1",
	} {
		q := url.Values{"client_id": {serverClientID}, "redirect_uri": {evil}, "response_type": {"code"},
			"scope": {"openid"}, "state": {"s"}, "code_challenge": {p.challenge}, "code_challenge_method": {"S256"}}
		resp, err := b.browser.Get(b.issuer + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("%s: status %d, Location %q", evil, resp.StatusCode, resp.Header.Get("Location"))
		}
	}

	party := b.relyingParty(t, serverClientID, serverSecret, serverRedirect)
	c := b.signIn(t, rp.AuthURL("s", party, rp.WithCodeChallenge(p.challenge)), "ada", "ada-pw", serverRedirect, "s")
	form := url.Values{"grant_type": {"authorization_code"}, "code": {c}, "code_verifier": {p.verifier},
		"redirect_uri": {"http://127.0.0.1:8420/other"}}
	req, _ := http.NewRequest(http.MethodPost, b.issuer+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(serverClientID, serverSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Error string }
	json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusBadRequest || body.Error != "invalid_grant" {
		t.Errorf("token with another redirect_uri: %d %q", resp.StatusCode, body.Error)
	}
}

// A wrong client secret is refused at the token endpoint.
func TestWrongClientSecretRefused(t *testing.T) {
	b := setup(t)
	p := newPKCE()
	good := b.relyingParty(t, serverClientID, serverSecret, serverRedirect)
	c := b.signIn(t, rp.AuthURL("s", good, rp.WithCodeChallenge(p.challenge)), "ada", "ada-pw", serverRedirect, "s")
	bad := b.relyingParty(t, serverClientID, "not-the-secret", serverRedirect)
	if _, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, bad, rp.WithCodeVerifier(p.verifier)); err == nil {
		t.Fatal("a wrong client secret was accepted")
	}
}

func groupsOf(t *testing.T, claims map[string]any) []string {
	t.Helper()
	raw, ok := claims[ClaimGroups].([]any)
	if !ok {
		t.Fatalf("groups claim missing or not an array: %#v", claims[ClaimGroups])
	}
	var out []string
	for _, g := range raw {
		out = append(out, g.(string))
	}
	return out
}

// tamper changes one character of a JWT's payload.
func tamper(t *testing.T, jwt string) string {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWS: %q", jwt)
	}
	p := []byte(parts[1])
	if p[5] == 'A' {
		p[5] = 'B'
	} else {
		p[5] = 'A'
	}
	return parts[0] + "." + string(p) + "." + parts[2]
}
