package auth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db/store"
)

// token is the token endpoint: grant_type authorization_code (with the PKCE
// code_verifier) or refresh_token. Desktops are public clients: they name
// themselves with client_id and prove possession with PKCE and the refresh
// token's rotation.
func (s *Service) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, &oauthError{Code: "invalid_request", Description: "the body must be application/x-www-form-urlencoded"})
		return
	}
	clientID := r.PostForm.Get("client_id")
	if user, _, ok := r.BasicAuth(); ok && clientID == "" {
		clientID = user
	}
	if !slices.Contains(s.cfg.DesktopClients, clientID) {
		writeOAuthError(w, &oauthError{Code: "invalid_client", Description: "unknown client_id"})
		return
	}
	var (
		t   Tokens
		err error
	)
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		t, err = s.redeemCode(r.Context(), clientID, r.PostForm.Get("code"), r.PostForm.Get("redirect_uri"), r.PostForm.Get("code_verifier"))
	case "refresh_token":
		t, err = s.refresh(r.Context(), clientID, r.PostForm.Get("refresh_token"))
	default:
		err = &oauthError{Code: "unsupported_grant_type", Description: "grant_type must be authorization_code or refresh_token"}
	}
	var oe *oauthError
	if errors.As(err, &oe) {
		writeOAuthError(w, oe)
		return
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "token endpoint", "error", err)
		writeJSON(w, http.StatusInternalServerError, &oauthError{Code: "server_error", Description: "the tokens could not be issued: try again"})
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// inTxRefusing runs fn in a transaction that commits even when fn refuses
// the grant (an *oauthError): a refusal may have to revoke a family or spend
// a code, and that must stick.
func (s *Service) inTxRefusing(ctx context.Context, fn func(q *store.Queries) error) error {
	var refusal *oauthError
	err := s.db.InTx(ctx, func(q *store.Queries) error {
		err := fn(q)
		if errors.As(err, &refusal) {
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	if refusal != nil {
		return refusal
	}
	return nil
}

// redeemCode spends a code on its first presentation, whatever the outcome:
// a wrong verifier cannot be retried. A code presented again revokes the
// tokens it gave (RFC 6749 §4.1.2: it was stolen or replayed).
func (s *Service) redeemCode(ctx context.Context, clientID, code, redirectURI, verifier string) (Tokens, error) {
	now := s.now()
	var t Tokens
	err := s.inTxRefusing(ctx, func(q *store.Queries) error {
		c, err := q.GetAuthCodeForUpdate(ctx, hash(code))
		if errors.Is(err, pgx.ErrNoRows) {
			return grantError("the code is not valid: sign in again")
		}
		if err != nil {
			return err
		}
		if c.UsedAt.Valid {
			if c.FamilyID.Valid {
				if err := revokeFamily(ctx, q, c.FamilyID.Int64, now, "code reused"); err != nil {
					return err
				}
			}
			return grantError("the code was already used: its tokens are revoked; sign in again")
		}
		if err := q.MarkAuthCodeUsed(ctx, store.MarkAuthCodeUsedParams{CodeHash: c.CodeHash, UsedAt: ts(now)}); err != nil {
			return err
		}
		if refusal := checkCode(c, clientID, redirectURI, verifier, now); refusal != nil {
			return refusal
		}
		family, err := q.CreateTokenFamily(ctx, store.CreateTokenFamilyParams{UserID: c.UserID, ClientID: clientID, Audience: Audience(s.cfg), CreatedAt: now})
		if err != nil {
			return err
		}
		if err := q.SpendAuthCode(ctx, store.SpendAuthCodeParams{CodeHash: c.CodeHash, UsedAt: ts(now), FamilyID: int8(family)}); err != nil {
			return err
		}
		t, err = issue(ctx, q, family, now, s.accessTTL(), s.refreshTTL())
		return err
	})
	return t, err
}

func checkCode(c store.AuthCode, clientID, redirectURI, verifier string, now time.Time) *oauthError {
	switch {
	case !now.Before(c.ExpiresAt):
		return grantError("the code has expired: sign in again")
	case c.ClientID != clientID:
		return grantError("the code was issued to another client")
	case c.RedirectUri != redirectURI:
		return grantError("redirect_uri does not match the one of the authorization request")
	case verifier == "":
		return grantError("code_verifier is required (PKCE)")
	case !verifierMatches(verifier, c.CodeChallenge):
		return grantError("code_verifier does not match the code_challenge (PKCE)")
	}
	return nil
}

// refresh rotates a refresh token: the presented one is spent and a new
// pair issued. A spent token presented again means two parties hold it:
// the whole family is revoked, so the thief and the desktop both sign in
// again, and the thief cannot.
func (s *Service) refresh(ctx context.Context, clientID, token string) (Tokens, error) {
	now := s.now()
	var t Tokens
	err := s.inTxRefusing(ctx, func(q *store.Queries) error {
		rt, err := q.GetRefreshTokenForUpdate(ctx, hash(token))
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return grantError("the refresh token is not valid: sign in again")
		case err != nil:
			return err
		case rt.RevokedAt.Valid:
			return grantError("the refresh token was revoked: sign in again")
		case rt.ClientID != clientID:
			return grantError("the refresh token was issued to another client")
		case rt.UsedAt.Valid:
			if err := revokeFamily(ctx, q, rt.FamilyID, now, "refresh token reused"); err != nil {
				return err
			}
			return grantError("the refresh token was already used: this sign-in is revoked; sign in again")
		case !now.Before(rt.ExpiresAt):
			return grantError("the refresh token has expired: sign in again")
		case rt.Audience != Audience(s.cfg):
			return grantError("the refresh token was issued by another server")
		}
		if err := q.MarkRefreshTokenUsed(ctx, store.MarkRefreshTokenUsedParams{TokenHash: rt.TokenHash, UsedAt: ts(now)}); err != nil {
			return err
		}
		if err := q.DeleteExpiredAccessTokens(ctx, now.Add(-time.Hour)); err != nil {
			return err
		}
		t, err = issue(ctx, q, rt.FamilyID, now, s.accessTTL(), s.refreshTTL())
		return err
	})
	return t, err
}

// revoke signs a desktop out (RFC 7009): an access or a refresh token ends
// its whole family. Unknown tokens are answered 200 too, as the RFC asks,
// so the endpoint tells nothing about which tokens exist.
func (s *Service) revoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, &oauthError{Code: "invalid_request", Description: "the body must be application/x-www-form-urlencoded"})
		return
	}
	clientID := r.PostForm.Get("client_id")
	if !slices.Contains(s.cfg.DesktopClients, clientID) {
		writeOAuthError(w, &oauthError{Code: "invalid_client", Description: "unknown client_id"})
		return
	}
	token := r.PostForm.Get("token")
	err := s.db.InTx(r.Context(), func(q *store.Queries) error {
		family, owner, err := familyOf(r.Context(), q, token)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && owner != clientID) {
			return nil
		}
		if err != nil {
			return err
		}
		return revokeFamily(r.Context(), q, family, s.now(), "revoked by the client")
	})
	if err != nil {
		s.log.ErrorContext(r.Context(), "revoke", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, &oauthError{Code: "temporarily_unavailable", Description: "try again"})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

func familyOf(ctx context.Context, q *store.Queries, token string) (int64, string, error) {
	if a, err := q.FamilyOfAccessToken(ctx, hash(token)); err == nil {
		return a.FamilyID, a.ClientID, nil
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return 0, "", err
	}
	f, err := q.FamilyOfRefreshToken(ctx, hash(token))
	return f.FamilyID, f.ClientID, err
}

func (s *Service) accessTTL() time.Duration  { return time.Duration(s.cfg.AccessTokenTTL) }
func (s *Service) refreshTTL() time.Duration { return time.Duration(s.cfg.RefreshTokenTTL) }
