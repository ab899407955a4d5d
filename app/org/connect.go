package org

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/oauthflow"
)

// CallbackPath is the loopback redirect's path (any port: RFC 8252 §7.3).
const CallbackPath = "/oauth/callback"

// ConnectOptions tune one Connect.
type ConnectOptions struct {
	// Waiting is told the sign-in address once the loopback listener is
	// ready (the CLI prints it; the UI offers "Copy link").
	Waiting func(authURL string)
	// Opener replaces the service's browser for this sign-in (the CLI's
	// --no-browser passes one that opens nothing).
	Opener oauthflow.Opener
}

// Connect signs this desktop in to the organization server at rawURL: it
// checks the server answers as a Marketdesk server, signs in through the
// system browser, stores the tokens in the keychain, and the server and
// who you are in the settings. It returns who you are.
func (s *Service) Connect(ctx context.Context, rawURL string, o ConnectOptions) (Me, error) {
	server, err := ServerURL(rawURL)
	if err != nil {
		return Me{}, err
	}
	if err := s.mayConnect(ctx, server); err != nil {
		return Me{}, err
	}
	if err := s.checkServer(ctx, server); err != nil {
		return Me{}, err
	}
	ep := s.endpoints(ctx, server)
	opener := o.Opener
	if opener == nil {
		opener = s.cfg.Opener
	}
	res, err := oauthflow.Run(ctx, oauthflow.Request{ClientID: ClientID, Endpoints: ep, RedirectPath: CallbackPath,
		HTTPClient: s.cfg.HTTPClient, Timeout: s.cfg.SignInTimeout, Waiting: o.Waiting}, opener)
	if err != nil {
		return Me{}, signInError(err)
	}
	if res.Token.RefreshToken == "" {
		return Me{}, apperr.New(apperr.Invalid, "the organization server gave no refresh token; nothing was saved")
	}
	sess := session{Server: server, AccessToken: res.Token.AccessToken, RefreshToken: res.Token.RefreshToken, Expiry: res.Token.Expiry}
	if sess.Expiry.IsZero() {
		sess.Expiry = s.cfg.Now().Add(time.Minute)
	}
	if ep.Token != server+"/oauth/token" {
		sess.TokenURL = ep.Token
	}
	if ep.Revocation != server+"/oauth/revoke" {
		sess.RevokeURL = ep.Revocation
	}
	return s.finishConnect(ctx, sess)
}

// finishConnect saves the sign-in, then asks the server who it is for.
func (s *Service) finishConnect(ctx context.Context, sess session) (Me, error) {
	previous, hadPrevious := loadSession(ctx, s.cfg.Vault)
	if err := saveSession(ctx, s.cfg.Vault, sess); err != nil {
		return Me{}, err
	}
	if hadPrevious == nil && previous.RefreshToken != sess.RefreshToken {
		_ = s.revoke(ctx, previous) // signing in again: the old sign-in ends, best effort
	}
	if s.Server(ctx) != sess.Server {
		_ = s.settings.Delete(ctx, KeyLastEventID) // another server's positions mean nothing here
	}
	if err := s.settings.Put(ctx, KeyServer, sess.Server); err != nil {
		return Me{}, wrapSettings(err)
	}
	s.mu.Lock()
	s.client = nil // a new session: forget the old one's tokens
	s.mu.Unlock()
	if err := s.deleteSettings(ctx, KeySignedOutAt, KeyOfflineSince); err != nil {
		return Me{}, wrapSettings(err)
	}
	if err := s.settings.Put(ctx, KeyConnectedAt, s.stamp()); err != nil {
		return Me{}, wrapSettings(err)
	}
	return s.refreshMe(ctx)
}

// mayConnect refuses a second organization, and any server but the one a
// managed policy names.
func (s *Service) mayConnect(ctx context.Context, server string) error {
	if p := s.cfg.Policy; p.Server != "" && p.Server != server {
		return apperr.New(apperr.Forbidden, "this desktop is managed by %s: it connects only to %s", p.Path, p.Server)
	}
	if current := s.Server(ctx); current != "" && current != server {
		return apperr.New(apperr.Conflict, "already connected to %s; disconnect first (marketdesk org disconnect)", current)
	}
	return nil
}

