package events

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
)

// Channel is the one PostgreSQL NOTIFY channel every replica's hub listens
// on. Its payload is only the new event's id: the rows are read from the
// table, so a notification never carries data and never grows with it.
const Channel = "marketdesk_events"

// MaxData caps an event's data: every stream that may see the event gets
// a copy, so events carry the changed object, never a whole list or feed.
const MaxData = 64 << 10

// Store is the Publisher of the routes: it writes events into the events
// table of the caller's transaction. It has no state; the zero value works.
type Store struct{}

var _ Publisher = Store{}

// Publish records e in tx and queues a NOTIFY, which PostgreSQL delivers
// only when tx commits: a rolled-back change announces nothing.
//
// It first takes a transaction-scoped advisory lock, held until tx ends, so
// publishing transactions commit one after another and ids become visible
// in order (a hub reading "after the last id" can never skip one). Publish
// as the last step of a transaction so the lock is held briefly.
func (Store) Publish(ctx context.Context, tx pgx.Tx, e Event) error {
	if err := e.validate(); err != nil {
		return err
	}
	data := []byte(e.Data)
	if len(data) == 0 {
		data = []byte("{}")
	}
	q := store.New(tx)
	if err := q.LockEventOrder(ctx); err != nil {
		return err
	}
	id, err := q.InsertEvent(ctx, store.InsertEventParams{AccountID: e.AccountID, UserID: e.UserID, Kind: string(e.Kind), Data: data})
	if err != nil {
		return err
	}
	return q.NotifyEvents(ctx, id)
}

// validate refuses an event a stream could not carry: the kind becomes an
// SSE "event:" line, so it must be a plain word.
func (e Event) validate() error {
	if !plainKind(string(e.Kind)) {
		return apperr.New(apperr.Invalid, "event kind %q is not valid: use lowercase letters, digits, '.', '_' or '-'", e.Kind)
	}
	if e.AccountID <= 0 {
		return apperr.New(apperr.Invalid, "event %s has no account", e.Kind)
	}
	if e.UserID < 0 {
		return apperr.New(apperr.Invalid, "event %s has a negative user id %d", e.Kind, e.UserID)
	}
	if len(e.Data) > MaxData {
		return apperr.New(apperr.Invalid, "event %s carries %d bytes of data, more than %d: publish the changed object's id and let desktops fetch it", e.Kind, len(e.Data), MaxData)
	}
	if len(e.Data) > 0 && !json.Valid(e.Data) {
		return apperr.New(apperr.Invalid, "event %s: its data is not valid JSON", e.Kind)
	}
	return nil
}

func plainKind(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for _, c := range k {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}
