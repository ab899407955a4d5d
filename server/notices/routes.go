package notices

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/app/webhook"
	"marketdesk/server/api"
	"marketdesk/server/db/store"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// Routes are the managers' routes of signing secrets, notices and the chat
// webhook.
// No route ever answers with a stored secret or a webhook URL: a generated
// secret is shown once, in the answer to the request that made it.
func (s *Service) Routes() []api.Route {
	return []api.Route{
		{Method: http.MethodGet, Path: "/api/v1/notice-secrets", Access: api.Manages,
			Summary: "Apps with a deauthorization-notice signing secret (never the secrets)", Handler: s.listSecrets},
		{Method: http.MethodPut, Path: "/api/v1/notice-secrets/{app_id}", Access: api.Manages,
			Summary: "Set or rotate an app's signing secret; {\"generate\": true} makes one, shown once", Handler: s.putSecret},
		{Method: http.MethodGet, Path: "/api/v1/notices", Access: api.Manages,
			Summary: "The account's deauthorization notices: pending, delivered, failed, refused", Handler: s.getNotices},
		{Method: http.MethodPost, Path: "/api/v1/notices/{webhook_id}/retry", Access: api.Manages,
			Summary: "Send a failed notice again (same webhook-id)", Handler: s.retryNotice},
		{Method: http.MethodGet, Path: "/api/v1/account/webhook", Access: api.Manages,
			Summary: "Whether the account's chat webhook is set, and its host", Handler: s.getWebhook},
		{Method: http.MethodPut, Path: "/api/v1/account/webhook", Access: api.Manages,
			Summary: "Set the Slack or Teams incoming webhook for new requests and decisions", Handler: s.putWebhook},
		{Method: http.MethodDelete, Path: "/api/v1/account/webhook", Access: api.Manages,
			Summary: "Remove the account's chat webhook", Handler: s.deleteWebhook},
	}
}

// SecretInfo is an app's signing secret as routes show it: never the value.
type SecretInfo struct {
	AppID         string     `json:"app_id"`
	SetAt         time.Time  `json:"set_at"`
	SetBy         string     `json:"set_by,omitempty"`
	RotatingUntil *time.Time `json:"rotating_until,omitempty"` // the previous secret signs too until then
}

func (s *Service) listSecrets(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	rows, err := s.db.Queries.ListNoticeSecrets(r.Context(), id.AccountID)
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	out := make([]SecretInfo, 0, len(rows))
	for _, row := range rows {
		out = append(out, SecretInfo{AppID: row.AppID, SetAt: row.SetAt, SetBy: row.SetByName, RotatingUntil: until(row.PreviousUntil, s.o.Now())})
	}
	writeJSON(w, http.StatusOK, map[string]any{"secrets": out})
}

// PutSecretRequest is the body of PUT /api/v1/notice-secrets/{app_id}:
// either the secret the developer gave, or generate.
type PutSecretRequest struct {
	Secret   string `json:"secret,omitempty"`
	Generate bool   `json:"generate,omitempty"`
}

// PutSecretResponse answers it; Secret is set only when the server generated
// it, and this is the one time it is shown.
type PutSecretResponse struct {
	SecretInfo
	Action string `json:"action"` // notice_secret.set, notice_secret.rotated, notice_secret.unchanged
	Secret string `json:"secret,omitempty"`
}

func (s *Service) putSecret(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	app := r.PathValue("app_id")
	if err := checkAppID(app); err != nil {
		writeError(w, r, s, err)
		return
	}
	var in PutSecretRequest
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, s, err)
		return
	}
	if in.Generate == (in.Secret != "") {
		writeError(w, r, s, apperr.New(apperr.Invalid, `give either {"secret": "whsec_…"} (the developer's) or {"generate": true}`))
		return
	}
	secret := in.Secret
	if in.Generate {
		secret = webhook.NewSecret()
	}
	var change secretChange
	err := s.db.InTxWith(r.Context(), func(tx pgx.Tx, q *store.Queries) (err error) {
		if change, err = putSecret(r.Context(), q, id, app, secret, s.o.Now()); err != nil {
			return err
		}
		if change.Action == "notice_secret.unchanged" {
			return nil
		}
		if err := audit(r, q, id, change.Action, app, map[string]any{"generated": in.Generate}); err != nil {
			return err
		}
		return s.wakeWaiting(r.Context(), tx, id.AccountID, app)
	})
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	out := PutSecretResponse{SecretInfo: SecretInfo{AppID: app, SetAt: change.SetAt, SetBy: change.SetBy, RotatingUntil: change.RotatingUntil}, Action: change.Action}
	if in.Generate {
		out.Secret = secret
	}
	writeJSON(w, http.StatusOK, out)
}

