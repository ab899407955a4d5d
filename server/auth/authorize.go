package auth

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"golang.org/x/oauth2"

	"marketdesk/server/db/store"
)

// authRequest is what a desktop asked for at /oauth/authorize.
type authRequest struct {
	clientID, redirectURI, state, challenge string
}

// authorize starts a desktop's sign-in. Errors that make the redirect_uri
// untrustworthy are shown in the browser; the others go back to the desktop
// (RFC 6749 §4.1.2.1). On success the request is stored and the browser is
// sent to the organization's provider.
func (s *Service) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := authRequest{clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), state: q.Get("state"), challenge: q.Get("code_challenge")}
	if !slices.Contains(s.cfg.DesktopClients, req.clientID) {
		browserError(w, r, http.StatusBadRequest, "invalid_client", "unknown client_id %q: this server signs in the desktops listed in auth.desktop_clients", req.clientID)
		return
	}
	if _, ok := loopbackRedirect(req.redirectURI); !ok {
		browserError(w, r, http.StatusBadRequest, "invalid_request",
			"the redirect_uri %q is not a loopback address: a desktop listens on http://127.0.0.1:PORT/path or http://[::1]:PORT/path", req.redirectURI)
		return
	}
	if problem, code := checkAuthorizeParams(q); problem != "" {
		s.toDesktop(w, r, req.redirectURI, url.Values{"error": {code}, "error_description": {problem}, "state": {req.state}})
		return
	}
	target, err := s.begin(r, w, req)
	if err != nil {
		s.log.WarnContext(r.Context(), "sign-in could not start", "error", err)
		s.toDesktop(w, r, req.redirectURI, url.Values{"error": {"temporarily_unavailable"}, "error_description": {err.Error()}, "state": {req.state}})
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// maxParam bounds what an unauthenticated request may make the server store.
const maxParam = 512

// checkAuthorizeParams returns the first problem of a request whose client
// and redirect are known good, with its OAuth error code.
func checkAuthorizeParams(q url.Values) (problem, code string) {
	switch {
	case q.Get("response_type") != "code":
		return "response_type must be code", "unsupported_response_type"
	case q.Get("code_challenge_method") != "S256":
		return "PKCE is required: code_challenge_method must be S256", "invalid_request"
	case !validChallenge(q.Get("code_challenge")):
		return "code_challenge must be the S256 challenge (43 base64url characters) of a code_verifier", "invalid_request"
	case q.Get("state") == "":
		return "state is required", "invalid_request"
	case len(q.Get("state")) > maxParam || len(q.Get("redirect_uri")) > maxParam:
		return "state and redirect_uri are limited to 512 bytes", "invalid_request"
	}
	return "", ""
}

// begin stores the request and returns the provider's authorization URL.
// The browser gets a cookie that the callback must bring back: a callback
// URL opened in another browser (login CSRF) finds no cookie.
func (s *Service) begin(r *http.Request, w http.ResponseWriter, req authRequest) (string, error) {
	party, err := s.idp.relyingParty(r.Context())
	if err != nil {
		return "", err
	}
	state, browser, nonce := newSecret(""), newSecret(""), newSecret("")
	verifier := oauth2.GenerateVerifier()
	now := s.now()
	err = s.db.InTx(r.Context(), func(q *store.Queries) error {
		if err := q.DeleteExpiredAuthRequests(r.Context(), now); err != nil {
			return err
		}
		return q.InsertAuthRequest(r.Context(), store.InsertAuthRequestParams{
			StateHash: hash(state), BrowserHash: hash(browser), ClientID: req.clientID, RedirectUri: req.redirectURI,
			DesktopState: req.state, CodeChallenge: req.challenge, IdpVerifier: verifier, Nonce: nonce,
			CreatedAt: now, ExpiresAt: now.Add(requestTTL),
		})
	})
	if err != nil {
		return "", err
	}
	http.SetCookie(w, &http.Cookie{
		Name: browserCookie(state), Value: browser, Path: CallbackPath, MaxAge: int(requestTTL.Seconds()),
		HttpOnly: true, Secure: strings.HasPrefix(s.cfg.PublicURL, "https://"),
		SameSite: http.SameSiteLaxMode, // the provider's redirect back is a cross-site top-level GET
	})
	return rp.AuthURL(state, party, rp.WithCodeChallenge(s256(verifier)), rp.AuthURLOpt(rp.WithURLParam("nonce", nonce))), nil
}

// browserCookie names the cookie of one sign-in, so two sign-ins in the
// same browser do not overwrite each other's.
func browserCookie(state string) string {
	return "md_signin_" + hex.EncodeToString(hash(state)[:6])
}
