package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"marketdesk/db/store"
)

// storage is op.Storage over the sandbox tables. Secrets the apps hold (codes,
// access tokens, refresh tokens) are stored only as SHA-256 hashes.
type storage struct {
	cfg    *Config
	keys   *keys
	crypto op.Crypto // set by Start: decrypts opaque access tokens for /sandbox/introspect
	flows  *flows    // the flows Marketdesk announced
}

var _ op.Storage = (*storage)(nil)
var _ op.CanSetUserinfoFromRequest = (*storage)(nil)

const (
	kindAccess  = "access"
	kindRefresh = "refresh"
	// refreshIDPrefix marks the "token id" GetRefreshTokenInfo hands to
	// RevokeToken: the refresh token's hash, not an access token id.
	refreshIDPrefix = "refresh."
)

var errNotFound = errors.New("sandbox: not found, expired or already used")

func (s *storage) now() time.Time { return s.cfg.Now() }

// open loads (or creates) the keys and prunes expired rows.
func (s *storage) open(ctx context.Context) error {
	k, err := loadKeys(ctx, s)
	if err != nil {
		return err
	}
	s.keys = k
	q := store.New(s.cfg.DB.Writer)
	now := s.now().Unix()
	if err := q.PruneSandboxAuthRequests(ctx, now); err != nil {
		return fmt.Errorf("sandbox: prune: %w", err)
	}
	if err := q.PruneSandboxTokens(ctx, now); err != nil {
		return fmt.Errorf("sandbox: prune: %w", err)
	}
	return nil
}

// --- authorization requests and codes ---

func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	scopes := slices.Clone([]string(req.Scopes))
	// Marketdesk keeps installations working with rotated refresh tokens, so
	// the sandbox always grants offline_access (the consent page says so).
	if !slices.Contains(scopes, oidc.ScopeOfflineAccess) {
		scopes = append(scopes, oidc.ScopeOfflineAccess)
	}
	now := s.now()
	row := store.InsertSandboxAuthRequestParams{
		ID:                  randomID(32),
		ClientID:            req.ClientID,
		RedirectUri:         req.RedirectURI,
		State:               req.State,
		Nonce:               req.Nonce,
		Scopes:              joinScopes(scopes),
		ResponseType:        string(req.ResponseType),
		ResponseMode:        string(req.ResponseMode),
		CodeChallenge:       req.CodeChallenge,
		CodeChallengeMethod: string(req.CodeChallengeMethod),
		CreatedAt:           now.Unix(),
		ExpiresAt:           now.Add(authRequestTTL).Unix(),
	}
	if err := store.New(s.cfg.DB.Writer).InsertSandboxAuthRequest(ctx, row); err != nil {
		return nil, err
	}
	return s.AuthRequestByID(ctx, row.ID)
}

// AuthRequestByID finds a request that has no code yet: the consent page and
// op's callback use it; once the code is issued the id is spent.
func (s *storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	row, err := store.New(s.cfg.DB.Writer).GetSandboxAuthRequest(ctx, store.GetSandboxAuthRequestParams{ID: id, Now: s.now().Unix()})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("this authorization request has expired or was already used: %w", errNotFound)
	}
	if err != nil {
		return nil, err
	}
	return authRequest{row}, nil
}

// AuthRequestByCode spends the code: a second exchange of the same code fails,
// and revokes the tokens the first one produced (RFC 6749 §4.1.2).
func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	h := sql.NullString{String: hashOf(code), Valid: true}
	q := store.New(s.cfg.DB.Writer)
	row, err := q.ClaimSandboxAuthCode(ctx, store.ClaimSandboxAuthCodeParams{CodeHash: h, Now: s.now().Unix()})
	if errors.Is(err, sql.ErrNoRows) {
		if grant, err := q.UsedSandboxAuthCodeGrant(ctx, h); err == nil && grant != "" {
			if err := q.RevokeSandboxGrant(ctx, grant); err != nil {
				return nil, err
			}
		}
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return authRequest{row}, nil
}

