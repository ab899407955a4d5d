package manage

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
	"marketdesk/app/vault"
	"marketdesk/app/webhook"
	"marketdesk/db"
	"marketdesk/db/store"
)

// RotationGrace is how long the previous signing secret keeps signing
// notices (beside the new one) after a manager sets a new secret, so that a
// developer can switch their endpoint over without losing a notice.
const RotationGrace = 24 * time.Hour

// waitingForSecret is outbox.waiting_for of a notice whose listing has no
// signing secret yet: it waits (no failed attempt counts) rather than going
// out unsigned, and is delivered once a manager sets the secret.
const waitingForSecret = "signing_secret"

// secretRecheck is how often a waiting notice looks for its secret again
// (setting a secret through Marketdesk wakes it at once).
const secretRecheck = time.Hour

// errNoNoticeSecret says a notice cannot be signed yet.
var errNoNoticeSecret = apperr.New(apperr.Conflict,
	"needs a signing secret — a marketplace manager must set it (Settings → Developer notices, or marketdesk notices secret APP)")

// NoticeSecrets keeps the secrets that sign deauthorization notices, one per
// listing. The developer gives the secret to the account's marketplace
// manager out of band (their developer console); a manager sets it here.
// Never from a feed: a feed reaches every desktop and member, so a secret in
// it is no secret (docs/deauthorization.md).
//
// The value lives only in the OS keychain (item notice-secret/{listing id},
// with the previous one during a rotation); SQLite keeps when and by whom it
// was set, so a copy of the database cannot sign anything.
type NoticeSecrets struct {
	db       *db.DB
	vault    *vault.Vault
	listings *catalog.Searcher // nil when only signing (the outbox)
	now      func() time.Time
}

// NoticeSecrets returns the manager's store of notice signing secrets.
func (m *Manager) NoticeSecrets() *NoticeSecrets {
	return &NoticeSecrets{db: m.db, vault: m.vault, listings: m.listings, now: m.now}
}

// SecretStatus is what anyone may know about a listing's secret: that it is
// set, when and by whom, and until when the previous one still signs.
type SecretStatus struct {
	ListingID     string `json:"listingId"`
	SetAt         string `json:"setAt"`
	SetBy         string `json:"setBy"`
	PreviousUntil string `json:"previousUntil"` // "" when one secret signs
}

// storedSecret is the keychain item's value (JSON, well under every
// platform's size limit).
type storedSecret struct {
	Current       string `json:"current"`
	Previous      string `json:"previous,omitempty"`
	PreviousUntil string `json:"previousUntil,omitempty"`
}

func noticeSecretItem(listingID string) string { return "notice-secret/" + listingID }

// Set makes secret the one that signs listingID's notices. Managers only.
// A different secret already set keeps signing for RotationGrace beside
// the new one. Setting is audited (never the secret) and wakes notices
// waiting for it.
func (s *NoticeSecrets) Set(ctx context.Context, actor account.User, listingID, secret string) (SecretStatus, error) {
	if err := account.RequireManager(actor, "set a listing's notice signing secret"); err != nil {
		return SecretStatus{}, err
	}
	secret = strings.TrimSpace(secret)
	if _, err := webhook.Key(secret); err != nil {
		return SecretStatus{}, apperr.New(apperr.Invalid, "%v (copy it from the developer's console)", err)
	}
	l, err := s.listings.App(ctx, listingID)
	if err != nil && !s.hasUndelivered(ctx, listingID) {
		return SecretStatus{}, err // neither in the catalog nor owed a notice
	}
	if err == nil && l.OAuth.Sandbox {
		return SecretStatus{}, apperr.New(apperr.Invalid,
			"%s is a built-in sandbox app: the sandbox registers its own signing secret for it", listingID)
	}
	old, err := s.stored(ctx, listingID)
	if err != nil && !errors.Is(err, vault.ErrNotFound) {
		return SecretStatus{}, err
	}
	if old.Current == secret {
		return s.status(ctx, listingID) // unchanged: nothing to rotate or audit
	}
	next := storedSecret{Current: secret}
	if old.Current != "" {
		next.Previous = old.Current
		next.PreviousUntil = s.now().Add(RotationGrace).UTC().Format(time.RFC3339)
	}
	value, _ := json.Marshal(next)
	stamp := s.now().UTC().Format(time.RFC3339)
	err = s.db.Write(ctx, func(q *store.Queries) error {
		if err := q.PutNoticeSecret(ctx, store.PutNoticeSecretParams{ListingID: listingID, SetAt: stamp,
			SetByName: actor.Name, PreviousUntil: next.PreviousUntil}); err != nil {
			return err
		}
		action, details := "notice_secret.set", map[string]any{}
		if next.Previous != "" {
			action, details = "notice_secret.rotated", map[string]any{"previousSignsUntil": next.PreviousUntil}
		}
		if err := audit.Record(ctx, q, s.now(), actor.Actor(), action, listingID, details); err != nil {
			return err
		}
		if _, err := q.OutboxNoticesSecretArrived(ctx, store.OutboxNoticesSecretArrivedParams{NextAttemptAt: stamp, ListingID: listingID}); err != nil {
			return err
		}
		// Last: a keychain that refuses rolls the record back.
		return s.vault.Set(ctx, noticeSecretItem(listingID), string(value))
	})
	if err != nil {
		return SecretStatus{}, err
	}
	return s.status(ctx, listingID)
}

