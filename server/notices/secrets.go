package notices

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/app/webhook"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// RotationWindow is how long the previous secret keeps signing after a new
// one is set (docs/deauthorization.md: the desktop's rule).
const RotationWindow = 24 * time.Hour

var errNoSecret = errors.New("no signing secret is set for this app")

// signingKeys are the HMAC keys a notice of app is signed with now: the
// current secret, and the previous one while its rotation window lasts.
func (s *Service) signingKeys(ctx context.Context, accountID int64, app string) ([][]byte, error) {
	row, err := s.db.Queries.SignNoticeKeys(ctx, store.SignNoticeKeysParams{AccountID: accountID, AppID: app})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNoSecret
	}
	if err != nil {
		return nil, err
	}
	secrets := []string{row.Secret}
	if row.PreviousSecret.Valid && row.PreviousUntil.Valid && s.o.Now().Before(row.PreviousUntil.Time) {
		secrets = append(secrets, row.PreviousSecret.String)
	}
	keys := make([][]byte, 0, len(secrets))
	for _, sec := range secrets {
		k, err := webhook.Key(sec)
		if err != nil {
			return nil, err // the table's CHECK and putSecret make this unreachable
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// secretChange is what putSecret did, for the response and the audit log.
type secretChange struct {
	Action        string // notice_secret.set, .rotated, or .unchanged
	SetAt         time.Time
	SetBy         string
	RotatingUntil *time.Time
}

// putSecret sets app's secret in q's transaction. A new secret different
// from the current one starts a rotation; the same one again changes
// nothing; a third during a window replaces the oldest.
func putSecret(ctx context.Context, q *store.Queries, actor identity.Identity, app, secret string, now time.Time) (secretChange, error) {
	accountID := actor.AccountID
	if _, err := webhook.Key(secret); err != nil {
		return secretChange{}, apperr.New(apperr.Invalid, "%v", err)
	}
	cur, err := q.GetNoticeSecret(ctx, store.GetNoticeSecretParams{AccountID: accountID, AppID: app})
	p := store.PutNoticeSecretParams{AccountID: accountID, AppID: app, Secret: secret, SetBy: pgtype.Int8{Int64: actor.UserID, Valid: actor.UserID != 0}}
	done := secretChange{Action: "notice_secret.set", SetAt: now.UTC(), SetBy: actor.Name}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return done, q.PutNoticeSecret(ctx, p)
	case err != nil:
		return secretChange{}, err
	case cur.Secret == secret:
		return secretChange{Action: "notice_secret.unchanged", SetAt: cur.SetAt, RotatingUntil: until(cur.PreviousUntil, now)}, nil
	}
	end := now.Add(RotationWindow)
	p.PreviousSecret = pgtype.Text{String: cur.Secret, Valid: true}
	p.PreviousUntil = pgtype.Timestamptz{Time: end, Valid: true}
	done.Action, done.RotatingUntil = "notice_secret.rotated", &end
	return done, q.PutNoticeSecret(ctx, p)
}

func until(t pgtype.Timestamptz, now time.Time) *time.Time {
	if !t.Valid || !now.Before(t.Time) {
		return nil
	}
	return &t.Time
}
