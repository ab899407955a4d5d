package catalogsrv

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// change is what one transaction of this slice records besides the change
// itself: its audit entry and, when desktops must hear of it, its event.
type change struct {
	action  string
	target  string
	details any
	event   *events.Event // nil: nothing for desktops
}

// record writes c's audit entry and publishes its event in tx, so both exist
// exactly when the change commits.
func (s *service) record(ctx context.Context, tx pgx.Tx, q *store.Queries, who identity.Identity, c change) error {
	details, err := json.Marshal(c.details)
	if err != nil {
		return err
	}
	if _, err := q.InsertAuditEntry(ctx, store.InsertAuditEntryParams{
		AccountID:  who.AccountID,
		ActorID:    actorID(who),
		ActorName:  who.Name,
		ActorEmail: who.Email,
		Action:     c.action,
		Target:     c.target,
		Details:    details,
		RequestID:  httpserver.RequestID(ctx),
	}); err != nil {
		return err
	}
	if c.event == nil || s.pub == nil {
		return nil
	}
	return s.pub.Publish(ctx, tx, *c.event)
}

// eventOf is an event carrying data as the API returns it.
func eventOf(kind events.Kind, accountID, userID int64, data any) *events.Event {
	raw, _ := json.Marshal(data) // API types: always encodable
	return &events.Event{Kind: kind, AccountID: accountID, UserID: userID, Data: raw}
}

// actorID is who's user row, for columns that refer to it.
func actorID(who identity.Identity) pgtype.Int8 {
	return pgtype.Int8{Int64: who.UserID, Valid: who.UserID != 0}
}
