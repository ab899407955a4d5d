package vault

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"marketdesk/db"
	"marketdesk/db/store"
)

// Settings keys of the keychain scope (written by migration 0008) and of the
// one-time move of unscoped items.
const (
	KeyScope      = "keychain_scope"
	keyAdoptedAt  = "keychain_legacy_adopted_at"
	adoptDeadline = 30 * time.Second
)

// ForDatabase returns v scoped to the data directory of d, and moves the
// items written before scopes existed (named installation/… and revocation/…
// without a scope) to their scoped names: the tokens of d's live
// installations, their secret settings and the tokens of its pending
// revocations. The move runs until it once completes; an unreachable keychain
// is reported (moved stays 0) and the scoped vault is returned anyway, so the
// app still starts and tries again next time.
func (v *Vault) ForDatabase(ctx context.Context, d *db.DB) (scoped *Vault, moved int, err error) {
	q := store.New(d.Reader)
	row, err := q.GetSetting(ctx, KeyScope)
	if err != nil {
		return nil, 0, fmt.Errorf("read the keychain scope of %s: %w", d.Path, err)
	}
	if scoped, err = v.Scoped(row.Value); err != nil {
		return nil, 0, err
	}
	if _, err := q.GetSetting(ctx, keyAdoptedAt); err == nil {
		return scoped, 0, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, adoptDeadline)
	defer cancel()
	keys, err := legacyKeys(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	for _, key := range keys {
		ok, err := scoped.Adopt(ctx, key)
		if err != nil {
			return scoped, moved, fmt.Errorf("move keychain items to this data directory's names: %w", err)
		}
		if ok {
			moved++
		}
	}
	stamp := time.Now().UTC().Format(time.RFC3339)
	err = store.New(d.Writer).PutSetting(ctx, store.PutSettingParams{Key: keyAdoptedAt, Value: stamp, UpdatedAt: stamp})
	return scoped, moved, err
}

// legacyKeys lists the unscoped item names this database still uses.
func legacyKeys(ctx context.Context, q *store.Queries) ([]string, error) {
	ids, err := q.KeychainLiveInstallations(ctx)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, id := range ids {
		keys = append(keys, TokenItem(id))
	}
	secrets, err := q.KeychainSecretSettings(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range secrets {
		keys = append(keys, SecretItem(s.InstallationID, s.Key))
	}
	bodies, err := q.KeychainPendingRevocations(ctx)
	if err != nil {
		return nil, err
	}
	for _, body := range bodies {
		var b struct {
			TokenItem string `json:"token_item"`
		}
		if json.Unmarshal([]byte(body), &b) == nil && b.TokenItem != "" {
			keys = append(keys, b.TokenItem)
		}
	}
	return keys, nil
}
