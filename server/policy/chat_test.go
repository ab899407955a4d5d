package policy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/policy"
)

// chatLog is a policy.Chat that remembers its lines (server/notices'
// EnqueueChatTx queues them in the change's transaction).
type chatLog struct {
	mu    sync.Mutex
	lines []string
	fail  error
}

func (c *chatLog) post(ctx context.Context, tx pgx.Tx, accountID int64, text string) error {
	if c.fail != nil {
		return c.fail
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, fmt.Sprintf("%d: %s", accountID, text))
	return nil
}

func TestNewRequestsAndDecisionsGoToTheChat(t *testing.T) {
	chat := &chatLog{}
	f := setup(t, policy.Options{Chat: chat.post})
	req := f.must(201, "member", "POST", "/api/v1/requests", map[string]any{"listing_id": "figma", "reason": "design <reviews>"}).body
	f.must(200, "manager", "POST", fmt.Sprintf("/api/v1/requests/%d/decision", num(req["id"])), map[string]any{"approve": false, "note": "use the team plan"})
	f.must(201, "owner", "POST", "/api/v1/approvals", map[string]any{"listing_id": "slack", "scope": "account"}) // not a chat line

	if len(chat.lines) != 2 {
		t.Fatalf("chat lines = %q, want the request and its decision", chat.lines)
	}
	acct := fmt.Sprint(f.a.ID) + ": "
	if l := chat.lines[0]; !strings.HasPrefix(l, acct) || !strings.Contains(l, "asked for figma") || !strings.Contains(l, "design <reviews>") {
		t.Errorf("request line = %q", l)
	}
	if l := chat.lines[1]; !strings.Contains(l, "denied") || !strings.Contains(l, "figma") || !strings.Contains(l, "use the team plan") {
		t.Errorf("decision line = %q", l)
	}

	// A chat that cannot be queued rolls the request back with it.
	chat.fail = errors.New("queue down")
	f.must(500, "member2", "POST", "/api/v1/requests", map[string]any{"listing_id": "notion"})
	if n := len(f.must(200, "member2", "GET", "/api/v1/requests", nil).body["requests"].([]any)); n != 0 {
		t.Fatalf("the request whose chat line failed was kept (%d requests)", n)
	}
}
