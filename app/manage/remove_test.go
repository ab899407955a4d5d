package manage

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/sandbox"
	"marketdesk/app/vault"
	"marketdesk/app/webhook"
	"marketdesk/db/store"
)

func (f *fixture) notices(t testing.TB) []Notice {
	t.Helper()
	got, err := sandbox.Notices(f.ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]Notice, 0, len(got))
	for _, n := range got {
		var body Notice
		json.Unmarshal(n.Body, &body)
		if !n.Verified {
			t.Fatalf("the sandbox kept an unverified notice")
		}
		out = append(out, body)
	}
	return out
}

func TestRemoveWithAndWithoutRetention(t *testing.T) {
	for _, retain := range []bool{false, true} {
		f := setup(t, app("board", "user", map[string]any{"kind": "form", "fields": formFields}, ""))
		inst := f.install(t, "board", f.m)
		f.manager.Save(f.ctx, f.m, inst.ID, map[string]any{"channel": "#general", "api_key": "sk_123"})
		tok, _ := f.installer.TokenOf(f.ctx, inst.ID)
		if !f.introspect(t, tok.RefreshToken) {
			t.Fatal("the token should be active before removal")
		}
		if err := f.manager.Remove(f.ctx, f.m, inst.ID, retain); err != nil {
			t.Fatal(err)
		}
		if f.introspect(t, tok.RefreshToken) || f.introspect(t, tok.AccessToken) {
			t.Fatal("removal must revoke the tokens at the server")
		}
		if _, err := f.installer.TokenOf(f.ctx, inst.ID); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("the token is still in the keychain: %v", err)
		}
		if _, err := f.vault.Get(f.ctx, secretKey(inst.ID, "api_key")); !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("the secret setting is still in the keychain: %v", err)
		}
		if n := f.outbox.DeliverDue(f.ctx); n != 1 {
			t.Fatalf("delivered %d notices, want 1", n)
		}
		got := f.notices(t)
		if len(got) != 1 || got[0].UserDataRetention != retain || got[0].Event != "app.deauthorized" ||
			got[0].AppID != "board" || got[0].UserID == nil || *got[0].UserID != f.m.ID || got[0].InstallationID != inst.ID {
			t.Fatalf("retain=%v: notices = %+v", retain, got)
		}
		if _, err := f.installer.Token(f.ctx, f.m, "board"); apperr.CodeOf(err) != apperr.NotFound || !strings.Contains(err.Error(), "not installed") {
			t.Fatalf("token after removal: %v", err)
		}
		var settings int
		f.db.Reader.QueryRow("SELECT count(*) FROM installation_settings").Scan(&settings)
		var audits int
		f.db.Reader.QueryRow("SELECT count(*) FROM audit_log WHERE action = 'installation.removed'").Scan(&audits)
		if settings != 0 || audits != 1 {
			t.Fatalf("settings left %d, removal audit entries %d", settings, audits)
		}
		// Reinstalling starts a fresh consent.
		again := f.install(t, "board", f.m)
		if again.ID == inst.ID {
			t.Fatal("a reinstall must be a new installation")
		}
	}
}

// The receiver is an independent endpoint that verifies the signature the
// way a developer would.
func TestNoticeIsSignedStandardWebhooksStyle(t *testing.T) {
	secret := webhook.NewSecret()
	key, _ := webhook.Key(secret)
	var got atomic.Int32
	var ids []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := webhook.Verify(key, r.Header, body, time.Now()); err != nil {
			http.Error(w, err.Error(), 401)
			return
		}
		ids = append(ids, r.Header.Get("webhook-id"))
		got.Add(1)
		w.WriteHeader(204)
	}))
	defer srv.Close()
	f := setup(t, developerApp("board", srv.URL))
	f.outbox.client = netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv).Client()
	if _, err := f.manager.NoticeSecrets().Set(f.ctx, f.owner, "board", secret); err != nil {
		t.Fatal(err)
	}
	q := store.New(f.db.Writer)
	q.EnqueueOutbox(f.ctx, store.EnqueueOutboxParams{ID: "msg_1", Kind: "deauthorization", InstallationID: 1, ListingID: "board",
		Url: srv.URL, Body: `{"event":"app.deauthorized"}`, NextAttemptAt: "2000-01-01T00:00:00Z"})
	f.outbox.DeliverDue(f.ctx)
	f.outbox.DeliverDue(f.ctx)
	if got.Load() != 1 || ids[0] != "msg_1" {
		t.Fatalf("receiver got %d verified notices (%v), want exactly 1", got.Load(), ids)
	}
}

// Crash safety: the process stops at each step of the removal; the next
// start finishes it exactly once, with one notice.
func TestRemovalResumesAfterACrashAtEveryStep(t *testing.T) {
	for _, step := range []string{stepRevoke, stepSecrets, stepFinish} {
		t.Run(step, func(t *testing.T) {
			f := setup(t, app("board", "user", nil, ""))
			inst := f.install(t, "board", f.m)
			if err := f.manager.begin(f.ctx, f.m, inst, true); err != nil {
				t.Fatal(err)
			}
			if step != stepRevoke { // the steps before it ran
				f.manager.revoke(f.ctx, mustRow(t, f, inst.ID))
				store.New(f.db.Writer).SetRemovalStep(f.ctx, store.SetRemovalStepParams{RemovalStep: stepSecrets, ID: inst.ID})
			}
			if step == stepFinish {
				f.manager.deleteSecrets(f.ctx, mustRow(t, f, inst.ID))
				store.New(f.db.Writer).SetRemovalStep(f.ctx, store.SetRemovalStepParams{RemovalStep: stepFinish, ID: inst.ID})
			}
			// "Restart": the recovery at start finishes the removal.
			if n, err := f.manager.RecoverRemovals(f.ctx); err != nil || n != 1 {
				t.Fatalf("RecoverRemovals = %d, %v", n, err)
			}
			if n, _ := f.manager.RecoverRemovals(f.ctx); n != 0 {
				t.Fatal("a finished removal must not run again")
			}
			f.outbox.DeliverDue(f.ctx)
			f.outbox.DeliverDue(f.ctx)
			if got := f.notices(t); len(got) != 1 || !got[0].UserDataRetention {
				t.Fatalf("notices after recovery = %+v", got)
			}
			if _, err := f.installer.TokenOf(f.ctx, inst.ID); !errors.Is(err, vault.ErrNotFound) {
				t.Fatal("the token survived the recovered removal")
			}
		})
	}
}