// hasUndelivered: a listing that left the catalog may still be owed a
// notice, which needs its secret.
func (s *NoticeSecrets) hasUndelivered(ctx context.Context, listingID string) bool {
	n, err := store.New(s.db.Reader).UndeliveredNoticesFor(ctx, listingID)
	return err == nil && n > 0
}

// List tells managers which listings have a signing secret (never the
// secrets themselves).
func (s *NoticeSecrets) List(ctx context.Context, actor account.User) ([]SecretStatus, error) {
	if err := account.RequireManager(actor, "see the notice signing secrets"); err != nil {
		return nil, err
	}
	rows, err := store.New(s.db.Reader).ListNoticeSecrets(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]SecretStatus, 0, len(rows))
	for _, r := range rows {
		out = append(out, s.statusOf(r))
	}
	return out, nil
}

func (s *NoticeSecrets) status(ctx context.Context, listingID string) (SecretStatus, error) {
	list, err := store.New(s.db.Reader).ListNoticeSecrets(ctx)
	if err != nil {
		return SecretStatus{}, err
	}
	for _, r := range list {
		if r.ListingID == listingID {
			return s.statusOf(r), nil
		}
	}
	return SecretStatus{ListingID: listingID}, nil
}

func (s *NoticeSecrets) statusOf(r store.NoticeSecret) SecretStatus {
	st := SecretStatus{ListingID: r.ListingID, SetAt: r.SetAt, SetBy: r.SetByName}
	if until, err := time.Parse(time.RFC3339, r.PreviousUntil); err == nil && s.now().Before(until) {
		st.PreviousUntil = r.PreviousUntil
	}
	return st
}

func (s *NoticeSecrets) stored(ctx context.Context, listingID string) (storedSecret, error) {
	raw, err := s.vault.Get(ctx, noticeSecretItem(listingID))
	if err != nil {
		return storedSecret{}, err
	}
	var st storedSecret
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return storedSecret{}, apperr.Wrap(apperr.Internal, err, "the keychain item %s is damaged: set the secret again", noticeSecretItem(listingID))
	}
	return st, nil
}

// signingKeys are the keys that sign listingID's notices now: the current
// secret, and the previous one during its grace period. errNoNoticeSecret
// when no manager has set one.
func (s *NoticeSecrets) signingKeys(ctx context.Context, listingID string) ([][]byte, error) {
	st, err := s.stored(ctx, listingID)
	if errors.Is(err, vault.ErrNotFound) {
		return nil, errNoNoticeSecret
	}
	if err != nil {
		return nil, err
	}
	secrets := []string{st.Current}
	if until, err := time.Parse(time.RFC3339, st.PreviousUntil); err == nil && st.Previous != "" && s.now().Before(until) {
		secrets = append(secrets, st.Previous)
	}
	return keysOf(secrets...)
}

func keysOf(secrets ...string) ([][]byte, error) {
	keys := make([][]byte, 0, len(secrets))
	for _, secret := range secrets {
		k, err := webhook.Key(secret)
		if err != nil {
			return nil, apperr.Wrap(apperr.Internal, err, "cannot sign the notice: %v", err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}
