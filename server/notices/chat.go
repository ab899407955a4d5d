package notices

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
)

// ChatMessage is a line for the account's chat channel: a new request, a
// decision. Text is plain text (names, notes: anything people typed); it is
// escaped for Slack's mrkdwn when sent, so "<!channel>" in a note is text.
type ChatMessage struct {
	AccountID int64
	Text      string
	// Link, optional, is an https URL to open the request (shown after the text).
	Link string
}

// MaxChatAttempts bounds the retries of a chat message: it is news, not a
// record; after about an hour of waits (45–85 minutes) it is dropped.
const MaxChatAttempts = 10

type chatArgs struct {
	AccountID int64  `json:"account_id"`
	Text      string `json:"text"`
	Link      string `json:"link,omitempty"`
}

func (chatArgs) Kind() string { return "notice.chat" }

func (chatArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: MaxChatAttempts}
}

// EnqueueChatTx queues msg for the account's chat webhook in tx, if the
// account has one; it is posted when tx commits. The job holds no URL: the
// worker reads the webhook when it posts, so a removed webhook gets nothing.
func EnqueueChatTx(ctx context.Context, tx pgx.Tx, msg ChatMessage) error {
	_, err := store.New(tx).GetChatWebhook(ctx, msg.AccountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("notices: read the chat webhook: %w", err)
	}
	return insertTx(ctx, tx, chatArgs{AccountID: msg.AccountID, Text: msg.Text, Link: msg.Link})
}

type chatWorker struct {
	river.WorkerDefaults[chatArgs]
	s *Service
}

func (w *chatWorker) Work(ctx context.Context, job *river.Job[chatArgs]) error {
	hook, err := w.s.db.Queries.GetChatWebhook(ctx, job.Args.AccountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // removed since: nobody wants it any more
	}
	if err != nil {
		return err
	}
	body, err := json.Marshal(ChatPayload(hook.Url, job.Args.Text, job.Args.Link))
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.Url, bytes.NewReader(body))
	if err != nil {
		return river.JobCancel(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	return w.s.send(req)
}

// Payload is the JSON both Slack and Teams incoming webhooks accept: "text"
// (Slack mrkdwn; Teams reads it as markdown). Slack also gets the same text
// as a section block.
type Payload struct {
	Text   string  `json:"text"`
	Blocks []Block `json:"blocks,omitempty"`
}

// Block is a Slack Block Kit section.
type Block struct {
	Type string    `json:"type"`
	Text BlockText `json:"text"`
}

// BlockText is a Block's text object.
type BlockText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// ChatPayload is the body posted to hookURL for text and link.
func ChatPayload(hookURL, text, link string) Payload {
	out := EscapeMrkdwn(text)
	slack := isSlack(hookURL)
	if okLink(link) {
		if slack {
			out += " <" + link + "|Open in Marketdesk>"
		} else {
			out += " " + link
		}
	}
	p := Payload{Text: out}
	if slack {
		p.Blocks = []Block{{Type: "section", Text: BlockText{Type: "mrkdwn", Text: out}}}
	}
	return p
}

// EscapeMrkdwn escapes the three characters Slack's mrkdwn gives meaning to
// (& < >), so user-typed text cannot mention @channel or forge a link.
func EscapeMrkdwn(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func isSlack(hookURL string) bool {
	u, err := url.Parse(hookURL)
	return err == nil && (u.Hostname() == "hooks.slack.com" || strings.HasSuffix(u.Hostname(), ".slack.com"))
}

// okLink: an https URL with nothing that would end Slack's <url|label>.
func okLink(link string) bool {
	u, err := url.Parse(link)
	return err == nil && u.Scheme == "https" && u.Host != "" && !strings.ContainsAny(link, "<>| \t\n")
}

// checkWebhookURL validates a chat webhook URL before it is stored: https,
// no credentials in it, and not this machine's or the intranet's addresses
// unless allowLoopback (tests). Delivery checks the address dialled again
// (netguard), so a name that resolves to a private address is refused too.
func checkWebhookURL(raw string, allowLoopback bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != "" {
		return apperr.New(apperr.Invalid, "the webhook URL must be an https URL such as https://hooks.slack.com/services/…, without user:password")
	}
	host := u.Hostname()
	if allowLoopback {
		return nil
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return apperr.New(apperr.Invalid, "the webhook URL must not point at this machine (%s)", host)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a = a.Unmap(); !a.IsGlobalUnicast() || a.IsPrivate() {
			return apperr.New(apperr.Invalid, "the webhook URL must be a public address, not %s", host)
		}
	}
	return nil
}
