package reminders

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db/store"
	"marketdesk/server/notices"
)

// NoticesChat is the production Chat: the account's Slack or Teams webhook
// through server/notices' durable queue (River), queued in tx.
func NoticesChat(ctx context.Context, tx pgx.Tx, accountID int64, text string) (bool, error) {
	_, err := store.New(tx).GetChatWebhook(ctx, accountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reminders: read the chat webhook: %w", err)
	}
	return true, notices.EnqueueChatTx(ctx, tx, notices.ChatMessage{AccountID: accountID, Text: text})
}