func (s *storage) SaveAuthCode(ctx context.Context, id, code string) error {
	now := s.now()
	n, err := store.New(s.cfg.DB.Writer).SaveSandboxAuthCode(ctx, store.SaveSandboxAuthCodeParams{
		CodeHash:      sql.NullString{String: hashOf(code), Valid: true},
		CodeExpiresAt: now.Add(codeTTL).Unix(),
		ID:            id,
		Now:           now.Unix(),
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return errNotFound
	}
	return nil
}

// DeleteAuthRequest forgets a request; one whose code was exchanged stays
// until it expires, to recognize a replayed code.
func (s *storage) DeleteAuthRequest(ctx context.Context, id string) error {
	return store.New(s.cfg.DB.Writer).DeleteSandboxAuthRequest(ctx, id)
}

// approve records the consent of user for the request id (single use).
func (s *storage) approve(ctx context.Context, id, userID string) error {
	now := s.now().Unix()
	n, err := store.New(s.cfg.DB.Writer).ApproveSandboxAuthRequest(ctx, store.ApproveSandboxAuthRequestParams{
		UserID: userID, AuthTime: now, ID: id, Now: now,
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return errNotFound
	}
	return nil
}

// --- tokens ---

// grant is what every token of one consent shares.
type grant struct {
	id, clientID, userID string
	scopes               []string // of this access token
	refreshScopes        []string // of the refresh token: never narrowed (RFC 6749 §6)
	authTime             int64
}

func (s *storage) grantOf(ctx context.Context, q *store.Queries, req op.TokenRequest) (grant, error) {
	switch r := req.(type) {
	case authRequest:
		g := grant{id: randomID(16), clientID: r.row.ClientID, userID: r.row.UserID,
			scopes: r.GetScopes(), refreshScopes: r.GetScopes(), authTime: r.row.AuthTime}
		err := q.SetSandboxAuthRequestGrant(ctx, store.SetSandboxAuthRequestGrantParams{GrantID: g.id, ID: r.row.ID})
		return g, err
	case *refreshRequest:
		return grant{id: r.row.GrantID, clientID: r.row.ClientID, userID: r.row.UserID,
			scopes: r.scopes, refreshScopes: splitScopes(r.row.Scopes), authTime: r.row.AuthTime}, nil
	}
	return grant{}, oidc.ErrUnsupportedGrantType()
}

func (s *storage) insertToken(ctx context.Context, q *store.Queries, kind, hash string, g grant, ttl time.Duration) (time.Time, error) {
	now := s.now()
	exp := now.Add(ttl)
	scopes := g.scopes
	if kind == kindRefresh {
		scopes = g.refreshScopes
	}
	return exp, q.InsertSandboxToken(ctx, store.InsertSandboxTokenParams{
		Hash: hash, Kind: kind, GrantID: g.id, ClientID: g.clientID, UserID: g.userID,
		Scopes: joinScopes(scopes), AuthTime: g.authTime, CreatedAt: now.Unix(), ExpiresAt: exp.Unix(),
	})
}

// CreateAccessToken stores the hash of a new access token id; op encrypts the
// id (with the subject) into the opaque token the app receives.
func (s *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	var id string
	var exp time.Time
	err := s.tx(ctx, func(q *store.Queries) error {
		g, err := s.grantOf(ctx, q, req)
		if err != nil {
			return err
		}
		id = randomID(24)
		exp, err = s.insertToken(ctx, q, kindAccess, hashOf(id), g, s.cfg.AccessTokenTTL)
		return err
	})
	return id, exp, err
}

// CreateAccessAndRefreshTokens issues an access token and a new refresh token;
// on a refresh, the presented refresh token is spent in the same transaction
// (rotation: it never works again).
func (s *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	var accessID, refresh string
	var exp time.Time
	err := s.tx(ctx, func(q *store.Queries) error {
		if current != "" {
			n, err := q.UseSandboxRefreshToken(ctx, store.UseSandboxRefreshTokenParams{Now: s.now().Unix(), Hash: hashOf(current)})
			if err != nil {
				return err
			}
			if n == 0 {
				return oidc.ErrInvalidGrant().WithDescription("the refresh token was already used, revoked or expired")
			}
		}
		g, err := s.grantOf(ctx, q, req)
		if err != nil {
			return err
		}
		accessID, refresh = randomID(24), randomID(32)
		if exp, err = s.insertToken(ctx, q, kindAccess, hashOf(accessID), g, s.cfg.AccessTokenTTL); err != nil {
			return err
		}
		_, err = s.insertToken(ctx, q, kindRefresh, hashOf(refresh), g, s.cfg.RefreshTokenTTL)
		return err
	})
	if err != nil {
		return "", "", time.Time{}, err
	}
	return accessID, refresh, exp, nil
}

func (s *storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	row, err := s.activeToken(ctx, kindRefresh, hashOf(token))
	if err != nil {
		return nil, err
	}
	return &refreshRequest{row: row, scopes: splitScopes(row.Scopes)}, nil
}

// activeToken is a token of kind that is not expired, revoked or (refresh) used.
func (s *storage) activeToken(ctx context.Context, kind, hash string) (store.SandboxToken, error) {
	row, err := store.New(s.cfg.DB.Reader).GetSandboxToken(ctx, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return row, errNotFound
	}
	if err != nil {
		return row, err
	}
	if row.Kind != kind || row.Revoked != 0 || row.UsedAt != 0 || row.ExpiresAt <= s.now().Unix() {
		return row, errNotFound
	}
	return row, nil
}

func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) GetRefreshTokenInfo(ctx context.Context, _ string, token string) (string, string, error) {
	h := hashOf(token)
	row, err := store.New(s.cfg.DB.Reader).GetSandboxToken(ctx, h)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && row.Kind != kindRefresh) {
		return "", "", op.ErrInvalidRefreshToken
	}
	if err != nil {
		return "", "", err
	}
	return row.UserID, refreshIDPrefix + h, nil
}

