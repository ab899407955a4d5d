package notices_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/webhook"
	"marketdesk/server/db/store"
	"marketdesk/server/notices"
)

func (e *env) setSecret(t *testing.T, app, secret string) {
	t.Helper()
	err := e.db.Queries.PutNoticeSecret(context.Background(), store.PutNoticeSecretParams{AccountID: e.account.ID, AppID: app, Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) removal(app string, installation int64) notices.RemovalNotice {
	uid := e.member.ID
	return notices.RemovalNotice{
		AccountID: e.account.ID, AppID: app, NoticeURL: e.server.URL + "/marketdesk/deauthorized",
		InstallationID: installation, UserID: &uid, RemovedAt: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC),
	}
}

func (e *env) enqueue(t *testing.T, n notices.RemovalNotice) {
	t.Helper()
	err := e.db.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
		return notices.EnqueueRemovalTx(context.Background(), tx, n)
	})
	if err != nil {
		t.Fatalf("EnqueueRemovalTx: %v", err)
	}
}

// Acceptance 3: a receiver that fails the first two attempts gets the notice
// exactly once, signed (verified with the secret, by a verifier written from
// the docs), with the same webhook-id on every attempt; the desktop that
// reported the removal twice does not make it two notices.
func TestRemovalNoticeDeliveredExactlyOnce(t *testing.T) {
	e := newEnv(t, nil)
	secret := webhook.NewSecret()
	e.setSecret(t, "acme-notes", secret)
	e.receiver.secret, e.receiver.failFirst = secret, 2
	n := e.removal("acme-notes", 42)
	e.enqueue(t, n)
	e.enqueue(t, n) // the same removal reported again

	waitJobs(t, e.db, "notice.removal", "completed", 1)
	time.Sleep(300 * time.Millisecond) // room for a wrong extra attempt to show
	attempts, accepted, refused := e.receiver.snapshot()
	if len(attempts) != 3 || attempts[0].status != 503 || attempts[1].status != 503 || attempts[2].status != 200 {
		t.Fatalf("attempts = %d (%v), want 503, 503, 200", len(attempts), statuses(attempts))
	}
	id := attempts[0].header.Get("webhook-id")
	for i, a := range attempts {
		if got := a.header.Get("webhook-id"); got != id || !strings.HasPrefix(got, "msg_") {
			t.Fatalf("attempt %d has webhook-id %q, the first had %q: a receiver could not dedupe", i+1, got, id)
		}
		if string(a.body) != string(attempts[0].body) {
			t.Fatalf("attempt %d sent another body:\n%s\n%s", i+1, a.body, attempts[0].body)
		}
	}
	if len(accepted) != 1 || refused != 0 {
		t.Fatalf("accepted %d notices (refused %d), want exactly 1", len(accepted), refused)
	}
	var got notices.Notice
	if err := json.Unmarshal(accepted[0], &got); err != nil {
		t.Fatal(err)
	}
	want := notices.Notice{Event: "app.deauthorized", AppID: "acme-notes", AccountID: notices.PublicAccountID(e.account),
		UserID: n.UserID, InstallationID: 42, RemovedAt: "2026-11-29T10:00:00Z"}
	if got.UserID == nil || *got.UserID != *want.UserID || got.Event != want.Event || got.AppID != want.AppID ||
		got.AccountID != want.AccountID || got.InstallationID != 42 || got.RemovedAt != want.RemovedAt || got.UserDataRetention {
		t.Fatalf("notice = %+v, want %+v", got, want)
	}
	var tries int
	e.db.Pool.QueryRow(context.Background(), "SELECT attempt FROM river_job WHERE kind = 'notice.removal'").Scan(&tries)
	if tries != 3 {
		t.Fatalf("River counted %d attempts, want 3", tries)
	}

	// The signature covers the body: one changed byte, or another secret, fails.
	last := attempts[2]
	tampered := []byte(strings.Replace(string(last.body), `"user_data_retention":false`, `"user_data_retention":true `, 1))
	if string(tampered) == string(last.body) {
		t.Fatal("the test did not change the body")
	}
	if verify(secret, last.header, tampered, time.Now()) {
		t.Fatal("a tampered body verified")
	}
	if verify(webhook.NewSecret(), last.header, last.body, time.Now()) {
		t.Fatal("the notice verified with another secret")
	}
	key, _ := webhook.Key(secret)
	if err := webhook.Verify(key, last.header, last.body, time.Now()); err != nil {
		t.Fatalf("app/webhook refuses what the server signed: %v", err)
	}
}

func statuses(as []attempt) []int {
	var s []int
	for _, a := range as {
		s = append(s, a.status)
	}
	return s
}

// Three replicas work the same queue: each of 30 notices reaches the
// receiver once, none twice (River locks a job for the replica that takes it).
func TestReplicasDeliverEachNoticeOnce(t *testing.T) {
	e := newEnv(t, nil)
	e.replica(t)
	e.replica(t)
	secret := webhook.NewSecret()
	e.setSecret(t, "acme-notes", secret)
	e.receiver.secret = secret
	for i := range 30 {
		e.enqueue(t, e.removal("acme-notes", int64(100+i)))
	}
	waitJobs(t, e.db, "notice.removal", "completed", 30)
	attempts, accepted, refused := e.receiver.snapshot()
	if len(attempts) != 30 || len(accepted) != 30 || refused != 0 {
		t.Fatalf("%d requests, %d accepted, %d refused; want each of 30 notices once", len(attempts), len(accepted), refused)
	}
}

