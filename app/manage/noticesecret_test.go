package manage

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/vault"
	"marketdesk/app/webhook"
	"marketdesk/db/store"
)

// developerApp is a listing of a real developer (not the sandbox): its own
// authorization server and a deauthorization endpoint.
func developerApp(id, deauthURL string) map[string]any {
	l := app(id, "user", nil, deauthURL)
	l["oauth"] = map[string]any{"client_id": id, "issuer": "https://auth.dev.example"}
	return l
}

// receiver is a developer's endpoint (https, on loopback) that verifies
// notices with the secrets it knows, independently of the outbox.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	secrets  []string
	verified []string // webhook-ids
	refused  int
	now      func() time.Time // the receiver's clock
}

func newReceiver(t *testing.T, secrets ...string) *receiver {
	rc := &receiver{secrets: secrets, now: time.Now}
	rc.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		for _, s := range rc.secrets {
			if developerVerify(s, r.Header, body, rc.now()) {
				rc.verified = append(rc.verified, r.Header.Get("webhook-id"))
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		rc.refused++
		http.Error(w, "bad signature", http.StatusUnauthorized)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) counts() (verified, refused int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.verified), rc.refused
}

// developerVerify is the verifier docs/deauthorization.md gives developers,
// as they would write it (not app/webhook), with the receiver's clock.
func developerVerify(secret string, h http.Header, body []byte, now time.Time) bool {
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

// noticeFixture: an installed-then-removed developer app whose notice is in
// the outbox, the outbox talking to rc.
func noticeFixture(t *testing.T, rc *receiver, feedChange ...func(map[string]any)) (*fixture, string) {
	t.Helper()
	l := developerApp("board", rc.srv.URL+"/deauthorized")
	for _, c := range feedChange {
		c(l)
	}
	f := setup(t, l)
	f.outbox.client = rc.srv.Client()
	row := store.Installation{ID: 41, ListingID: "board", Level: "user"}
	row.UserID.Int64, row.UserID.Valid = f.m.ID, true
	if err := f.db.Write(f.ctx, func(q *store.Queries) error { return f.manager.enqueueNotice(f.ctx, q, row) }); err != nil {
		t.Fatal(err)
	}
	msgs, _ := f.outbox.Messages(f.ctx)
	if len(msgs) != 1 {
		t.Fatalf("outbox = %+v", msgs)
	}
	t.Cleanup(func() { f.vault.Delete(context.Background(), noticeSecretItem("board")) })
	return f, msgs[0].ID
}

// The attack: the feed's publisher (or any member, who can read the feed)
// knows deauthorization_secret and forges notices with it. Marketdesk no
// longer signs with it, so a developer who trusted it never sees a notice
// signed with it; the notice waits for the manager's secret instead.
func TestFeedSecretCannotSignNotices(t *testing.T) {
	feedSecret := webhook.NewSecret()
	rc := newReceiver(t, feedSecret)
	f, _ := noticeFixture(t, rc, func(l map[string]any) { l["deauthorization_secret"] = feedSecret })
	if n := f.outbox.DeliverDue(f.ctx); n != 0 {
		t.Fatalf("delivered %d notices signed with the feed's secret", n)
	}
	if v, r := rc.counts(); v+r != 0 {
		t.Fatalf("the receiver got %d verified and %d refused notices; nothing must go out unsigned by a manager's secret", v, r)
	}
}

// A notice whose listing has no secret waits (no attempt counts, never
// unsigned), says why, and goes out as soon as a manager sets the secret.
func TestNoticeWithoutSecretWaitsUntilAManagerSetsIt(t *testing.T) {
	secret := webhook.NewSecret()
	rc := newReceiver(t, secret)
	f, id := noticeFixture(t, rc)
	for range 3 {
		f.outbox.DeliverDue(f.ctx)
		f.db.Writer.Exec("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00Z'")
	}
	msg, _ := store.New(f.db.Reader).GetOutbox(f.ctx, id)
	if msg.Status != "pending" || msg.Attempts != 0 || msg.WaitingFor != waitingForSecret ||
		!strings.Contains(msg.LastError, "a marketplace manager must set it") {
		t.Fatalf("a notice without a secret: %+v", msg)
	}
	if v, r := rc.counts(); v+r != 0 {
		t.Fatal("a notice without a secret must not go out")
	}
	list, _ := f.outbox.Messages(f.ctx)
	if list[0].WaitingFor != waitingForSecret {
		t.Fatalf("Settings must show it waits for a secret: %+v", list[0])
	}
	f.db.Writer.Exec("UPDATE outbox SET next_attempt_at = '2999-01-01T00:00:00Z'") // only setting the secret wakes it
	if _, err := f.manager.NoticeSecrets().Set(f.ctx, f.owner, "board", secret); err != nil {
		t.Fatal(err)
	}
	if n := f.outbox.DeliverDue(f.ctx); n != 1 {
		t.Fatalf("delivered %d after the manager set the secret, want 1", n)
	}
	if v, _ := rc.counts(); v != 1 || rc.verified[0] != id {
		t.Fatalf("the developer verified %v", rc.verified)
	}
}

// Members can neither set nor read the secrets: the Go service refuses,
// nothing reaches the keychain or the audit log.
func TestMemberCannotSetOrListNoticeSecrets(t *testing.T) {
	rc := newReceiver(t)
	f, _ := noticeFixture(t, rc)
	secrets := f.manager.NoticeSecrets()
	if _, err := secrets.Set(f.ctx, f.m, "board", webhook.NewSecret()); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("member Set: %v", err)
	}
	if _, err := secrets.List(f.ctx, f.m); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("member List: %v", err)
	}
	if _, err := f.vault.Get(f.ctx, noticeSecretItem("board")); err != vault.ErrNotFound {
		t.Fatalf("the keychain item exists after a refused Set: %v", err)
	}
	var audits int
	f.db.Reader.QueryRow("SELECT count(*) FROM audit_log WHERE action LIKE 'notice_secret.%'").Scan(&audits)
	if audits != 0 {
		t.Fatal("a refused Set was audited as a change")
	}
}

