package vault

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Keychain items live under one service ("marketdesk") on the whole machine,
// but each data directory (--data-dir, $MARKETDESK_HOME) has its own database
// whose installation ids start at 1. Unscoped names let two data directories
// overwrite, use and delete each other's tokens. So every item of a data
// directory is named "{scope}/{item}", where scope is a random id of its
// database (created once by migration 0008, see ForDatabase), and the vault
// adds the scope itself: callers name items through the functions below and
// never build prefixes.

// TokenItem names the keychain item holding an installation's tokens.
func TokenItem(installationID int64) string {
	return fmt.Sprintf("installation/%d/token", installationID)
}

// SecretItem names the keychain item of an installation's secret setting.
func SecretItem(installationID int64, key string) string {
	return fmt.Sprintf("installation/%d/secret/%s", installationID, key)
}

// RevocationItem names the keychain item keeping a token whose revocation
// waits in the outbox (message id msgID).
func RevocationItem(msgID string) string { return "revocation/" + msgID }

// Scoped returns a vault on the same keychain whose every key is prefixed by
// scope, a data directory's id (letters and digits only).
func (v *Vault) Scoped(scope string) (*Vault, error) {
	if scope == "" || strings.Trim(scope, "0123456789abcdefghijklmnopqrstuvwxyz") != "" {
		return nil, fmt.Errorf("keychain scope %q is not a lowercase id", scope)
	}
	scoped := *v
	scoped.prefix = scope + "/"
	return &scoped, nil
}

// Scope returns the data directory id the vault is scoped to ("" when unscoped).
func (v *Vault) Scope() string { return strings.TrimSuffix(v.prefix, "/") }

// Adopt moves the item written under the unscoped (legacy) name key to this
// vault's scoped name, unless the scoped item exists already; it reports
// whether it moved something. Running it again is harmless.
//
// An unscoped item cannot tell which data directory wrote it: the caller
// adopts only the keys its own database still uses (see ForDatabase), so the
// first data directory to start claims the ids it has live.
func (v *Vault) Adopt(ctx context.Context, key string) (bool, error) {
	if v.prefix == "" {
		return false, nil
	}
	legacy, err := v.call(ctx, func() (string, error) { return v.ring.Get(v.service, key) })
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	current, err := v.Get(ctx, key)
	switch {
	case err == nil && current == legacy:
		// A move interrupted after the copy: the legacy copy is ours, and left
		// behind it could be claimed by another data directory with the same id.
		return false, v.deleteLegacy(ctx, key)
	case err == nil:
		return false, nil // the scoped item wins; the legacy one may be another data directory's
	case !errors.Is(err, ErrNotFound):
		return false, err
	}
	if err := v.Set(ctx, key, legacy); err != nil {
		return false, err
	}
	return true, v.deleteLegacy(ctx, key)
}

func (v *Vault) deleteLegacy(ctx context.Context, key string) error {
	_, err := v.call(ctx, func() (string, error) { return "", v.ring.Delete(v.service, key) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
