package install

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/app/vault"
)

// storedToken is what one keychain item holds for an installation: compact
// JSON, so it fits the platform limits (Windows ~2.5 KB).
type storedToken struct {
	Access  string    `json:"a"`
	Refresh string    `json:"r,omitempty"`
	Type    string    `json:"t,omitempty"`
	Expiry  time.Time `json:"e,omitempty"`
}

// tokenKey names an installation's keychain item (the vault scopes it to the
// data directory).
func tokenKey(installationID int64) string { return vault.TokenItem(installationID) }

// Tokens keeps installation tokens in the keychain.
type Tokens struct{ vault *vault.Vault }

// Save stores tok (replacing the previous one: a rotated refresh token is
// saved every time).
func (t Tokens) Save(ctx context.Context, installationID int64, tok *oauth2.Token) error {
	body, _ := json.Marshal(storedToken{Access: tok.AccessToken, Refresh: tok.RefreshToken, Type: tok.TokenType, Expiry: tok.Expiry})
	return t.vault.Set(ctx, tokenKey(installationID), string(body))
}

// Load returns the stored token.
func (t Tokens) Load(ctx context.Context, installationID int64) (*oauth2.Token, error) {
	body, err := t.vault.Get(ctx, tokenKey(installationID))
	if err != nil {
		return nil, err
	}
	var st storedToken
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		return nil, fmt.Errorf("the keychain item of installation %d is damaged: %w", installationID, err)
	}
	return &oauth2.Token{AccessToken: st.Access, RefreshToken: st.Refresh, TokenType: st.Type, Expiry: st.Expiry}, nil
}

// Delete removes the stored token (missing is fine: removal can be retried).
func (t Tokens) Delete(ctx context.Context, installationID int64) error {
	return t.vault.Delete(ctx, tokenKey(installationID))
}
