package devidp

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// Requests with a registered redirect_uri but something the provider does
// not do are answered there, with the error and the state.
func TestAuthorizeRequestsRefused(t *testing.T) {
	b := setup(t)
	p := newPKCE()
	base := url.Values{"client_id": {serverClientID}, "redirect_uri": {serverRedirect}, "response_type": {"code"},
		"scope": {"openid email"}, "state": {"st"}, "code_challenge": {p.challenge}, "code_challenge_method": {"S256"}}
	cases := map[string]struct {
		key, value, wantError string
	}{
		"implicit flow":       {"response_type", "id_token token", "invalid_request"},
		"fragment mode":       {"response_mode", "fragment", "invalid_request"},
		"form_post mode":      {"response_mode", "form_post", "invalid_request"},
		"no openid scope":     {"scope", "email profile", "invalid_scope"},
		"prompt none":         {"prompt", "none", "login_required"},
		"plain PKCE":          {"code_challenge_method", "plain", "invalid_request"},
		"unknown PKCE":        {"code_challenge_method", "S512", "invalid_request"},
		"challenge no method": {"code_challenge_method", "", "invalid_request"},
	}
	for name, c := range cases {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set(c.key, c.value)
		resp, err := b.browser.Get(b.issuer + "/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if loc == nil {
			t.Fatalf("%s: no Location", name)
		}
		// Errors for a fragment-style request come in the fragment, as that client expects.
		params := loc.Query()
		if loc.Fragment != "" {
			params, _ = url.ParseQuery(loc.Fragment)
		}
		if resp.StatusCode != http.StatusFound || loc.Host != "127.0.0.1:8420" || params.Get("code") != "" ||
			params.Get("error") != c.wantError || params.Get("state") != "st" {
			t.Errorf("%s: %d %s, want error %s", name, resp.StatusCode, resp.Header.Get("Location"), c.wantError)
		}
	}
	// An unknown client gets an error page, not a redirect.
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	q.Set("client_id", "unknown")
	resp, err := b.browser.Get(b.issuer + "/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Errorf("unknown client: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// A confidential client may leave PKCE out (it has its secret); its code
// is bound to it: another client cannot exchange it.
func TestConfidentialClientCodeIsBound(t *testing.T) {
	b := setup(t)
	party := b.relyingParty(t, serverClientID, serverSecret, serverRedirect)
	c := b.signIn(t, rp.AuthURL("s", party), "ada", "ada-pw", serverRedirect, "s")

	thief := b.relyingParty(t, otherClientID, otherSecret, serverRedirect)
	_, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, thief)
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("another client exchanging the code: %v", err)
	}

	c = b.signIn(t, rp.AuthURL("s2", party), "ada", "ada-pw", serverRedirect, "s2")
	tokens, err := rp.CodeExchange[*oidc.IDTokenClaims](context.Background(), c, party)
	if err != nil {
		t.Fatalf("confidential client without PKCE: %v", err)
	}
	if tokens.IDTokenClaims.Subject != "ada" {
		t.Errorf("sub %q", tokens.IDTokenClaims.Subject)
	}
}
