package manage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/oauthflow"
	"marketdesk/app/sandbox"
	"marketdesk/app/vault"
	"marketdesk/app/webhook"
	"marketdesk/db"
	"marketdesk/db/store"
)

// Delivery limits (documented in docs/deauthorization.md).
const (
	MaxAttempts = 10
	baseBackoff = 5 * time.Second
	maxBackoff  = time.Hour
)

// Outbox delivers deauthorization notices and pending revocations in the
// background: exponential backoff with jitter, one delivery in flight at a
// time, surviving restarts (the queue is a table), giving up after
// MaxAttempts and then waiting for a person's Retry.
type Outbox struct {
	db      *db.DB
	vault   *vault.Vault
	client  *http.Client
	now     func() time.Time
	sandbox func() string // the sandbox server's issuer ("" when not running)
	secrets *NoticeSecrets
	mu      sync.Mutex // one delivery pass at a time
	wake    chan struct{}
	// Delivered, when set, is told about every delivery (the UI refreshes).
	Delivered func(id string)
}

// NewOutbox returns the outbox deliverer.
func NewOutbox(d *db.DB, v *vault.Vault, client *http.Client, now func() time.Time, sandboxIssuer func() string) *Outbox {
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Outbox{db: d, vault: v, client: client, now: now, sandbox: sandboxIssuer, wake: make(chan struct{}, 1),
		secrets: &NoticeSecrets{db: d, vault: v, now: now}}
}

// Wake asks the running loop to look at the queue now.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, looking at the queue every few seconds and
// whenever woken.
func (o *Outbox) Run(ctx context.Context) {
	for {
		o.DeliverDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-o.wake:
		case <-time.After(5 * time.Second):
		}
	}
}

// DeliverDue tries every message whose time has come, once.
func (o *Outbox) DeliverDue(ctx context.Context) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	due, err := store.New(o.db.Reader).DueOutbox(ctx, o.now().UTC().Format(time.RFC3339))
	if err != nil {
		return 0
	}
	delivered := 0
	for _, msg := range due {
		if err := o.deliver(ctx, msg); err != nil {
			o.later(ctx, msg, err)
			continue
		}
		delivered++
		store.New(o.db.Writer).OutboxDelivered(ctx, store.OutboxDeliveredParams{DeliveredAt: o.stamp(), ID: msg.ID})
		if o.Delivered != nil {
			o.Delivered(msg.ID)
		}
	}
	return delivered
}

func (o *Outbox) stamp() string { return o.now().UTC().Format(time.RFC3339) }

// later schedules the next attempt, or gives up after MaxAttempts.
func (o *Outbox) later(ctx context.Context, msg store.Outbox, cause error) {
	q := store.New(o.db.Writer)
	if errors.Is(cause, errNoNoticeSecret) { // not a failure: wait for a manager
		q.OutboxWaitFor(ctx, store.OutboxWaitForParams{WaitingFor: waitingForSecret,
			NextAttemptAt: o.now().Add(secretRecheck).UTC().Format(time.RFC3339), LastError: cause.Error(), ID: msg.ID})
		return
	}
	if msg.Attempts+1 >= MaxAttempts {
		q.OutboxGiveUp(ctx, store.OutboxGiveUpParams{LastError: cause.Error(), ID: msg.ID})
		return
	}
	q.OutboxRetryLater(ctx, store.OutboxRetryLaterParams{
		NextAttemptAt: o.now().Add(Backoff(int(msg.Attempts))).UTC().Format(time.RFC3339), LastError: cause.Error(), ID: msg.ID})
}

