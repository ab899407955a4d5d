package sandbox

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

func TestFullFlow(t *testing.T) {
	f := setup(t)

	for _, path := range []string{oidcDiscoveryPath, oauthMetadataPath} {
		req, _ := http.NewRequest(http.MethodGet, f.issuer+path, nil)
		status, doc := f.getJSON(req)
		if status != http.StatusOK || doc["issuer"] != f.issuer {
			t.Fatalf("%s: %d %v", path, status, doc)
		}
		for key, want := range map[string]string{
			"authorization_endpoint": "/authorize", "token_endpoint": "/oauth/token", "userinfo_endpoint": "/userinfo",
			"revocation_endpoint": "/revoke", "introspection_endpoint": introspectPath, "jwks_uri": "/keys",
		} {
			if doc[key] != f.issuer+want {
				t.Errorf("%s: %s = %v, want %s", path, key, doc[key], f.issuer+want)
			}
		}
		if doc["authorization_response_iss_parameter_supported"] != true {
			t.Errorf("%s: iss parameter not advertised", path)
		}
	}

	cfg := f.oauthConfig(notes, "openid", "profile", "meeting:read")
	verifier := oauth2.GenerateVerifier()
	b := f.browser()
	page := b.get(cfg.AuthCodeURL("state-123", oauth2.S256ChallengeOption(verifier)))
	if page.status != http.StatusOK {
		t.Fatalf("consent page: %d %s", page.status, page.body)
	}
	for _, want := range []string{"Acme Notes", "Signed in as Ada Lovelace (ada@example.com)", "See your meetings and their participants", "See your name"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("consent page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "recordings") || strings.Contains(page.body, "<script") {
		t.Error("consent page shows an unrequested scope or a script")
	}
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "form-action 'self'") {
		t.Errorf("CSP: %q", csp)
	}

	sent := b.submit(page, "allow")
	if sent.location == nil {
		t.Fatalf("allow: not redirected to the app: %d %s", sent.status, sent.body)
	}
	q := sent.location.Query()
	if got := sent.location.Scheme + "://" + sent.location.Host + sent.location.Path; got != appRedirect {
		t.Errorf("redirected to %s", got)
	}
	if q.Get("code") == "" || q.Get("state") != "state-123" || q.Get("iss") != f.issuer {
		t.Fatalf("authorization response: %v", q)
	}

	tok, err := cfg.Exchange(f.ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.Extra("id_token") == nil {
		t.Fatalf("tokens: %+v", tok)
	}
	status, info := f.userinfo(tok.AccessToken)
	if status != http.StatusOK || info["sub"] != ada.ID || info["name"] != ada.Name {
		t.Fatalf("userinfo: %d %v", status, info)
	}
	if _, ok := info["email"]; ok {
		t.Errorf("userinfo has email without the email scope: %v", info)
	}
	if !strings.Contains(info["scope"].(string), "meeting:read") {
		t.Errorf("userinfo scope claim: %v", info)
	}

	// The consent is single-use: the page and the callback refuse the id now.
	if again := b.get(f.issuer + consentPath + "?authRequestID=" + url.QueryEscape(page.form.Get("authRequestID"))); again.status != http.StatusBadRequest {
		t.Errorf("consent page again: %d", again.status)
	}
}

func TestUserinfoEmailScope(t *testing.T) {
	f := setup(t)
	tok := f.grant(notes, "email")
	_, info := f.userinfo(tok.AccessToken)
	if info["email"] != ada.Email || info["name"] != nil {
		t.Fatalf("userinfo: %v", info)
	}
}

func TestDeny(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")
	b := f.browser()
	page := b.get(cfg.AuthCodeURL("s-9", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	sent := b.submit(page, "deny")
	if sent.location == nil {
		t.Fatalf("deny: %d %s", sent.status, sent.body)
	}
	q := sent.location.Query()
	if q.Get("error") != "access_denied" || q.Get("state") != "s-9" || q.Get("iss") != f.issuer || q.Has("code") {
		t.Fatalf("deny response: %v", q)
	}
	if again := b.submit(page, "allow"); again.location != nil || again.status < 400 {
		t.Fatalf("allow after deny: %d %v", again.status, again.location)
	}
}

func TestConsentFormFromAnotherSite(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")
	page := f.browser().get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	// Another browser (no consent cookie) posts the same fields.
	if sent := f.browser().submit(page, "allow"); sent.status != http.StatusForbidden || sent.location != nil {
		t.Fatalf("cross-site post: %d %v", sent.status, sent.location)
	}
}

func TestPKCE(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")

	t.Run("missing", func(t *testing.T) {
		sent := f.browser().get(cfg.AuthCodeURL("s1"))
		if sent.location == nil || sent.location.Query().Get("error") != "invalid_request" || sent.location.Query().Get("state") != "s1" {
			t.Fatalf("no PKCE: %d %v %s", sent.status, sent.location, sent.body)
		}
	})
	t.Run("plain", func(t *testing.T) {
		u := cfg.AuthCodeURL("s2", oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"),
			oauth2.SetAuthURLParam("code_challenge_method", "plain"))
		if sent := f.browser().get(u); sent.location == nil || sent.location.Query().Get("error") != "invalid_request" {
			t.Fatalf("plain PKCE: %d %v", sent.status, sent.location)
		}
	})

	code := func(verifier string) string {
		b := f.browser()
		sent := b.submit(b.get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))), "allow")
		if sent.location == nil {
			t.Fatalf("no code: %d", sent.status)
		}
		return sent.location.Query().Get("code")
	}
	t.Run("wrong verifier", func(t *testing.T) {
		_, err := cfg.Exchange(f.ctx, code(oauth2.GenerateVerifier()), oauth2.VerifierOption(oauth2.GenerateVerifier()))
		if oauthErrorCode(err) != "invalid_grant" {
			t.Fatalf("wrong verifier: %v", err)
		}
	})
	t.Run("no verifier", func(t *testing.T) {
		_, err := cfg.Exchange(f.ctx, code(oauth2.GenerateVerifier()))
		if err == nil {
			t.Fatal("exchange without verifier worked")
		}
	})
	t.Run("code used twice", func(t *testing.T) {
		v := oauth2.GenerateVerifier()
		c := code(v)
		tok, err := cfg.Exchange(f.ctx, c, oauth2.VerifierOption(v))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cfg.Exchange(f.ctx, c, oauth2.VerifierOption(v)); oauthErrorCode(err) != "invalid_grant" {
			t.Fatalf("second exchange: %v", err)
		}
		// A replayed code revokes what the first exchange issued (RFC 6749 §4.1.2).
		if status, _ := f.userinfo(tok.AccessToken); status == http.StatusOK {
			t.Error("access token still works after the code was replayed")
		}
		if _, err := f.refresh(notes, tok.RefreshToken); err == nil {
			t.Error("refresh token still works after the code was replayed")
		}
	})
}

