package reminders_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/netguard/netguardtest"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
	"marketdesk/server/notices"
	"marketdesk/server/reminders"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is the job's clock; tests move it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a migrated database (River's schema too: reminders are queued
// as chat jobs) with one account, its owner and Max, and a chat webhook.
type env struct {
	db      *db.DB
	clock   *clock
	account int64
	max     store.User
}

func newEnv(t *testing.T, webhook bool) *env {
	t.Helper()
	ctx := context.Background()
	d := pgtest.Migrated(t)
	if err := notices.Migrate(ctx, d.Pool, quiet); err != nil {
		t.Fatal(err)
	}
	acc, err := d.Queries.CreateAccount(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: d, clock: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}, account: acc.ID}
	e.user(t, "olga", "owner")
	e.max = e.user(t, "max", "member")
	if webhook {
		e.setWebhook(t)
	}
	return e
}

func (e *env) user(t *testing.T, subject, role string) store.User {
	t.Helper()
	u, err := e.db.Queries.CreateUser(context.Background(), store.CreateUserParams{AccountID: e.account, Issuer: "https://idp.example",
		Subject: subject, Email: subject + "@example.org", Name: strings.ToUpper(subject[:1]) + subject[1:] + " Example", Role: role, MarketplaceManager: role == "owner"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (e *env) setWebhook(t *testing.T) {
	t.Helper()
	if err := e.db.Queries.PutChatWebhook(context.Background(), store.PutChatWebhookParams{AccountID: e.account, Url: "https://hooks.slack.com/services/T0/B0/x"}); err != nil {
		t.Fatal(err)
	}
}

func (e *env) job() *reminders.Job {
	return reminders.New(e.db, reminders.Options{Logger: quiet, Chat: reminders.NoticesChat, Now: e.clock.Now})
}

// grant pre-approves (or blocks) listing, lapsing in `in` from the clock's
// now (0: never); forUser is Max's pre-approval rather than the account's.
func (e *env) grant(t *testing.T, listing, scope string, in time.Duration) int64 {
	t.Helper()
	p := store.UpsertPreapprovalParams{AccountID: e.account, ListingID: listing, Scope: scope}
	if scope == "user" {
		p.UserID = pgtype.Int8{Int64: e.max.ID, Valid: true}
	}
	if in != 0 {
		p.ExpiresAt = pgtype.Timestamptz{Time: e.clock.Now().Add(in), Valid: true}
	}
	row, err := e.db.Queries.UpsertPreapproval(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return row.ID
}

func (e *env) round(t *testing.T) {
	t.Helper()
	if err := e.job().Round(context.Background()); err != nil {
		t.Fatalf("Round: %v", err)
	}
}

// chats are the texts queued for the chat webhook, oldest first.
func (e *env) chats(t *testing.T) []string {
	t.Helper()
	rows, err := e.db.Pool.Query(context.Background(), `SELECT args->>'text' FROM river_job WHERE kind = 'notice.chat' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

type published struct {
	UserID int64
	Data   map[string]any
}

// lapses are the approvals.changed events published, oldest first.
func (e *env) lapses(t *testing.T) []published {
	t.Helper()
	rows, err := e.db.Pool.Query(context.Background(), `SELECT user_id, data FROM events WHERE kind = 'approvals.changed' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []published
	for rows.Next() {
		var p published
		var raw []byte
		rows.Scan(&p.UserID, &raw)
		json.Unmarshal(raw, &p.Data)
		out = append(out, p)
	}
	return out
}

const day = 24 * time.Hour

// Once a day, one message lists what lapses within a week and was not
// reminded about yet: account-wide and a user's pre-approvals, soonest
// first; not blocks, not what lapses later or never, not what lapsed.
func TestOneDailyReminderListsWhatLapsesWithinAWeek(t *testing.T) {
	e := newEnv(t, true)
	e.grant(t, "figma", "user", 6*day)
	e.grant(t, "acme-notes", "account", 2*day)
	e.grant(t, "later-app", "account", 10*day)
	e.grant(t, "gone-app", "account", -time.Hour)
	e.grant(t, "blocked-app", "blocked", 3*day)
	e.grant(t, "forever-app", "account", 0)

	e.round(t)
	chats := e.chats(t)
	if len(chats) != 1 {
		t.Fatalf("%d chat messages after the first round, want 1: %q", len(chats), chats)
	}
	msg := chats[0]
	for _, want := range []string{"2 pre-approvals", "acme-notes for the account", "figma for Max Example (max@example.org)", "in 2 days", "Thu 3 Dec 2026 09:00 UTC"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the reminder lacks %q:\n%s", want, msg)
		}
	}
	for _, not := range []string{"later-app", "gone-app", "blocked-app", "forever-app"} {
		if strings.Contains(msg, not) {
			t.Errorf("the reminder names %s:\n%s", not, msg)
		}
	}
	if strings.Index(msg, "acme-notes") > strings.Index(msg, "figma") {
		t.Errorf("soonest first, want acme-notes before figma:\n%s", msg)
	}

	e.clock.Advance(time.Hour)
	e.round(t) // not due again yet
	e.clock.Advance(day)
	e.round(t) // due, but nothing new within a week: later-app is 9 days out
	if n := len(e.chats(t)); n != 1 {
		t.Fatalf("%d chat messages after the next day, want still 1 (nothing repeated): %q", n, e.chats(t))
	}
	e.clock.Advance(3 * day) // later-app is now within the week
	e.round(t)
	chats = e.chats(t)
	if len(chats) != 2 || !strings.Contains(chats[1], "later-app") || strings.Contains(chats[1], "figma") || !strings.Contains(chats[1], "1 pre-approval lapses") {
		t.Fatalf("after four days: %q, want a second message naming later-app alone", chats)
	}
}

// Renewing a reminded pre-approval (a new expiry) opens a new window: it
// is reminded about again when that one nears.
func TestRenewedPreApprovalIsRemindedAgain(t *testing.T) {
	e := newEnv(t, true)
	e.grant(t, "acme-notes", "account", 2*day)
	e.round(t)
	e.grant(t, "acme-notes", "account", 30*day) // re-certified
	e.clock.Advance(day)
	e.round(t)
	if n := len(e.chats(t)); n != 1 {
		t.Fatalf("%d messages before the renewed expiry nears, want 1", n)
	}
	e.clock.Advance(24 * day)
	e.round(t)
	if chats := e.chats(t); len(chats) != 2 || !strings.Contains(chats[1], "acme-notes") {
		t.Fatalf("messages %q, want the renewed pre-approval reminded again", chats)
	}
}

// Without a chat channel nothing is recorded as said: a channel set later
// hears about what still lapses soon.
func TestReminderWaitsForAChatChannel(t *testing.T) {
	e := newEnv(t, false)
	e.grant(t, "acme-notes", "account", 5*day)
	e.round(t)
	if n := len(e.chats(t)); n != 0 {
		t.Fatalf("%d messages without a webhook", n)
	}
	e.setWebhook(t)
	e.clock.Advance(day)
	e.round(t)
	if chats := e.chats(t); len(chats) != 1 || !strings.Contains(chats[0], "acme-notes") {
		t.Fatalf("messages %q, want the reminder once a channel is set", chats)
	}
}

// A lapse is announced once, to whom it concerns: Max's pre-approval to
// Max (and the managers), an account-wide one to everyone.
func TestLapseIsAnnouncedOnce(t *testing.T) {
	e := newEnv(t, true)
	mine := e.grant(t, "figma", "user", time.Hour)
	all := e.grant(t, "acme-notes", "account", 2*time.Hour)
	e.round(t)
	if got := e.lapses(t); len(got) != 0 {
		t.Fatalf("announced before any lapse: %+v", got)
	}
	e.clock.Advance(90 * time.Minute)
	e.round(t)
	e.round(t)
	got := e.lapses(t)
	if len(got) != 1 || got[0].UserID != e.max.ID || got[0].Data["id"] != float64(mine) || got[0].Data["lapsed"] != true || got[0].Data["listing_id"] != "figma" {
		t.Fatalf("after Max's lapsed: %+v, want one approvals.changed for Max's figma", got)
	}
	e.clock.Advance(time.Hour)
	e.round(t)
	got = e.lapses(t)
	if len(got) != 2 || got[1].UserID != 0 || got[1].Data["id"] != float64(all) {
		t.Fatalf("after the account's lapsed: %+v, want a second event for everyone", got)
	}
}

// Replicas run the job side by side; each reminder and each lapse is
// still said once.
func TestReplicasSayEachThingOnce(t *testing.T) {
	e := newEnv(t, true)
	for _, l := range []string{"a-app", "b-app", "c-app"} {
		e.grant(t, l, "account", 3*day)
	}
	e.grant(t, "gone-app", "user", -time.Minute)
	e.grant(t, "gone-too", "account", -time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- e.job().Round(context.Background())
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Round: %v", err)
		}
	}
	if chats := e.chats(t); len(chats) != 1 || !strings.Contains(chats[0], "3 pre-approvals") {
		t.Fatalf("eight replicas sent %q, want one message of three", chats)
	}
	if got := e.lapses(t); len(got) != 2 {
		t.Fatalf("eight replicas announced %d lapses, want 2", len(got))
	}
}

// Run does a round at once and stops with its context.
func TestRunStartsAtOnceAndStops(t *testing.T) {
	e := newEnv(t, true)
	e.grant(t, "acme-notes", "account", 2*day)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		reminders.New(e.db, reminders.Options{Logger: quiet, Chat: reminders.NoticesChat, Now: e.clock.Now, Tick: time.Hour}).Run(ctx)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for len(e.chats(t)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("Run sent no reminder within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
}

// The reminder reaches the channel through server/notices' River client:
// one post, in the JSON Slack and Teams incoming webhooks take.
func TestReminderReachesTheChannel(t *testing.T) {
	e := newEnv(t, false)
	var mu sync.Mutex
	var posts [][]byte
	channel := netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		posts = append(posts, body)
		mu.Unlock()
	}))
	if err := e.db.Queries.PutChatWebhook(context.Background(), store.PutChatWebhookParams{AccountID: e.account, Url: channel.URL + "/hook"}); err != nil {
		t.Fatal(err)
	}
	svc, err := notices.New(e.db, notices.Options{Logger: quiet, AllowLoopback: true, FetchPollInterval: 50 * time.Millisecond,
		Client: netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, channel).Client()})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		svc.Stop(ctx)
	})
	e.grant(t, "acme-notes", "user", 3*day)
	e.round(t)
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		n := len(posts)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // a second post would show by now
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != 1 {
		t.Fatalf("the channel got %d posts, want 1", len(posts))
	}
	var p struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(posts[0], &p); err != nil || !strings.Contains(p.Text, "acme-notes for Max Example (max@example.org)") {
		t.Fatalf("the post %s (%v), want {\"text\": …} naming the pre-approval", posts[0], err)
	}
}
