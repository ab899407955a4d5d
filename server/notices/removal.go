package notices

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"marketdesk/app/webhook"
	"marketdesk/server/db/store"
)

// RemovalNotice is a removal a desktop reported, as the inventory records
// it; EnqueueRemovalTx turns it into a signed notice to the app's developer.
type RemovalNotice struct {
	AccountID int64
	AppID     string // the listing id
	// NoticeURL is the listing's deauthorization_url; "" means the developer
	// wants no notices, and nothing is sent.
	NoticeURL         string
	InstallationID    int64
	UserID            *int64 // nil for account-level apps
	RemovedAt         time.Time
	UserDataRetention bool
}

// Notice is the JSON body developers receive, field for field the one the
// desktop sends (app/manage.Notice, docs/deauthorization.md).
type Notice struct {
	Event             string `json:"event"` // "app.deauthorized"
	AppID             string `json:"app_id"`
	AccountID         string `json:"account_id"`
	UserID            *int64 `json:"user_id"`
	InstallationID    int64  `json:"installation_id"`
	RemovedAt         string `json:"removed_at"`
	UserDataRetention bool   `json:"user_data_retention"`
}

// MaxNoticeAttempts is how many times a notice is tried before River
// discards it: with Backoff's defaults, the waits add up to 8–15 hours, so
// a developer's endpoint may be down overnight without losing a notice.
const MaxNoticeAttempts = 25

// removalArgs is the job: the exact body and webhook-id, fixed at enqueue so
// every attempt sends the same bytes under the same id. No secret: the
// worker reads it when it signs.
type removalArgs struct {
	WebhookID      string `json:"webhook_id" river:"unique"`
	AccountID      int64  `json:"account_id"`
	AppID          string `json:"app_id"`
	InstallationID int64  `json:"installation_id"`
	URL            string `json:"url"`
	Body           string `json:"body"` // a string, not JSON: jsonb would reorder it
}

func (removalArgs) Kind() string { return "notice.removal" }

func (removalArgs) InsertOpts() river.InsertOpts {
	// Unique by webhook-id: a removal reported twice is one notice.
	return river.InsertOpts{Queue: Queue, MaxAttempts: MaxNoticeAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// EnqueueRemovalTx queues the deauthorization notice of n in tx: it is
// delivered when, and only if, tx commits.
func EnqueueRemovalTx(ctx context.Context, tx pgx.Tx, n RemovalNotice) error {
	if n.NoticeURL == "" {
		return nil // nothing to notify
	}
	acct, err := store.New(tx).GetAccount(ctx, n.AccountID)
	if err != nil {
		return fmt.Errorf("notices: read account %d: %w", n.AccountID, err)
	}
	body, err := json.Marshal(Notice{
		Event: "app.deauthorized", AppID: n.AppID, AccountID: PublicAccountID(acct),
		UserID: n.UserID, InstallationID: n.InstallationID,
		RemovedAt: n.RemovedAt.UTC().Format(time.RFC3339), UserDataRetention: n.UserDataRetention,
	})
	if err != nil {
		return err
	}
	return insertTx(ctx, tx, removalArgs{
		WebhookID: removalWebhookID(n), AccountID: n.AccountID, AppID: n.AppID, InstallationID: n.InstallationID,
		URL: n.NoticeURL, Body: string(body),
	})
}

// PublicAccountID is the account's id in notices: stable, and not the
// database's sequence number (which would tell developers how many
// accounts the server holds).
func PublicAccountID(a store.Account) string {
	sum := sha256.Sum256([]byte(strconv.FormatInt(a.ID, 10) + "\x00" + a.CreatedAt.UTC().Format(time.RFC3339Nano)))
	return "acct_" + hex.EncodeToString(sum[:8])
}

// removalWebhookID is derived from the removal, so the same removal always
// gets the same webhook-id, whoever reports it and however often.
func removalWebhookID(n RemovalNotice) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "removal\x00%d\x00%s\x00%d", n.AccountID, n.AppID, n.InstallationID))
	return "msg_" + hex.EncodeToString(sum[:16])
}

type removalWorker struct {
	river.WorkerDefaults[removalArgs]
	s *Service
}

// Work signs the notice with the app's secret (and the previous one during a
// rotation) at this attempt's time and posts it. A notice whose app has no
// secret yet waits without using up attempts: it is never sent unsigned.
func (w *removalWorker) Work(ctx context.Context, job *river.Job[removalArgs]) error {
	a := job.Args
	keys, err := w.s.signingKeys(ctx, a.AccountID, a.AppID)
	if errors.Is(err, errNoSecret) {
		w.s.o.Logger.WarnContext(ctx, "a deauthorization notice waits for its app's signing secret",
			"app_id", a.AppID, "account_id", a.AccountID, "webhook_id", a.WebhookID)
		return river.JobSnooze(w.s.o.SecretRecheck)
	}
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.URL, bytes.NewReader([]byte(a.Body)))
	if err != nil {
		return river.JobCancel(fmt.Errorf("the notice URL of %s is not valid: %w", a.AppID, err))
	}
	webhook.SetHeaders(req, a.WebhookID, w.s.o.Now(), []byte(a.Body), keys...)
	req.Header.Set("User-Agent", userAgent)
	return w.s.send(req)
}
