package notices_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"marketdesk/app/netguard/netguardtest"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
	"marketdesk/server/notices"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// env is a migrated database with River's schema, one account with an owner
// and a member, and a receiver standing in for a developer or a chat service.
type env struct {
	db       *db.DB
	account  store.Account
	owner    store.User
	member   store.User
	receiver *receiver
	server   *httptest.Server
	svc      *notices.Service
	opts     notices.Options
}

func newEnv(t *testing.T, tweak func(*notices.Options)) *env {
	t.Helper()
	ctx := context.Background()
	d := pgtest.Migrated(t)
	if err := notices.Migrate(ctx, d.Pool, quiet); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	e := &env{db: d, receiver: &receiver{}}
	var err error
	if e.account, err = d.Queries.CreateAccount(ctx, "Acme"); err != nil {
		t.Fatal(err)
	}
	e.owner = createUser(t, d, e.account.ID, "owner-1", "owner", true)
	e.member = createUser(t, d, e.account.ID, "member-1", "member", false)
	// An https server on 127.0.0.1 that the guard counts as public: it plays
	// a developer's site on the internet.
	e.server = netguardtest.TLSServerOn(t, "127.0.0.1", e.receiver)
	guard := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, e.server)
	o := notices.Options{
		Logger: quiet, Client: guard.Client(), AllowLoopback: true,
		RetryPolicy:       notices.Backoff{Base: 20 * time.Millisecond, Max: 100 * time.Millisecond},
		FetchPollInterval: 50 * time.Millisecond,
	}
	if tweak != nil {
		tweak(&o)
	}
	e.opts = o
	e.svc = e.replica(t)
	return e
}

// replica starts another River client on the same database, as another
// server process would; it is stopped when the test ends.
func (e *env) replica(t *testing.T) *notices.Service {
	t.Helper()
	svc, err := notices.New(e.db, e.opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := svc.Stop(stopCtx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return svc
}

func createUser(t *testing.T, d *db.DB, account int64, subject, role string, manager bool) store.User {
	t.Helper()
	u, err := d.Queries.CreateUser(context.Background(), store.CreateUserParams{
		AccountID: account, Issuer: "https://idp.example", Subject: subject, Email: subject + "@example.com",
		Name: strings.ToUpper(subject[:1]) + subject[1:], Role: role, MarketplaceManager: manager,
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// attempt is one request the receiver got.
type attempt struct {
	header http.Header
	body   []byte
	status int
}

// receiver is a developer's (or chat service's) endpoint: it fails the
// first failFirst requests with 503, then verifies each notice with secret
// (when set) and accepts each webhook-id once, answering 200 to repeats,
// as an idempotent receiver does.
type receiver struct {
	mu        sync.Mutex
	secret    string
	failFirst int
	attempts  []attempt
	accepted  [][]byte        // bodies taken in, each webhook-id once
	seen      map[string]bool // webhook-ids accepted
	refused   int             // signature did not verify
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	status := http.StatusOK
	switch {
	case len(rc.attempts) < rc.failFirst:
		status = http.StatusServiceUnavailable
	case rc.secret != "" && !verify(rc.secret, r.Header, body, time.Now()):
		status, rc.refused = http.StatusUnauthorized, rc.refused+1
	default:
		if rc.seen == nil {
			rc.seen = map[string]bool{}
		}
		// Chat services know no webhook-id: each message counts.
		if id := r.Header.Get("webhook-id"); id == "" || !rc.seen[id] {
			rc.seen[id] = id != ""
			rc.accepted = append(rc.accepted, body)
		}
	}
	rc.attempts = append(rc.attempts, attempt{header: r.Header.Clone(), body: body, status: status})
	w.WriteHeader(status)
}

func (rc *receiver) snapshot() (attempts []attempt, accepted [][]byte, refused int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]attempt(nil), rc.attempts...), append([][]byte(nil), rc.accepted...), rc.refused
}

// verify is written from docs/server-notices.md, apart from app/webhook
// (which signs), so a mistake in one does not hide in the other: v1, then
// base64 of HMAC-SHA256 keyed with the decoded secret over id.timestamp.body.
func verify(secret string, h http.Header, body []byte, now time.Time) bool {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	ts, err := strconv.ParseInt(h.Get("webhook-timestamp"), 10, 64)
	if err != nil || now.Sub(time.Unix(ts, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", h.Get("webhook-id"), ts)
	mac.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// waitJobs waits until the jobs of kind are all in state (and there are n).
func waitJobs(t *testing.T, d *db.DB, kind, state string, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var total, in int
		err := d.Pool.QueryRow(context.Background(),
			`SELECT count(*), count(*) FILTER (WHERE state = $2) FROM river_job WHERE kind = $1`, kind, state).Scan(&total, &in)
		if err != nil {
			t.Fatal(err)
		}
		if total == n && in == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s: %d of %d %s jobs are %s, want %d", in, total, kind, state, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