// A removal whose transaction rolls back sends nothing: the job was part of
// it. A committed one after it is delivered, so the worker was running.
func TestRolledBackRemovalSendsNothing(t *testing.T) {
	e := newEnv(t, nil)
	secret := webhook.NewSecret()
	e.setSecret(t, "acme-notes", secret)
	e.receiver.secret = secret
	boom := errors.New("the removal failed after the enqueue")
	err := e.db.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
		if err := notices.EnqueueRemovalTx(context.Background(), tx, e.removal("acme-notes", 1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTxWith = %v", err)
	}
	e.enqueue(t, e.removal("acme-notes", 2))
	waitJobs(t, e.db, "notice.removal", "completed", 1)
	time.Sleep(300 * time.Millisecond)
	_, accepted, _ := e.receiver.snapshot()
	if len(accepted) != 1 || !strings.Contains(string(accepted[0]), `"installation_id":2`) {
		t.Fatalf("received %q, want only installation 2's notice", accepted)
	}
}

// No notice URL, no notice; and a notice URL that is not https (here plain
// http) is cancelled at delivery, not retried: netguard refuses it.
func TestRemovalWithoutURLOrWithRefusedURL(t *testing.T) {
	e := newEnv(t, nil)
	e.setSecret(t, "acme-notes", webhook.NewSecret())
	n := e.removal("acme-notes", 1)
	n.NoticeURL = ""
	e.enqueue(t, n)
	var count int
	e.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM river_job").Scan(&count)
	if count != 0 {
		t.Fatalf("%d jobs for a removal without a notice URL", count)
	}
	n = e.removal("acme-notes", 2)
	n.NoticeURL = strings.Replace(e.server.URL, "https://", "http://", 1) + "/hook"
	e.enqueue(t, n)
	waitJobs(t, e.db, "notice.removal", "cancelled", 1)
	if attempts, _, _ := e.receiver.snapshot(); len(attempts) != 0 {
		t.Fatalf("the receiver got %d requests over plain http", len(attempts))
	}
}

// Managers see the account's notices and their state, and may send a
// failed or refused one again; a delivered one is not sent twice.
func TestNoticeStatusAndRetry(t *testing.T) {
	e := newEnv(t, nil)
	srv := e.api(t)
	e.setSecret(t, "acme-notes", webhook.NewSecret())
	e.enqueue(t, e.removal("acme-notes", 1))
	refused := e.removal("acme-notes", 2)
	refused.NoticeURL = "https://127.0.0.2:1/hook" // loopback (only 127.0.0.1 plays the internet): netguard refuses it when dialling
	e.enqueue(t, refused)
	e.enqueue(t, e.removal("no-secret-app", 3))

	byApp := waitNotices(t, srv, func(ns map[string]notices.NoticeStatus) bool {
		return ns["acme-notes/1"].Status == "delivered" && ns["acme-notes/2"].Status == "refused" && ns["no-secret-app/3"].WaitingForSecret
	})
	if n := byApp["no-secret-app/3"]; n.Status != "pending" || n.NextAttemptAt == nil {
		t.Fatalf("the notice without a secret = %+v, want pending with a next attempt", n)
	}
	if n := byApp["acme-notes/2"]; n.Attempts != 1 || !strings.Contains(n.LastError, "127.0.0.2") || strings.Contains(n.LastError, "/hook") {
		t.Fatalf("the refused notice = %+v, want 1 attempt and an error naming the host only", n)
	}

	if status, _ := call(t, srv, "member", "POST", "/api/v1/notices/"+byApp["acme-notes/2"].WebhookID+"/retry", nil); status != 403 {
		t.Fatalf("a member's retry = %d, want 403", status)
	}
	if status, body := call(t, srv, "owner", "POST", "/api/v1/notices/"+byApp["acme-notes/1"].WebhookID+"/retry", nil); status != 409 {
		t.Fatalf("retry of a delivered notice = %d %s, want 409", status, body)
	}
	if status, _ := call(t, srv, "owner", "POST", "/api/v1/notices/msg_nope/retry", nil); status != 404 {
		t.Fatalf("retry of an unknown notice = %d, want 404", status)
	}
	if status, body := call(t, srv, "owner", "POST", "/api/v1/notices/"+byApp["acme-notes/2"].WebhookID+"/retry", nil); status != 200 {
		t.Fatalf("retry = %d %s", status, body)
	}
	waitNotices(t, srv, func(ns map[string]notices.NoticeStatus) bool {
		return ns["acme-notes/2"].Status == "refused" && ns["acme-notes/2"].Attempts == 2
	})
	if attempts, _, _ := e.receiver.snapshot(); len(attempts) != 1 {
		t.Fatalf("the receiver got %d requests, want 1 (the delivered notice, once)", len(attempts))
	}
}

// waitNotices polls GET /api/v1/notices until done says so; the notices are
// keyed "app/installation".
func waitNotices(t *testing.T, srv *httptest.Server, done func(map[string]notices.NoticeStatus) bool) map[string]notices.NoticeStatus {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, body := call(t, srv, "owner", "GET", "/api/v1/notices", nil)
		var got struct{ Notices []notices.NoticeStatus }
		if err := json.Unmarshal(body, &got); status != 200 || err != nil {
			t.Fatalf("GET /api/v1/notices = %d %s", status, body)
		}
		ns := map[string]notices.NoticeStatus{}
		for _, n := range got.Notices {
			if strings.Contains(string(body), "whsec_") {
				t.Fatalf("the notices list holds a secret: %s", body)
			}
			ns[fmt.Sprintf("%s/%d", n.AppID, n.InstallationID)] = n
		}
		if done(ns) {
			return ns
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s the notices are %s", body)
		}
		time.Sleep(30 * time.Millisecond)
	}
}