func TestRedirectURI(t *testing.T) {
	f := setup(t)
	verifier := oauth2.GenerateVerifier()
	authURL := func(redirect string) string {
		cfg := f.oauthConfig(notes, "meeting:read")
		cfg.RedirectURL = redirect
		return cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))
	}
	for _, bad := range []string{
		"http://127.0.0.1:53682/other",
		"http://127.0.0.1:53682/callback/x",
		"http://localhost:53682/callback",
		"http://evil.example:53682/callback",
		"http://10.0.0.1:53682/callback",
		"http://[::1]:53682/callback",
		"https://127.0.0.1:53682/callback",
		"http://127.0.0.1/callback",
		"http://127.0.0.1:53682/callback?x=1",
		"http://user@127.0.0.1:53682/callback",
	} {
		sent := f.browser().get(authURL(bad))
		if sent.location != nil || sent.status != http.StatusBadRequest || !strings.Contains(sent.body, "redirect_uri") {
			t.Errorf("%s: %d %v %q", bad, sent.status, sent.location, sent.body)
		}
	}
	for _, port := range []string{"1", "8080", "53682", "65535"} {
		if page := f.browser().get(authURL("http://127.0.0.1:" + port + "/callback")); page.status != http.StatusOK || page.form.Get("authRequestID") == "" {
			t.Errorf("port %s: %d %s", port, page.status, page.body)
		}
	}
	// Unknown app: shown, not redirected.
	cfg := f.oauthConfig(Client{ID: "nobody"}, "openid")
	if sent := f.browser().get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))); sent.location != nil || sent.status != http.StatusBadRequest {
		t.Errorf("unknown client: %d %v", sent.status, sent.location)
	}
}

func TestScopeNotAllowed(t *testing.T) {
	f := setup(t)
	for _, scopes := range [][]string{{"meeting:read", "calendar:read"}, {"admin"}, {"phone"}} {
		cfg := f.oauthConfig(notes, scopes...)
		sent := f.browser().get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if sent.location == nil || sent.location.Query().Get("error") != "invalid_scope" || sent.location.Query().Get("iss") != f.issuer {
			t.Errorf("%v: %d %v %s", scopes, sent.status, sent.location, sent.body)
		}
	}
}

func TestRefreshRotation(t *testing.T) {
	f := setup(t)
	first := f.grant(notes, "meeting:read")
	second, err := f.refresh(notes, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatalf("no rotation: %+v", second)
	}
	if _, err := f.refresh(notes, first.RefreshToken); oauthErrorCode(err) != "invalid_grant" {
		t.Fatalf("old refresh token: %v", err)
	}
	third, err := f.refresh(notes, second.RefreshToken)
	if err != nil {
		t.Fatalf("new refresh token: %v", err)
	}
	if status, info := f.userinfo(third.AccessToken); status != http.StatusOK || info["sub"] != ada.ID {
		t.Fatalf("userinfo after refresh: %d %v", status, info)
	}
	// Another app cannot use it.
	if _, err := f.refresh(calendar, third.RefreshToken); err == nil {
		t.Fatal("refresh by another client worked")
	}
}