// wakeWaiting makes the notices of app that wait for a secret due now, in
// tx: they go out as soon as the secret commits.
func (s *Service) wakeWaiting(ctx context.Context, tx pgx.Tx, accountID int64, app string) error {
	rows, err := tx.Query(ctx, `SELECT id FROM river_job WHERE kind = $1 AND state = 'scheduled'
		AND args @> jsonb_build_object('account_id', $2::bigint, 'app_id', $3::text)`, removalArgs{}.Kind(), accountID, app)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.client.JobRetryTx(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// WebhookInfo is the chat webhook as routes show it: its host, never the URL
// (whoever has a Slack or Teams webhook URL can post to the channel).
type WebhookInfo struct {
	Configured bool       `json:"configured"`
	Host       string     `json:"host,omitempty"`
	SetAt      *time.Time `json:"set_at,omitempty"`
}

func (s *Service) getWebhook(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	hook, err := s.db.Queries.GetChatWebhook(r.Context(), id.AccountID)
	if errors.Is(err, pgx.ErrNoRows) {
		writeJSON(w, http.StatusOK, WebhookInfo{})
		return
	}
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	writeJSON(w, http.StatusOK, WebhookInfo{Configured: true, Host: hostOf(hook.Url), SetAt: &hook.SetAt})
}

func (s *Service) putWebhook(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	var in struct {
		URL string `json:"url"`
	}
	if err := decode(w, r, &in); err != nil {
		writeError(w, r, s, err)
		return
	}
	if err := checkWebhookURL(in.URL, s.o.AllowLoopback); err != nil {
		writeError(w, r, s, err)
		return
	}
	err := s.db.InTx(r.Context(), func(q *store.Queries) error {
		if err := q.PutChatWebhook(r.Context(), store.PutChatWebhookParams{AccountID: id.AccountID, Url: in.URL, SetBy: pgtype.Int8{Int64: id.UserID, Valid: id.UserID != 0}}); err != nil {
			return err
		}
		return audit(r, q, id, "chat_webhook.set", "account", map[string]any{"host": hostOf(in.URL)})
	})
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	now := s.o.Now().UTC()
	writeJSON(w, http.StatusOK, WebhookInfo{Configured: true, Host: hostOf(in.URL), SetAt: &now})
}

func (s *Service) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	id, _ := identity.From(r.Context())
	err := s.db.InTx(r.Context(), func(q *store.Queries) error {
		n, err := q.DeleteChatWebhook(r.Context(), id.AccountID)
		if err != nil || n == 0 {
			return err
		}
		return audit(r, q, id, "chat_webhook.removed", "account", nil)
	})
	if err != nil {
		writeError(w, r, s, err)
		return
	}
	writeJSON(w, http.StatusOK, WebhookInfo{})
}

// checkAppID: a listing id as feeds write them (docs/catalog-feed.md), so
// nothing odd lands in the table and the audit log.
func checkAppID(app string) error {
	if app == "" || len(app) > 128 || strings.ContainsFunc(app, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return apperr.New(apperr.Invalid, "%q is not an app id (1 to 128 characters, no spaces or control characters)", app)
	}
	return nil
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// audit records a change in its transaction; details never hold a secret.
func audit(r *http.Request, q *store.Queries, id identity.Identity, action, target string, details map[string]any) error {
	if details == nil {
		details = map[string]any{}
	}
	d, err := json.Marshal(details)
	if err != nil {
		return err
	}
	_, err = q.InsertAuditEntry(r.Context(), store.InsertAuditEntryParams{
		AccountID: id.AccountID, ActorID: pgtype.Int8{Int64: id.UserID, Valid: id.UserID != 0},
		ActorName: id.Name, ActorEmail: id.Email, Action: action, Target: target, Details: d,
		RequestID: httpserver.RequestID(r.Context()),
	})
	return err
}

// decode reads a small JSON body strictly (unknown fields are a typo).
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.New(apperr.Invalid, "the request body is not the expected JSON: %v", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}
