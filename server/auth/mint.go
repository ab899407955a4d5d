package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/server/db"
	"marketdesk/server/db/store"
)

// Tokens is what a desktop receives from the token endpoint (RFC 6749 §5.1).
type Tokens struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// Grant describes tokens to issue for a user, outside a sign-in: for tests
// of other slices (server/auth/authtest) and tools.
type Grant struct {
	UserID     int64
	ClientID   string
	Audience   string
	Now        time.Time
	AccessTTL  time.Duration // may be negative: an already expired token
	RefreshTTL time.Duration
}

// Mint issues an access and a refresh token for g in a new token family.
func Mint(ctx context.Context, d *db.DB, g Grant) (Tokens, error) {
	var t Tokens
	err := d.InTx(ctx, func(q *store.Queries) error {
		family, err := q.CreateTokenFamily(ctx, store.CreateTokenFamilyParams{UserID: g.UserID, ClientID: g.ClientID, Audience: g.Audience, CreatedAt: g.Now})
		if err != nil {
			return err
		}
		t, err = issue(ctx, q, family, g.Now, g.AccessTTL, g.RefreshTTL)
		return err
	})
	return t, err
}

// issue adds a new access token and refresh token to family.
func issue(ctx context.Context, q *store.Queries, family int64, now time.Time, accessTTL, refreshTTL time.Duration) (Tokens, error) {
	t := Tokens{AccessToken: newSecret(prefixAccess), RefreshToken: newSecret(prefixRefresh), TokenType: "Bearer", ExpiresIn: int64(accessTTL.Seconds())}
	if err := q.InsertAccessToken(ctx, store.InsertAccessTokenParams{TokenHash: hash(t.AccessToken), FamilyID: family, ExpiresAt: now.Add(accessTTL)}); err != nil {
		return Tokens{}, err
	}
	err := q.InsertRefreshToken(ctx, store.InsertRefreshTokenParams{TokenHash: hash(t.RefreshToken), FamilyID: family, CreatedAt: now, ExpiresAt: now.Add(refreshTTL)})
	return t, err
}

// revokeFamily ends every token of a family.
func revokeFamily(ctx context.Context, q *store.Queries, family int64, now time.Time, reason string) error {
	return q.RevokeTokenFamily(ctx, store.RevokeTokenFamilyParams{ID: family, RevokedAt: ts(now), RevokedReason: reason})
}

func ts(t time.Time) pgtype.Timestamptz { return pgtype.Timestamptz{Time: t, Valid: true} }

func int8(v int64) pgtype.Int8 { return pgtype.Int8{Int64: v, Valid: true} }
