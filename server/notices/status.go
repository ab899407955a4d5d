package notices

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// NoticeStatus is one deauthorization notice as managers see it (the
// server's version of the desktop's Settings → Developer notices).
type NoticeStatus struct {
	WebhookID      string `json:"webhook_id"`
	AppID          string `json:"app_id"`
	InstallationID int64  `json:"installation_id"`
	// Status: pending (being tried, or waiting for its app's secret),
	// delivered, failed (attempts used up) or refused (a URL the server may
	// not call).
	Status           string     `json:"status"`
	WaitingForSecret bool       `json:"waiting_for_secret"`
	Attempts         int        `json:"attempts"`
	LastError        string     `json:"last_error,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
	NextAttemptAt    *time.Time `json:"next_attempt_at,omitempty"`
	FinishedAt       *time.Time `json:"finished_at,omitempty"`
}

var statusOfState = map[string]string{"completed": "delivered", "discarded": "failed", "cancelled": "refused"}

// noticesOf reads the account's notice jobs from River's table (the GIN
// index on args serves the @> filter). The args hold no secret.
const noticesOf = `
SELECT j.args->>'webhook_id', j.args->>'app_id', coalesce((j.args->>'installation_id')::bigint, 0), j.state::text, j.attempt,
       coalesce(j.errors[array_length(j.errors, 1)]->>'error', ''), j.created_at, j.scheduled_at, j.finalized_at,
       s.app_id IS NULL
FROM river_job j
LEFT JOIN notice_secrets s ON s.account_id = $1 AND s.app_id = j.args->>'app_id'
WHERE j.kind = $2 AND j.args @> jsonb_build_object('account_id', $1::bigint) AND ($3 = '' OR j.args @> jsonb_build_object('webhook_id', $3::text))
ORDER BY j.id DESC LIMIT 200`

func (s *Service) listNotices(ctx context.Context, accountID int64, webhookID string) ([]NoticeStatus, error) {
	rows, err := s.db.Pool.Query(ctx, noticesOf, accountID, removalArgs{}.Kind(), webhookID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (NoticeStatus, error) {
		var n NoticeStatus
		var state string
		var scheduled time.Time
		var finalized pgtype.Timestamptz
		var noSecret bool
		if err := row.Scan(&n.WebhookID, &n.AppID, &n.InstallationID, &state, &n.Attempts, &n.LastError, &n.CreatedAt, &scheduled, &finalized, &noSecret); err != nil {
			return n, err
		}
		n.Status = statusOfState[state]
		if n.Status == "" {
			n.Status, n.NextAttemptAt, n.WaitingForSecret = "pending", &scheduled, noSecret
		}
		if finalized.Valid {
			n.FinishedAt = &finalized.Time
		}
		return n, nil
	})
}

func (s *Service) getNotices(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	list, err := s.listNotices(r.Context(), id.AccountID, "")
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"notices": list})
}

// retryNotice sends a failed or refused notice again (a fresh set of
// attempts, the same webhook-id), or a pending one now.
func (s *Service) retryNotice(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	webhookID := r.PathValue("webhook_id")
	err := s.db.InTxWith(r.Context(), func(tx pgx.Tx, q *store.Queries) error {
		var jobID int64
		var state, app string
		err := tx.QueryRow(r.Context(), `SELECT id, state::text, args->>'app_id' FROM river_job WHERE kind = $1
			AND args @> jsonb_build_object('account_id', $2::bigint, 'webhook_id', $3::text) FOR UPDATE`,
			removalArgs{}.Kind(), id.AccountID, webhookID).Scan(&jobID, &state, &app)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.New(apperr.NotFound, "no notice %s in this account", webhookID)
		}
		if err != nil {
			return err
		}
		switch state {
		case "completed":
			return apperr.New(apperr.Conflict, "notice %s was delivered already", webhookID)
		case "running":
			return apperr.New(apperr.Conflict, "notice %s is being delivered right now", webhookID)
		}
		if _, err := s.client.JobRetryTx(r.Context(), tx, jobID); err != nil {
			return err
		}
		return audit(r, q, id, "notice.retried", app, map[string]any{"webhook_id": webhookID, "was": state})
	})
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	list, err := s.listNotices(r.Context(), id.AccountID, webhookID)
	if err != nil || len(list) != 1 {
		writeError(w, r, s, errors.Join(err, errors.New("the retried notice vanished")))
		return
	}
	writeJSON(w, http.StatusOK, list[0])
}