func TestRevokeRefreshToken(t *testing.T) {
	f := setup(t)
	tok := f.grant(notes, "meeting:read")
	if in := f.introspect(tok.RefreshToken); in["active"] != true || in["client_id"] != notes.ID || in["sub"] != ada.ID || in["exp"] == nil {
		t.Fatalf("introspect before: %v", in)
	}
	if in := f.introspect(tok.AccessToken); in["active"] != true || !strings.Contains(in["scope"].(string), "meeting:read") {
		t.Fatalf("introspect access before: %v", in)
	}
	if status, out := f.revoke(calendar, tok.RefreshToken, ""); status != http.StatusUnauthorized {
		t.Fatalf("revoke by another client: %d %v", status, out)
	}
	if status, out := f.revoke(notes, tok.RefreshToken, "refresh_token"); status != http.StatusOK {
		t.Fatalf("revoke: %d %v", status, out)
	}
	if in := f.introspect(tok.RefreshToken); in["active"] != false {
		t.Fatalf("introspect after: %v", in)
	}
	if in := f.introspect(tok.AccessToken); in["active"] != false {
		t.Fatalf("access token of the revoked grant: %v", in)
	}
	if _, err := f.refresh(notes, tok.RefreshToken); oauthErrorCode(err) != "invalid_grant" {
		t.Fatalf("refresh after revoke: %v", err)
	}
	// RFC 7009: revoking an unknown or already revoked token is not an error.
	if status, _ := f.revoke(notes, "no-such-token", ""); status != http.StatusOK {
		t.Fatalf("revoke unknown: %d", status)
	}
}

func TestRevokeAccessToken(t *testing.T) {
	f := setup(t)
	tok := f.grant(notes, "meeting:read")
	if status, _ := f.userinfo(tok.AccessToken); status != http.StatusOK {
		t.Fatalf("userinfo before: %d", status)
	}
	if status, out := f.revoke(notes, tok.AccessToken, "access_token"); status != http.StatusOK {
		t.Fatalf("revoke: %d %v", status, out)
	}
	if status, _ := f.userinfo(tok.AccessToken); status == http.StatusOK {
		t.Fatal("userinfo works with a revoked access token")
	}
	if in := f.introspect(tok.AccessToken); in["active"] != false {
		t.Fatalf("introspect: %v", in)
	}
	// The refresh token is a separate credential and still works.
	if _, err := f.refresh(notes, tok.RefreshToken); err != nil {
		t.Fatalf("refresh after revoking the access token: %v", err)
	}
}

func TestRestart(t *testing.T) {
	f := setup(t)
	tok := f.grant(notes, "openid", "profile", "meeting:read")
	oldIssuer := f.issuer
	if err := f.server.Close(); err != nil {
		t.Fatal(err)
	}
	f.start()
	if f.issuer == oldIssuer {
		t.Log("same port after restart")
	}
	if status, info := f.userinfo(tok.AccessToken); status != http.StatusOK || info["name"] != ada.Name {
		t.Fatalf("userinfo after restart: %d %v", status, info)
	}
	next, err := f.refresh(notes, tok.RefreshToken)
	if err != nil {
		t.Fatalf("refresh after restart: %v", err)
	}
	if status, _ := f.userinfo(next.AccessToken); status != http.StatusOK {
		t.Fatalf("new access token: %d", status)
	}
}

func TestDatabaseHoldsNoTokens(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "openid", "meeting:read")
	verifier := oauth2.GenerateVerifier()
	b := f.browser()
	sent := b.submit(b.get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier))), "allow")
	code := sent.location.Query().Get("code")
	tok, err := cfg.Exchange(f.ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	next, err := f.refresh(notes, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"code": code, "access token": tok.AccessToken, "refresh token": tok.RefreshToken,
		"id token": tok.Extra("id_token").(string), "rotated access token": next.AccessToken,
		"rotated refresh token": next.RefreshToken, "verifier": verifier,
	}
	var files [][]byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if b, err := os.ReadFile(f.db.Path + suffix); err == nil {
			files = append(files, b)
		}
	}
	if len(files) == 0 {
		t.Fatal("no database file")
	}
	for name, secret := range secrets {
		for _, b := range files {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("the database holds the %s", name)
			}
		}
	}
}

func TestOtherHostNameRefused(t *testing.T) {
	f := setup(t)
	req, _ := http.NewRequest(http.MethodGet, f.issuer+oidcDiscoveryPath, nil)
	req.Host = "rebound.example" + strings.TrimPrefix(f.issuer, "http://127.0.0.1")
	if status, _ := f.getJSON(req); status != http.StatusMisdirectedRequest {
		t.Fatalf("status %d", status)
	}
}
