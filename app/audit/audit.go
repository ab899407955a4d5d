// Package audit records every state change (who, what, when, details) in the
// same transaction as the change, and lists and exports the record.
package audit

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"marketdesk/db"
	"marketdesk/db/store"
)

// Actor is who did something.
type Actor struct {
	ID    int64
	Name  string
	Email string
}

// Entry is one audit record.
type Entry struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	ActorID    int64  `json:"actorId"`
	ActorName  string `json:"actorName"`
	ActorEmail string `json:"actorEmail"`
	Action     string `json:"action"`
	Target     string `json:"target"`
	Details    string `json:"details"` // JSON object
}

// Filter narrows the log; every field is optional.
type Filter struct {
	Action string `json:"action"` // a prefix: "approval." matches every approval action
	Actor  string `json:"actor"`  // part of a name or email
	Target string `json:"target"` // part of the target
	Limit  int    `json:"limit"`  // default 500, at most 10000
}

// Record writes one entry with q, which must belong to the transaction of the
// change it records.
func Record(ctx context.Context, q *store.Queries, now time.Time, actor Actor, action, target string, details any) error {
	body, err := json.Marshal(details)
	if err != nil || details == nil {
		body = []byte("{}")
	}
	return q.InsertAudit(ctx, store.InsertAuditParams{
		At: now.UTC().Format(time.RFC3339Nano), ActorID: sql.NullInt64{Int64: actor.ID, Valid: actor.ID != 0},
		ActorName: actor.Name, ActorEmail: actor.Email, Action: action, Target: target, Details: string(body),
	})
}

// List returns the newest entries first.
func List(ctx context.Context, d *db.DB, f Filter) ([]Entry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	rows, err := store.New(d.Reader).ListAudit(ctx, store.ListAuditParams{
		ActionPrefix: f.Action, Actor: f.Actor, Target: f.Target,
		Lim: int64(min(limit, 10000)),
	})
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

// CSVHeader is the first row of a CSV export.
var CSVHeader = []string{"id", "at", "actor_id", "actor_name", "actor_email", "action", "target", "details"}

// CSV renders entries as CSV (RFC 4180), oldest first, as a spreadsheet reads it.
func CSV(entries []Entry) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(CSVHeader)
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		w.Write([]string{strconv.FormatInt(e.ID, 10), e.At, strconv.FormatInt(e.ActorID, 10), e.ActorName,
			e.ActorEmail, e.Action, e.Target, e.Details})
	}
	w.Flush()
	return b.String()
}

// JSON renders entries as a JSON array, oldest first.
func JSON(entries []Entry) string {
	ordered := make([]Entry, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		ordered = append(ordered, entries[i])
	}
	body, _ := json.MarshalIndent(ordered, "", "  ")
	return string(body)
}