func mustRow(t *testing.T, f *fixture, id int64) store.Installation {
	row, err := store.New(f.db.Reader).GetInstallation(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// Offline: with the receiver (and the server) down, the removal completes
// locally; the revocation and the notice are delivered once it comes back.
func TestOfflineRemovalDeliversLater(t *testing.T) {
	f := setup(t, app("board", "user", nil, ""))
	inst := f.install(t, "board", f.m)
	tok, _ := f.installer.TokenOf(f.ctx, inst.ID)
	f.sandbox.Close() // the network is gone
	if err := f.manager.Remove(f.ctx, f.m, inst.ID, false); err != nil {
		t.Fatalf("an offline removal must complete locally: %v", err)
	}
	if got, _ := f.installer.Get(f.ctx, inst.ID); got.Status != "removed" {
		t.Fatalf("status = %s", got.Status)
	}
	if n := f.outbox.DeliverDue(f.ctx); n != 0 {
		t.Fatal("nothing can be delivered offline")
	}
	msgs, _ := f.outbox.Messages(f.ctx)
	if len(msgs) != 2 || msgs[0].Attempts+msgs[1].Attempts != 2 {
		t.Fatalf("pending messages: %+v", msgs)
	}
	// Back online: a new sandbox on the same data; the retry time comes.
	current, byID := sandbox.UsersFromAccounts(f.accounts)
	srv, err := sandbox.New(sandbox.Config{ClientByID: sandbox.ClientsFromCatalog(catalog.NewSearcher(f.db)), CurrentUser: current, UserByID: byID, DB: f.db, Vault: f.vault})
	if err != nil {
		t.Fatal(err)
	}
	srv.Start(f.ctx, "")
	defer srv.Close()
	f.outbox.sandbox = srv.Issuer
	f.db.Writer.Exec("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00Z'") // the retry time comes
	if n := f.outbox.DeliverDue(f.ctx); n != 2 {
		all, _ := f.outbox.Messages(f.ctx)
		t.Fatalf("delivered %d, want the revocation and the notice: %+v", n, all)
	}
	f.outbox.DeliverDue(f.ctx)
	if got := f.notices(t); len(got) != 1 || got[0].UserDataRetention {
		t.Fatalf("notices = %+v", got)
	}
	resp, _ := http.PostForm(srv.Issuer()+"/sandbox/introspect", map[string][]string{"token": {tok.RefreshToken}})
	var intro struct{ Active bool }
	json.NewDecoder(resp.Body).Decode(&intro)
	resp.Body.Close()
	if intro.Active {
		t.Fatal("the token must be revoked once the server is back")
	}
	items, _ := f.outbox.Messages(f.ctx)
	for _, m := range items {
		if m.Kind == "revocation" {
			if _, err := f.vault.Get(f.ctx, "revocation/"+m.ID); !errors.Is(err, vault.ErrNotFound) {
				t.Fatal("the pending-revocation keychain item must go once delivered")
			}
		}
	}
}

func TestGivingUpAndRetry(t *testing.T) {
	f := setup(t, app("board", "user", nil, ""))
	q := store.New(f.db.Writer)
	q.EnqueueOutbox(f.ctx, store.EnqueueOutboxParams{ID: "msg_x", Kind: "deauthorization", InstallationID: 1, ListingID: "board",
		Url: "sandbox:/nowhere", Body: `{}`, NextAttemptAt: "2000-01-01T00:00:00Z"})
	clock := time.Now()
	f.outbox.now = func() time.Time { return clock }
	for range MaxAttempts {
		f.outbox.DeliverDue(f.ctx)
		clock = clock.Add(2 * time.Hour)
	}
	msg, _ := q.GetOutbox(f.ctx, "msg_x")
	if msg.Status != "failed" || msg.Attempts != MaxAttempts {
		t.Fatalf("after %d failures: %+v", MaxAttempts, msg)
	}
	if err := f.outbox.Retry(f.ctx, "msg_x"); err != nil {
		t.Fatal(err)
	}
	if msg, _ := q.GetOutbox(f.ctx, "msg_x"); msg.Status != "pending" || msg.Attempts != 0 {
		t.Fatalf("after Retry: %+v", msg)
	}
}

func TestBackoffGrowsWithJitterAndIsCapped(t *testing.T) {
	for n, lo := range map[int]time.Duration{0: 2500 * time.Millisecond, 3: 20 * time.Second, 30: 30 * time.Minute} {
		d := Backoff(n)
		if d < lo || d > 2*lo+time.Second || d > maxBackoff {
			t.Errorf("Backoff(%d) = %v", n, d)
		}
	}
}
