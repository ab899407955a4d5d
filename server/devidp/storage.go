package devidp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Lifetimes. Everything lives in memory: a restart forgets sign-ins in
// progress, codes and tokens, and makes a new signing key.
const (
	authRequestTTL = 10 * time.Minute // from /authorize to the login
	codeTTL        = time.Minute      // from the code to its exchange
	accessTokenTTL = time.Hour
	idTokenTTL     = time.Hour
)

// errNotFound is what op gets for an unknown, expired or spent id or code.
var errNotFound = errors.New("devidp: not found, expired or already used")

// storage is op.Storage in memory, over the directory read at start.
type storage struct {
	dir  Directory
	key  signingKey
	now  func() time.Time
	mu   sync.Mutex
	reqs map[string]*authRequest
	code map[string]code
	tok  map[string]accessToken
}

var (
	_ op.Storage                   = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest = (*storage)(nil)
)

func newStorage(dir Directory, key signingKey, now func() time.Time) *storage {
	return &storage{dir: dir, key: key, now: now,
		reqs: map[string]*authRequest{}, code: map[string]code{}, tok: map[string]accessToken{}}
}

// pruneLocked forgets what has expired; the maps stay as small as the
// sign-ins of the last hour.
func (s *storage) pruneLocked(now time.Time) {
	for id, r := range s.reqs {
		if now.After(r.expires) {
			delete(s.reqs, id)
		}
	}
	for c, e := range s.code {
		if now.After(e.expires) {
			delete(s.code, c)
		}
	}
	for id, t := range s.tok {
		if now.After(t.expires) {
			delete(s.tok, id)
		}
	}
}

// --- authorization requests and codes ---

func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.pruneLocked(now)
	r := newAuthRequest(randomString(24), req, now.Add(authRequestTTL))
	s.reqs[r.id] = r
	return *r, nil
}

// AuthRequestByID serves op's callback (and the login page): once the code
// is issued, the request is only reachable through the code.
func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	r, ok := s.request(id)
	if !ok || r.codeIssued {
		return nil, errNotFound
	}
	return r, nil
}

// request is a copy of the live request id.
func (s *storage) request(id string) (authRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok || s.now().After(r.expires) {
		return authRequest{}, false
	}
	return *r, true
}

// AuthRequestByCode spends the code on its first presentation, before op
// checks the client and the PKCE verifier: a failed exchange cannot be
// retried with another guess.
func (s *storage) AuthRequestByCode(_ context.Context, c string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.code[c]
	delete(s.code, c)
	now := s.now()
	if !ok || now.After(e.expires) {
		return nil, errNotFound
	}
	r, ok := s.reqs[e.requestID]
	if !ok || !r.done {
		return nil, errNotFound
	}
	return *r, nil
}

func (s *storage) SaveAuthCode(_ context.Context, id, c string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok || !r.done || r.codeIssued {
		return errNotFound
	}
	r.codeIssued = true
	// The code outlives the request's own ten minutes by at most codeTTL.
	r.expires = s.now().Add(codeTTL)
	s.code[c] = code{requestID: id, expires: r.expires}
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.reqs, id)
	return nil
}

// --- the login page's side ---

// renewCSRF gives request id a fresh CSRF pair for the form about to be shown.
func (s *storage) renewCSRF(id string) (authRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok || r.done || s.now().After(r.expires) {
		return authRequest{}, false
	}
	r.csrfToken, r.csrfCookie = randomString(32), randomString(32)
	return *r, true
}

// checkCSRF reports whether token and cookie are the pair last issued for id.
func (s *storage) checkCSRF(id, token, cookie string) bool {
	r, ok := s.request(id)
	if !ok || r.done || r.csrfToken == "" {
		return false
	}
	return equalSecret(token, r.csrfToken) && equalSecret(cookie, r.csrfCookie)
}

// finishLogin marks request id as signed in by subject; the CSRF pair is
// spent, so the same form cannot be posted twice.
func (s *storage) finishLogin(id, subject string) (clientID string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok || r.done || s.now().After(r.expires) {
		return "", false
	}
	r.subject, r.authTime, r.done = subject, s.now(), true
	r.csrfToken, r.csrfCookie = "", ""
	return r.clientID, true
}

// --- tokens ---

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	r, ok := req.(authRequest)
	if !ok {
		return "", time.Time{}, oidc.ErrUnsupportedGrantType()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := randomString(24)
	exp := s.now().Add(accessTokenTTL)
	s.tok[id] = accessToken{subject: r.subject, clientID: r.clientID, scopes: r.GetScopes(), expires: exp}
	return id, exp, nil
}

// Refresh tokens are not offered: the clients of a development provider
// sign in again.
func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, oidc.ErrUnsupportedGrantType().WithDescription("refresh tokens are not offered")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, oidc.ErrUnsupportedGrantType().WithDescription("refresh tokens are not offered")
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// TerminateSession and RevokeToken back endpoints the provider does not route.
func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(context.Context, string, string, string) *oidc.Error {
	return oidc.ErrUnsupportedGrantType().WithDescription("revocation is not offered")
}

// --- keys ---

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{s.key.SignatureAlgorithm()}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

// --- clients ---

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	c, ok := s.dir.client(id)
	if !ok {
		return nil, errors.New("devidp: unknown client_id")
	}
	return opClient{c}, nil
}

// AuthorizeClientIDSecret compares in constant time; a public client has
// no secret to present.
func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	c, ok := s.dir.client(id)
	if !ok || c.Public || !equalSecret(secret, c.Secret) {
		return errors.New("devidp: unknown client or wrong client secret")
	}
	return nil
}

// --- claims ---

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does it.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's claims.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.fillClaims(info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken answers /userinfo for a live access token.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	s.mu.Lock()
	t, ok := s.tok[tokenID]
	s.mu.Unlock()
	if !ok || t.subject != subject || s.now().After(t.expires) {
		return oidc.ErrAccessDenied().WithDescription("the access token is unknown or expired")
	}
	return s.fillClaims(info, t.subject, t.scopes)
}

// fillClaims sets the claims of the granted scopes: email (email,
// email_verified), profile (name), groups (groups).
func (s *storage) fillClaims(info *oidc.UserInfo, subject string, scopes []string) error {
	u, ok := s.dir.userBySubject(subject)
	if !ok {
		return oidc.ErrAccessDenied().WithDescription("the user is no longer known")
	}
	info.Subject = u.Subject
	if slices.Contains(scopes, oidc.ScopeEmail) && u.Email != "" {
		info.Email, info.EmailVerified = u.Email, true
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = u.Name
	}
	if slices.Contains(scopes, ScopeGroups) {
		groups := u.Groups
		if groups == nil {
			groups = []string{} // present and empty: "no groups", not "not asked"
		}
		info.AppendClaims(ClaimGroups, groups)
	}
	return nil
}

func (s *storage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("devidp: introspection is not offered")
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("devidp: JWT client authentication is not offered")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("devidp: the JWT profile grant is not offered")
}

func (s *storage) Health(context.Context) error { return nil }

// --- helpers ---

// equalSecret compares hashes in constant time, so neither the content nor
// the length of a secret leaks through timing.
func equalSecret(given, want string) bool {
	a, b := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return want != "" && subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// randomString is n random bytes, base64url: ids, codes' keys, CSRF tokens.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
