package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"github.com/zitadel/oidc/v3/pkg/oidc"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
)

// callback is where the provider sends the browser back. It finds the
// desktop's request by the state, checks the browser is the one that
// started, exchanges the provider's code (PKCE, client secret), verifies the
// ID token (signature, issuer, audience, expiry, nonce), records the person
// and redirects to the desktop with a one-time code.
func (s *Service) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	state := q.Get("state")
	pending, err := s.takeRequest(w, r, state)
	if errors.Is(err, pgx.ErrNoRows) {
		browserError(w, r, http.StatusBadRequest, "invalid_request",
			"this sign-in is unknown, already finished, or was started in another browser: start it again from Marketdesk")
		return
	}
	if err != nil {
		s.log.ErrorContext(ctx, "sign-in callback", "error", err)
		browserError(w, r, http.StatusServiceUnavailable, string(apperr.Unavailable), "the sign-in could not be read from the database: try again")
		return
	}
	fail := func(code, description string) {
		s.toDesktop(w, r, pending.RedirectUri, url.Values{"error": {code}, "error_description": {description}, "state": {pending.DesktopState}})
	}
	if s.now().After(pending.ExpiresAt) {
		fail("access_denied", "the sign-in took too long: start it again")
		return
	}
	if e := q.Get("error"); e != "" {
		fail("access_denied", "the identity provider did not sign you in: "+e+" "+q.Get("error_description"))
		return
	}
	who, err := s.exchange(ctx, q.Get("code"), pending)
	if err != nil {
		s.log.WarnContext(ctx, "the provider's answer was refused", "error", err)
		fail("access_denied", "the identity provider's answer could not be verified")
		return
	}
	code, err := s.signIn(ctx, who, pending)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Forbidden {
			fail("access_denied", err.Error())
			return
		}
		s.log.ErrorContext(ctx, "sign-in", "error", err)
		fail("server_error", "the sign-in could not be recorded: try again")
		return
	}
	s.toDesktop(w, r, pending.RedirectUri, url.Values{"code": {code}, "state": {pending.DesktopState}})
}

// takeRequest spends the pending request of state, if this browser holds
// the cookie begin set, and clears the cookie.
func (s *Service) takeRequest(w http.ResponseWriter, r *http.Request, state string) (store.AuthRequest, error) {
	name := browserCookie(state)
	c, err := r.Cookie(name)
	if err != nil || state == "" {
		return store.AuthRequest{}, pgx.ErrNoRows
	}
	http.SetCookie(w, &http.Cookie{Name: name, Path: CallbackPath, MaxAge: -1, HttpOnly: true})
	return s.db.Queries.TakeAuthRequest(r.Context(), store.TakeAuthRequestParams{StateHash: hash(state), BrowserHash: hash(c.Value)})
}

// person is who the provider signed in.
type person struct {
	issuer, subject, email, name string
	groups                       []string
}

// exchange redeems the provider's code and reads the person from the
// verified ID token, asking userinfo for what the ID token leaves out
// (many providers send email or groups only there).
func (s *Service) exchange(ctx context.Context, code string, pending store.AuthRequest) (person, error) {
	party, err := s.idp.relyingParty(ctx)
	if err != nil {
		return person{}, err
	}
	tokens, err := rp.CodeExchange[*oidc.IDTokenClaims](withNonce(ctx, pending.Nonce), code, party, rp.WithCodeVerifier(pending.IdpVerifier))
	if err != nil {
		return person{}, err
	}
	c := tokens.IDTokenClaims
	who := person{issuer: c.Issuer, subject: c.Subject, email: c.Email, name: c.Name}
	groups, haveGroups := groupsOf(c.Claims[s.cfg.GroupsClaim])
	if (!haveGroups || who.email == "" || who.name == "") && party.UserinfoEndpoint() != "" {
		info, err := rp.Userinfo[*oidc.UserInfo](ctx, tokens.AccessToken, tokens.TokenType, c.Subject, party)
		if err != nil {
			return person{}, err
		}
		who.email = firstNonEmpty(who.email, info.Email)
		who.name = firstNonEmpty(who.name, info.Name, info.PreferredUsername)
		if !haveGroups {
			groups, _ = groupsOf(info.Claims[s.cfg.GroupsClaim])
		}
	}
	who.groups = groups
	if who.subject == "" || who.issuer == "" {
		return person{}, errors.New("the ID token has no subject or issuer")
	}
	return who, nil
}

// groupsOf reads a groups claim: an array of strings, or one string.
func groupsOf(v any) ([]string, bool) {
	switch g := v.(type) {
	case string:
		return []string{g}, true
	case []any:
		var out []string
		for _, x := range g {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out, true
	case []string:
		return g, true
	}
	return nil, false
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
