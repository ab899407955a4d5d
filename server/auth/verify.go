package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/db"
	"marketdesk/server/identity"
)

// Verifier resolves the server's opaque access tokens in PostgreSQL: one
// indexed lookup, so a revocation or a role change is seen by every replica
// at the next request.
type Verifier struct {
	db       *db.DB
	audience string
	now      func() time.Time
}

var _ identity.Verifier = (*Verifier)(nil)

// NewVerifier checks tokens issued for audience (the server's public URL);
// now nil is time.Now.
func NewVerifier(d *db.DB, audience string, now func() time.Time) *Verifier {
	if now == nil {
		now = time.Now
	}
	return &Verifier{db: d, audience: trimSlash(audience), now: now}
}

// Verify returns the identity of a valid access token; every refusal is
// identity.Unauthenticated, saying what the desktop should do.
func (v *Verifier) Verify(ctx context.Context, token string) (identity.Identity, error) {
	if !strings.HasPrefix(token, prefixAccess) {
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "this is not an access token of this server: sign in again")
	}
	row, err := v.db.Queries.LookupAccessToken(ctx, hash(token))
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token is not known to this server: sign in again")
	case err != nil:
		return identity.Identity{}, apperr.Wrap(apperr.Unavailable, err, "the access token could not be checked: the database is not reachable")
	case row.RevokedAt.Valid:
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token was revoked (signed out): sign in again")
	case !v.now().Before(row.ExpiresAt):
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token has expired: refresh it or sign in again")
	case row.Audience != v.audience:
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token was issued for another server (%s), not %s", row.Audience, v.audience)
	}
	return identity.Identity{
		UserID: row.UserID, AccountID: row.AccountID, Issuer: row.Issuer, Subject: row.Subject,
		Email: row.Email, Name: row.Name, Role: identity.Role(row.Role), Manager: row.MarketplaceManager, ClientID: row.ClientID,
	}, nil
}
