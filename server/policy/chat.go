package policy

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/events"
)

// Chat posts a line to the account's chat webhook (Slack, Teams) in the
// transaction of the change: server/notices' EnqueueChatTx, so a message
// goes out exactly when the request or decision commits. Nil: no chat.
type Chat func(ctx context.Context, tx pgx.Tx, accountID int64, text string) error

// chatLine is what admins read in their channel for a change, or "" for a
// change they are not told about there (only new requests and decisions).
func chatLine(c caller, ch change) string {
	req, ok := ch.data.(Request)
	if !ok {
		return ""
	}
	who := req.UserName
	if who == "" {
		who = req.UserEmail
	}
	switch ch.kind {
	case events.RequestCreated:
		line := fmt.Sprintf("%s asked for %s (%s)", who, req.ListingID, req.AppType)
		if req.Reason != "" {
			line += ": " + req.Reason
		}
		return line
	case events.RequestDecided:
		line := fmt.Sprintf("%s %s %s's request for %s", c.user.Name, req.Status, who, req.ListingID)
		if req.DecisionNote != "" {
			line += ": " + req.DecisionNote
		}
		return line
	}
	return ""
}
