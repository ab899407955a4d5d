package policy

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
)

// change is one state change as the audit log and the desktops hear of it.
type change struct {
	action  string         // audit action, e.g. "request.created"
	target  string         // what it is about: a listing id, a user's email
	details map[string]any // the audit entry's details
	kind    events.Kind
	userID  int64 // the event's user (0: everyone in the account)
	data    any   // the changed object as the API returns it
}

// record writes ch's audit entry and publishes its event in tx, the
// transaction of the change itself (rule 7): all three commit together.
func (s *service) record(ctx context.Context, tx pgx.Tx, q *store.Queries, c caller, ch change) error {
	details, err := json.Marshal(ch.details)
	if err != nil {
		return err
	}
	if _, err := q.InsertAuditEntry(ctx, store.InsertAuditEntryParams{
		AccountID: c.AccountID, ActorID: pgtype.Int8{Int64: c.user.ID, Valid: true},
		ActorName: c.user.Name, ActorEmail: c.user.Email,
		Action: ch.action, Target: ch.target, Details: details, RequestID: httpserver.RequestID(ctx),
	}); err != nil {
		return err
	}
	data, err := json.Marshal(ch.data)
	if err != nil {
		return err
	}
	if err := s.pub.Publish(ctx, tx, events.Event{Kind: ch.kind, AccountID: c.AccountID, UserID: ch.userID, Data: data}); err != nil {
		return err
	}
	if line := chatLine(c, ch); line != "" && s.chat != nil {
		return s.chat(ctx, tx, c.AccountID, line)
	}
	return nil
}