func TestSetNoticeSecretRefusesBadInput(t *testing.T) {
	rc := newReceiver(t)
	f, _ := noticeFixture(t, rc)
	secrets := f.manager.NoticeSecrets()
	for name, tc := range map[string]struct{ listing, secret string }{
		"not whsec_":  {"board", "hunter2"},
		"too short":   {"board", "whsec_MTIz"},
		"no such app": {"nope", webhook.NewSecret()},
	} {
		if _, err := secrets.Set(f.ctx, f.owner, tc.listing, tc.secret); err == nil || apperr.CodeOf(err) == apperr.Internal {
			t.Errorf("%s: got %v, want a typed refusal", name, err)
		}
	}
}

// A sandbox app's notices are signed with the secret the sandbox registered;
// a manager cannot replace it.
func TestManagerCannotReplaceTheSandboxSecret(t *testing.T) {
	f := setup(t, app("notes", "user", nil, ""))
	_, err := f.manager.NoticeSecrets().Set(f.ctx, f.owner, "notes", webhook.NewSecret())
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("Set on a sandbox app: %v", err)
	}
}

// Rotation: after a new secret is set, notices carry both signatures for
// RotationGrace, so a developer still verifying with the old secret, and one
// already on the new one, both accept; after the grace only the new one
// signs. The audit log records the rotation, never a secret.
func TestRotationKeepsThePreviousSecretForTheGracePeriod(t *testing.T) {
	oldSecret, newSecret := webhook.NewSecret(), webhook.NewSecret()
	onOld, onNew := newReceiver(t, oldSecret), newReceiver(t, newSecret)
	f, _ := noticeFixture(t, onOld)
	clock := time.Now()
	f.outbox.now = func() time.Time { return clock }
	onOld.now, onNew.now = f.outbox.now, f.outbox.now
	f.outbox.secrets.now = f.outbox.now
	secrets := f.manager.NoticeSecrets()
	secrets.now = f.outbox.now
	if _, err := secrets.Set(f.ctx, f.owner, "board", oldSecret); err != nil {
		t.Fatal(err)
	}
	st, err := secrets.Set(f.ctx, f.owner, "board", newSecret)
	if err != nil || st.PreviousUntil == "" {
		t.Fatalf("rotate: %+v, %v", st, err)
	}
	deliver := func(rc *receiver) int {
		f.outbox.client = rc.srv.Client()
		f.db.Writer.Exec("DELETE FROM outbox")
		row := store.Installation{ID: 41, ListingID: "board", Level: "account"}
		f.db.Write(f.ctx, func(q *store.Queries) error { return f.manager.enqueueNotice(f.ctx, q, row) })
		f.db.Writer.Exec("UPDATE outbox SET url = ?", rc.srv.URL)
		return f.outbox.DeliverDue(f.ctx)
	}
	if deliver(onOld) != 1 || deliver(onNew) != 1 {
		t.Fatal("during the grace period both the old and the new secret must verify")
	}
	clock = clock.Add(RotationGrace + time.Minute)
	if deliver(onNew) != 1 {
		t.Fatal("after the grace period the new secret must verify")
	}
	if deliver(onOld) != 0 {
		t.Fatal("after the grace period the old secret must no longer sign")
	}
	rows, _ := f.db.Reader.Query("SELECT action, details FROM audit_log WHERE target = 'board' AND action LIKE 'notice_secret.%' ORDER BY id")
	defer rows.Close()
	var actions []string
	for rows.Next() {
		var action, details string
		rows.Scan(&action, &details)
		actions = append(actions, action)
		if strings.Contains(details, "whsec_") {
			t.Fatalf("the audit log holds a secret: %s", details)
		}
	}
	if strings.Join(actions, ",") != "notice_secret.set,notice_secret.rotated" {
		t.Fatalf("audit = %v", actions)
	}
}

