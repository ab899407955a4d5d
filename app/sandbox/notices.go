package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"marketdesk/app/webhook"
	"marketdesk/db"
	"marketdesk/db/store"
)

const noticesPath = "/sandbox/notices"

// ReceivedNotice is a deauthorization notice the sandbox received as the
// developer of an embedded app.
type ReceivedNotice struct {
	WebhookID  string          `json:"webhookId"`
	ListingID  string          `json:"listingId"`
	ReceivedAt string          `json:"receivedAt"`
	Verified   bool            `json:"verified"`
	Body       json.RawMessage `json:"body"`
}

// receiveNotice verifies a notice's signature with the sandbox's own random
// secret (NoticeSecret) and keeps it once (idempotent by webhook-id), as a
// developer's endpoint would.
func (s *Server) receiveNotice(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	var n struct {
		AppID string `json:"app_id"`
	}
	if json.Unmarshal(body, &n) != nil || n.AppID == "" {
		http.Error(w, "not a deauthorization notice", http.StatusBadRequest)
		return
	}
	secret, err := NoticeSecret(r.Context(), s.cfg.Vault)
	if err != nil { // no secret to verify with: refuse rather than accept unverified
		http.Error(w, "cannot verify notices now", http.StatusServiceUnavailable)
		return
	}
	key, err := webhook.Key(secret)
	if err != nil {
		http.Error(w, "cannot verify notices now", http.StatusServiceUnavailable)
		return
	}
	if err := webhook.Verify(key, r.Header, body, s.cfg.Now()); err != nil {
		http.Error(w, "bad signature: "+err.Error(), http.StatusUnauthorized)
		return
	}
	err = store.New(s.cfg.DB.Writer).InsertSandboxNotice(r.Context(), store.InsertSandboxNoticeParams{
		WebhookID: r.Header.Get("webhook-id"), ListingID: n.AppID, ReceivedAt: s.cfg.Now().UTC().Format(time.RFC3339),
		Verified: 1, Body: string(body)})
	if err != nil {
		http.Error(w, "cannot keep the notice", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Notices lists what the sandbox received, newest first.
func Notices(ctx context.Context, d *db.DB) ([]ReceivedNotice, error) {
	rows, err := store.New(d.Reader).ListSandboxNotices(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ReceivedNotice, 0, len(rows))
	for _, r := range rows {
		out = append(out, ReceivedNotice{WebhookID: r.WebhookID, ListingID: r.ListingID, ReceivedAt: r.ReceivedAt,
			Verified: r.Verified != 0, Body: json.RawMessage(r.Body)})
	}
	return out, nil
}
