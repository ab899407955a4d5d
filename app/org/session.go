package org

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"marketdesk/app/vault"
)

// SessionItem names the keychain item holding the organization sign-in
// (the vault scopes it to the data directory). One item holds both tokens,
// so a rotation is saved in one keychain write: a crash leaves either the
// old pair or the new one, never a refresh token without its access token.
const SessionItem = "org/session"

// session is the sign-in as kept in the keychain.
type session struct {
	Server       string    `json:"server"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry"`
	// TokenURL and RevokeURL are the server's endpoints when its metadata
	// named them; empty means the server's /oauth/token and /oauth/revoke.
	TokenURL  string `json:"token_url,omitempty"`
	RevokeURL string `json:"revoke_url,omitempty"`
}

// fresh says whether the access token can be used for another minute: a
// token about to expire is refreshed first rather than refused mid-request.
func (s session) fresh(now time.Time) bool {
	return s.AccessToken != "" && now.Add(refreshAhead).Before(s.Expiry)
}

// refreshAhead is how long before its expiry an access token is renewed.
const refreshAhead = time.Minute

func loadSession(ctx context.Context, v *vault.Vault) (session, error) {
	raw, err := v.Get(ctx, SessionItem)
	if err != nil {
		return session{}, err
	}
	var s session
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return session{}, errors.New("the organization sign-in in the keychain is damaged; sign in again")
	}
	return s, nil
}

func saveSession(ctx context.Context, v *vault.Vault, s session) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return v.Set(ctx, SessionItem, string(raw))
}