// checkServer asks GET /api/v1/version, so a mistyped address fails here
// rather than in the browser.
func (s *Service) checkServer(ctx context.Context, server string) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, server+"/api/v1/version", nil)
	if err != nil {
		return err
	}
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return &OfflineError{Server: server, Cause: err}
	}
	defer resp.Body.Close()
	var v struct {
		Version string `json:"version"`
		API     string `json:"api"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&v) != nil || v.Version == "" {
		return apperr.New(apperr.Invalid, "%s is not a Marketdesk organization server (GET /api/v1/version answered %s)", server, resp.Status)
	}
	if v.API != "v1" {
		return apperr.New(apperr.Invalid, "%s speaks API %q; this Marketdesk speaks v1 (update Marketdesk)", server, clip(v.API))
	}
	return nil
}

// endpoints are the server's own metadata when it publishes some for
// itself, else its documented paths (docs/server-auth.md). The issuer is
// the server itself: its redirects carry iss (RFC 9207), and a callback
// naming another server is refused.
func (s *Service) endpoints(ctx context.Context, server string) oauthflow.Endpoints {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if ep, err := oauthflow.Discover(ctx, s.cfg.HTTPClient, server); err == nil && ep.Issuer == server {
		ep.IssParameterSupported = true
		return ep
	}
	return oauthflow.Endpoints{Issuer: server, Authorization: server + "/oauth/authorize", Token: server + "/oauth/token",
		Revocation: server + "/oauth/revoke", IssParameterSupported: true}
}

// signInError words oauthflow's install-flavoured errors for a sign-in.
func signInError(err error) error {
	switch err {
	case oauthflow.ErrDeclined:
		return apperr.Wrap(apperr.Forbidden, err, "the organization refused the sign-in (you may be in none of the groups that may use Marketdesk); nothing was saved")
	case oauthflow.ErrCancelled:
		return apperr.Wrap(apperr.Conflict, err, "the sign-in was cancelled; nothing was saved")
	case oauthflow.ErrTimeout:
		return apperr.Wrap(apperr.Conflict, err, "no answer from the browser within the time allowed; nothing was saved")
	}
	msg := strings.ReplaceAll(err.Error(), "the app's authorization server", "the organization server")
	msg = strings.ReplaceAll(msg, "the app's server", "the organization server")
	return apperr.Wrap(apperr.CodeOf(err), err, "sign-in failed: %s", msg)
}

// refreshMe reads who you are and keeps it for offline use.
func (s *Service) refreshMe(ctx context.Context) (Me, error) {
	c, err := s.Client(ctx)
	if err != nil {
		return Me{}, err
	}
	var me Me
	if err := c.GetJSON(ctx, "/api/v1/me", &me); err != nil {
		return Me{}, err
	}
	raw, _ := json.Marshal(me)
	if err := s.settings.Put(ctx, KeyMe, string(raw)); err != nil {
		return Me{}, wrapSettings(err)
	}
	return me, wrapSettings(s.settings.Delete(ctx, KeyOfflineSince))
}

// Disconnect signs this desktop out: the server revokes the sign-in (best
// effort: offline, it ends when the refresh token expires), then the
// keychain item and the settings go. It reports whether the revocation
// reached the server.
func (s *Service) Disconnect(ctx context.Context) (revoked bool, err error) {
	server := s.Server(ctx)
	if server == "" {
		return false, ErrNotConnected
	}
	if sess, err := loadSession(ctx, s.cfg.Vault); err == nil {
		revoked = s.revoke(ctx, sess) == nil
	}
	if err := s.cfg.Vault.Delete(ctx, SessionItem); err != nil {
		return revoked, err
	}
	s.mu.Lock()
	s.client = nil
	s.mu.Unlock()
	return revoked, wrapSettings(s.deleteSettings(ctx, KeyServer, KeyMe, KeyConnectedAt, KeySignedOutAt, KeyOfflineSince, KeyLastEventID))
}

func (s *Service) revoke(ctx context.Context, sess session) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	endpoint := sess.RevokeURL
	if endpoint == "" {
		endpoint = sess.Server + "/oauth/revoke"
	}
	form := url.Values{"token": {sess.RefreshToken}, "token_type_hint": {"refresh_token"}, "client_id": {ClientID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	drain(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	return nil
}