// Backoff is the wait after the n-th failed attempt (n from 0): doubling from
// 5 s up to an hour, with jitter so that many notices do not retry together.
func Backoff(n int) time.Duration {
	d := baseBackoff << min(n, 20)
	if d > maxBackoff || d <= 0 {
		d = maxBackoff
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func (o *Outbox) deliver(ctx context.Context, msg store.Outbox) error {
	ctx = o.forInstallation(ctx, msg.InstallationID)
	target, err := o.target(ctx, msg.Url)
	if err != nil {
		return err
	}
	switch msg.Kind {
	case "deauthorization":
		return o.postNotice(ctx, msg, target)
	case "revocation":
		return o.postRevocation(ctx, msg, target)
	}
	return fmt.Errorf("unknown outbox message kind %q", msg.Kind)
}

// target resolves a stored address at delivery time: an https URL as it
// is (revocations store the endpoint the installation was made with);
// "sandbox:/path" to the running sandbox server, whose port changes;
// "issuer:ISSUER" (a removal of an installation from before 0009 that could
// not discover its server) to the revocation endpoint the issuer advertises.
func (o *Outbox) target(ctx context.Context, u string) (string, error) {
	if issuer, ok := strings.CutPrefix(u, "issuer:"); ok {
		ep, err := oauthflow.Discover(ctx, o.client, issuer)
		if err != nil {
			return "", err
		}
		if ep.Revocation == "" {
			return "", fmt.Errorf("%s advertises no revocation endpoint", issuer)
		}
		return ep.Revocation, nil
	}
	path, ok := strings.CutPrefix(u, "sandbox:")
	if !ok {
		return u, nil
	}
	issuer := o.sandbox()
	if issuer == "" {
		return "", fmt.Errorf("the sandbox server is not running")
	}
	return strings.TrimSuffix(issuer, "/") + path, nil
}

// postNotice signs the notice with the listing's secret, read from the
// keychain now (the outbox row never holds it), and with the previous one
// too during a rotation.
func (o *Outbox) postNotice(ctx context.Context, msg store.Outbox, target string) error {
	keys, err := o.noticeKeys(ctx, msg)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader([]byte(msg.Body)))
	if err != nil {
		return err
	}
	webhook.SetHeaders(req, msg.ID, o.now(), []byte(msg.Body), keys...)
	return o.send(req)
}

// noticeKeys: notices to the built-in sandbox are signed with the secret it
// registered (random per data directory); every other one with the secret a
// manager set for the listing.
func (o *Outbox) noticeKeys(ctx context.Context, msg store.Outbox) ([][]byte, error) {
	if strings.HasPrefix(msg.Url, "sandbox:") {
		secret, err := sandbox.NoticeSecret(ctx, o.vault)
		if err != nil {
			return nil, err
		}
		return keysOf(secret)
	}
	return o.secrets.signingKeys(ctx, msg.ListingID)
}

func (o *Outbox) postRevocation(ctx context.Context, msg store.Outbox, target string) error {
	var body struct {
		ClientID  string `json:"client_id"`
		TokenItem string `json:"token_item"`
	}
	if err := json.Unmarshal([]byte(msg.Body), &body); err != nil {
		return err
	}
	token, err := o.vault.Get(ctx, body.TokenItem)
	if err != nil {
		return err
	}
	form := url.Values{"token": {token}, "client_id": {body.ClientID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := o.send(req); err != nil {
		return err
	}
	return o.vault.Delete(ctx, body.TokenItem) // revoked: the last copy of the token goes
}

// send posts once, to exactly the given address: a 3xx is not followed
// (whatever client was injected) and counts as a failed attempt, so a
// notice or a token is never re-posted to where a redirect points.
func (o *Outbox) send(req *http.Request) error {
	resp, err := noRedirects(o.client).Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s answered %s", req.URL.Host, resp.Status)
	}
	return nil
}

// Message is an outbox entry as Settings shows it.
type Message struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	ListingID     string `json:"listingId"`
	Status        string `json:"status"`
	Attempts      int64  `json:"attempts"`
	NextAttemptAt string `json:"nextAttemptAt"`
	LastError     string `json:"lastError"`
	WaitingFor    string `json:"waitingFor"` // "signing_secret": a manager must set the listing's secret
	CreatedAt     string `json:"createdAt"`
	DeliveredAt   string `json:"deliveredAt"`
}

// Messages lists pending and failed messages and those delivered lately.
func (o *Outbox) Messages(ctx context.Context) ([]Message, error) {
	rows, err := store.New(o.db.Reader).ListOutbox(ctx, o.now().Add(-7*24*time.Hour).UTC().Format(time.RFC3339))
	if err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(rows))
	for _, r := range rows {
		out = append(out, Message{ID: r.ID, Kind: r.Kind, ListingID: r.ListingID, Status: r.Status, Attempts: r.Attempts,
			NextAttemptAt: r.NextAttemptAt, LastError: r.LastError, WaitingFor: r.WaitingFor, CreatedAt: r.CreatedAt, DeliveredAt: r.DeliveredAt})
	}
	return out, nil
}

// Retry puts a message that gave up back in the queue.
func (o *Outbox) Retry(ctx context.Context, id string) error {
	n, err := store.New(o.db.Writer).OutboxRetry(ctx, store.OutboxRetryParams{NextAttemptAt: o.stamp(), ID: id})
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "no failed message %s", id)
	}
	o.Wake()
	return nil
}

// forInstallation marks ctx's requests as made for the source the
// installation came from (catalog.SourceOrigin): a revocation or notice for
// an intranet feed's app may reach its intranet server, one for a public
// feed's app never reaches the intranet or this machine. An installation
// that cannot be read counts as public, the strictest.
func (o *Outbox) forInstallation(ctx context.Context, installationID int64) context.Context {
	var source string
	if row, err := store.New(o.db.Reader).GetInstallation(ctx, installationID); err == nil {
		source = row.Source
	}
	return catalog.WithSourceOrigin(ctx, o.client, source)
}