// RevokeToken (RFC 7009): unknown tokens are fine; a token of another client
// is refused; revoking a refresh token revokes its whole grant (every access
// and refresh token of that consent).
func (s *storage) RevokeToken(ctx context.Context, tokenOrID, _ string, clientID string) *oidc.Error {
	h, isRefresh := strings.CutPrefix(tokenOrID, refreshIDPrefix)
	if !isRefresh {
		h = hashOf(tokenOrID)
	}
	q := store.New(s.cfg.DB.Writer)
	row, err := q.GetSandboxToken(ctx, h)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	if row.ClientID != clientID {
		return oidc.ErrInvalidClient().WithDescription("the token was not issued to this client")
	}
	if row.Kind == kindRefresh {
		err = q.RevokeSandboxGrant(ctx, row.GrantID)
	} else {
		err = q.RevokeSandboxToken(ctx, h)
	}
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return nil
}

// --- keys ---

func (s *storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	return s.keys.signingKey(ctx, s)
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(ctx context.Context) ([]op.Key, error) {
	k, err := s.keys.signingKey(ctx, s)
	if err != nil {
		return nil, err
	}
	return []op.Key{publicKey{k}}, nil
}

// --- clients and users ---

func (s *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, ok := s.client(ctx, id)
	if !ok {
		return nil, fmt.Errorf("no app with client id %q in the catalog", id)
	}
	return opClient{Client: c, consentURL: consentPath}, nil
}

func (s *storage) client(ctx context.Context, id string) (Client, bool) {
	if id == "" {
		return Client{}, false
	}
	return s.cfg.ClientByID(ctx, id)
}

func (s *storage) AuthorizeClientIDSecret(context.Context, string, string) error {
	return errors.New("sandbox clients are public: they have no secret")
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does it.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's claims.
func (s *storage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	s.fillUserinfo(ctx, info, req.GetSubject(), scopes)
	return nil
}

// SetUserinfoFromToken answers userinfo: claims of the granted scopes only.
func (s *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	row, err := s.activeToken(ctx, kindAccess, hashOf(tokenID))
	if err != nil || row.UserID != subject {
		return oidc.ErrAccessDenied().WithDescription("the access token is invalid, expired or revoked")
	}
	scopes := splitScopes(row.Scopes)
	s.fillUserinfo(ctx, info, row.UserID, scopes)
	info.AppendClaims("scope", joinScopes(scopes))
	return nil
}

func (s *storage) fillUserinfo(ctx context.Context, info *oidc.UserInfo, userID string, scopes []string) {
	info.Subject = userID
	u, ok := s.user(ctx, userID)
	if !ok {
		return
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = u.Name
	}
	if slices.Contains(scopes, oidc.ScopeEmail) {
		info.Email = u.Email
	}
}

func (s *storage) user(ctx context.Context, id string) (User, bool) {
	if s.cfg.UserByID != nil {
		u, err := s.cfg.UserByID(ctx, id)
		return u, err == nil
	}
	u, err := s.cfg.CurrentUser(ctx)
	return u, err == nil && u.ID == id
}

// SetIntrospectionFromToken serves op's /oauth/introspect, which requires an
// authenticated client; sandbox clients are public, so it answers only when
// called by the token's own client (never, in practice). /sandbox/introspect
// is the usable one.
func (s *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	row, err := s.activeToken(ctx, kindAccess, hashOf(tokenID))
	if err != nil || row.UserID != subject || row.ClientID != clientID {
		return errNotFound
	}
	fillIntrospection(resp, row, "")
	return nil
}

func fillIntrospection(resp *oidc.IntrospectionResponse, row store.SandboxToken, issuer string) {
	resp.Active = true
	resp.Scope = splitScopes(row.Scopes)
	resp.ClientID = row.ClientID
	resp.Subject = row.UserID
	resp.Audience = []string{row.ClientID}
	resp.Expiration = oidc.FromTime(time.Unix(row.ExpiresAt, 0))
	resp.IssuedAt = oidc.FromTime(time.Unix(row.CreatedAt, 0))
	resp.Issuer = issuer
	resp.TokenType = row.Kind + "_token"
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("sandbox: JWT client authentication is not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("sandbox: the JWT profile grant is not supported")
}

func (s *storage) Health(ctx context.Context) error { return s.cfg.DB.Reader.PingContext(ctx) }

// --- helpers ---

func (s *storage) tx(ctx context.Context, fn func(q *store.Queries) error) error {
	tx, err := s.cfg.DB.Writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(store.New(tx)); err != nil {
		return err
	}
	return tx.Commit()
}

// hashOf is the hex SHA-256 under which a secret is stored.
func hashOf(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// randomID is n random bytes, base64url: unguessable ids and tokens.
func randomID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
