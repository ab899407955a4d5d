package notices_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db/store"
	"marketdesk/server/notices"
)

func (e *env) chat(t *testing.T, msg notices.ChatMessage) {
	t.Helper()
	err := e.db.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
		return notices.EnqueueChatTx(context.Background(), tx, msg)
	})
	if err != nil {
		t.Fatalf("EnqueueChatTx: %v", err)
	}
}

// The chat webhook gets {"text": …} (what both Slack and Teams accept) with
// people's text escaped for Slack's mrkdwn, retried when the service fails.
// Without a webhook nothing is queued.
func TestChatWebhookGetsEscapedText(t *testing.T) {
	e := newEnv(t, nil)
	typed := `Ann <ann@example.com> asked for "Notes & Co" <!channel>`
	e.chat(t, notices.ChatMessage{AccountID: e.account.ID, Text: typed})
	var jobs int
	e.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM river_job").Scan(&jobs)
	if jobs != 0 {
		t.Fatalf("%d jobs queued for an account without a chat webhook", jobs)
	}

	srv := e.api(t)
	if status, body := call(t, srv, "owner", "PUT", "/api/v1/account/webhook", map[string]any{"url": e.server.URL + "/services/T/B/x"}); status != 200 {
		t.Fatalf("PUT webhook = %d %s", status, body)
	}
	e.receiver.failFirst = 1
	e.chat(t, notices.ChatMessage{AccountID: e.account.ID, Text: typed, Link: "https://marketdesk.example/requests/9"})
	waitJobs(t, e.db, "notice.chat", "completed", 1)
	attempts, accepted, _ := e.receiver.snapshot()
	if len(attempts) != 2 || len(accepted) != 1 {
		t.Fatalf("attempts %v, accepted %d; want a retry after the 503 and one message", statuses(attempts), len(accepted))
	}
	if ct := attempts[1].header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type = %q", ct)
	}
	var got map[string]any
	if err := json.Unmarshal(accepted[0], &got); err != nil {
		t.Fatal(err)
	}
	want := `Ann &lt;ann@example.com&gt; asked for "Notes &amp; Co" &lt;!channel&gt; https://marketdesk.example/requests/9`
	if len(got) != 1 || got["text"] != want {
		t.Fatalf("body = %s\nwant only text = %s", accepted[0], want)
	}

	// Removed: nothing more is queued or sent.
	if status, _ := call(t, srv, "owner", "DELETE", "/api/v1/account/webhook", nil); status != 200 {
		t.Fatalf("DELETE webhook = %d", status)
	}
	e.chat(t, notices.ChatMessage{AccountID: e.account.ID, Text: "after"})
	waitJobs(t, e.db, "notice.chat", "completed", 1)
	if attempts, _, _ := e.receiver.snapshot(); len(attempts) != 2 {
		t.Fatalf("%d requests after the webhook was removed, want none more", len(attempts)-2)
	}
}

// The webhook URL is refused unless https to a public host, without
// credentials; loopback only with the tests' AllowLoopback.
func TestChatWebhookURLIsChecked(t *testing.T) {
	e := newEnv(t, func(o *notices.Options) { o.AllowLoopback = false })
	srv := e.api(t)
	for _, u := range []string{
		"http://hooks.slack.com/services/x", "https://user:pw@hooks.slack.com/x", "ftp://x", "",
		e.server.URL + "/hook", "https://localhost/x", "https://10.0.0.8/x", "https://169.254.169.254/x", "https://[::1]/x",
	} {
		if status, body := call(t, srv, "owner", "PUT", "/api/v1/account/webhook", map[string]any{"url": u}); status != 400 {
			t.Errorf("PUT webhook %q = %d %s, want 400", u, status, body)
		}
	}
	if status, body := call(t, srv, "owner", "PUT", "/api/v1/account/webhook", map[string]any{"url": "https://hooks.slack.com/services/T/B/x"}); status != 200 {
		t.Fatalf("PUT a Slack webhook = %d %s", status, body)
	}
	status, body := call(t, srv, "owner", "GET", "/api/v1/account/webhook", nil)
	if status != 200 || !strings.Contains(string(body), `"host":"hooks.slack.com"`) || strings.Contains(string(body), "/services/") {
		t.Fatalf("GET webhook = %d %s", status, body)
	}
}

// Slack's own hosts also get the text as a mrkdwn section block, and the
// link in Slack's <url|label> form; a link that could break out of it is left out.
func TestChatPayloadForSlack(t *testing.T) {
	p := notices.ChatPayload("https://hooks.slack.com/services/T/B/x", "a < b & c", "https://md.example/r/1")
	want := "a &lt; b &amp; c <https://md.example/r/1|Open in Marketdesk>"
	if p.Text != want || len(p.Blocks) != 1 || p.Blocks[0].Type != "section" || p.Blocks[0].Text.Type != "mrkdwn" || p.Blocks[0].Text.Text != want {
		t.Fatalf("payload = %+v", p)
	}
	if p := notices.ChatPayload("https://hooks.slack.com/x", "t", "https://evil.example/|<!channel>"); p.Text != "t" {
		t.Fatalf("a link with | and < was kept: %q", p.Text)
	}
	if p := notices.ChatPayload("https://acme.webhook.office.com/webhookb2/x", "t", ""); p.Blocks != nil {
		t.Fatalf("Teams got Slack blocks: %+v", p)
	}
}