// A copy of the database (with its WAL) holds no signing secret: not in the
// outbox, not anywhere.
func TestDatabaseCopyHoldsNoSigningSecret(t *testing.T) {
	secret := webhook.NewSecret()
	rc := newReceiver(t, secret)
	feedSecret := webhook.NewSecret()
	f, _ := noticeFixture(t, rc, func(l map[string]any) { l["deauthorization_secret"] = feedSecret })
	if _, err := f.manager.NoticeSecrets().Set(f.ctx, f.owner, "board", secret); err != nil {
		t.Fatal(err)
	}
	f.outbox.DeliverDue(f.ctx)
	if v, _ := rc.counts(); v != 1 {
		t.Fatal("the notice was not delivered")
	}
	key, _ := webhook.Key(secret)
	files, _ := filepath.Glob(f.db.Path + "*")
	if len(files) == 0 {
		t.Fatal("no database files")
	}
	for _, p := range files {
		data, _ := os.ReadFile(p)
		for _, needle := range []string{strings.TrimPrefix(secret, "whsec_"), string(key), strings.TrimPrefix(feedSecret, "whsec_"), "whsec_"} {
			if strings.Contains(string(data), needle) {
				t.Fatalf("%s contains a signing secret", filepath.Base(p))
			}
		}
	}
}

// A listing that left the catalog may still be owed a notice: a manager can
// set its secret and the notice goes out.
func TestSecretCanBeSetForANoticeWhoseListingLeftTheCatalog(t *testing.T) {
	secret := webhook.NewSecret()
	rc := newReceiver(t, secret)
	f, _ := noticeFixture(t, rc)
	f.db.Writer.Exec("DELETE FROM listings WHERE id = 'board'")
	if _, err := f.manager.NoticeSecrets().Set(f.ctx, f.owner, "board", secret); err != nil {
		t.Fatal(err)
	}
	if n := f.outbox.DeliverDue(f.ctx); n != 1 {
		t.Fatalf("delivered %d", n)
	}
}
