package sandbox

import (
	"context"
	"errors"

	"marketdesk/app/vault"
	"marketdesk/app/webhook"
)

// noticeSecretItem is the keychain item of the secret the sandbox, playing
// the developer of the embedded catalog's apps, verifies deauthorization
// notices with.
const noticeSecretItem = "sandbox/notice-secret"

// NoticeSecret returns the sandbox's notice signing secret, generating it on
// first use: random (never derived from anything public, like a listing id),
// one per data directory (the vault scopes its items to the data directory)
// and kept only in the OS keychain. It is how the sandbox "registers" its
// secret with the marketplace, as a real developer gives theirs to a
// manager: Marketdesk's outbox signs notices to the sandbox with it.
//
// Two processes generating at the same moment (CLI and desktop) end with the
// last one written; a notice signed with the other is refused once and
// signed again at the next attempt.
func NoticeSecret(ctx context.Context, v *vault.Vault) (string, error) {
	if v == nil {
		return "", errors.New("the sandbox has no keychain for its notice secret")
	}
	secret, err := v.Get(ctx, noticeSecretItem)
	if !errors.Is(err, vault.ErrNotFound) {
		return secret, err
	}
	if err := v.Set(ctx, noticeSecretItem, webhook.NewSecret()); err != nil {
		return "", err
	}
	return v.Get(ctx, noticeSecretItem)
}
