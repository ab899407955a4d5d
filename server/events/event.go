// Package events carries what desktops must hear about as it happens
// (requests created and decided, approvals, catalog and role changes) from
// the transaction that made the change to every replica's Server-Sent Events
// streams. This file is the contract the routes publish through; the store,
// the LISTEN/NOTIFY fan-out and the SSE endpoint live beside it.
package events

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
)

// Kind names an event; desktops switch on it.
type Kind string

const (
	RequestCreated       Kind = "request.created"
	RequestDecided       Kind = "request.decided"
	RequestCancelled     Kind = "request.cancelled"
	ApprovalsChanged     Kind = "approvals.changed"
	CatalogChanged       Kind = "catalog.changed"
	RoleChanged          Kind = "role.changed"
	AccountChanged       Kind = "account.changed"
	InstallationsChanged Kind = "installations.changed"
)

// Event is one change in an account. UserID narrows who receives it: 0 is
// everyone in the account; otherwise that user and the account's managers.
type Event struct {
	Kind      Kind
	AccountID int64
	UserID    int64
	Data      json.RawMessage // the changed object as the API returns it; may be nil
}

// Publisher records e in tx, so the event exists exactly when the change
// commits, and wakes the listeners of every replica after the commit.
type Publisher interface {
	Publish(ctx context.Context, tx pgx.Tx, e Event) error
}
