package audit

import (
	"context"
	"database/sql"

	"marketdesk/db"
	"marketdesk/db/store"
)

// Viewer is who reads an app's history.
type Viewer struct {
	UserID  int64
	Manager bool // marketplace managers read the whole audit log
}

// History returns the entries about one app (its listing id, matched
// exactly: "notes" never brings "meeting-notes"), newest first. The audit log
// is for marketplace managers: anyone else gets only the events of their own
// user-level installations of the app, never approvals, requests, other
// people's installations or the account's.
func History(ctx context.Context, d *db.DB, listingID string, v Viewer, limit int) ([]Entry, error) {
	q := store.New(d.Reader)
	lim := int64(min(max(limit, 1), 10000))
	var rows []store.AuditLog
	var err error
	if v.Manager {
		rows, err = q.ListTargetAudit(ctx, store.ListTargetAuditParams{Target: listingID, Lim: lim})
	} else {
		rows, err = q.ListOwnInstallationAudit(ctx, store.ListOwnInstallationAuditParams{Target: listingID,
			UserID: sql.NullInt64{Int64: v.UserID, Valid: true}, Lim: lim})
	}
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(rows))
	for _, r := range rows {
		out = append(out, Entry{ID: r.ID, At: r.At, ActorID: r.ActorID.Int64, ActorName: r.ActorName,
			ActorEmail: r.ActorEmail, Action: r.Action, Target: r.Target, Details: r.Details})
	}
	return out, nil
}
