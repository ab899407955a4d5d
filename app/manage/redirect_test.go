package manage

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/vault"
	"marketdesk/db/store"
)

// redirecting answers every request with code to elsewhere.
func redirecting(code int, elsewhere string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, elsewhere, code)
	})
}

// counting records every request it gets; it answers 200.
func counting(hits *atomic.Int32) *httptest.Server {
	return httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
}

func TestNoticeAnswered307Or308IsNotFollowedAndCountsAsAFailedAttempt(t *testing.T) {
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var hits atomic.Int32
		second := counting(&hits)
		first := httptest.NewTLSServer(redirecting(code, second.URL+"/collect"))
		f := setup(t, developerApp("board", first.URL+"/notices"))
		f.outbox.client = netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, first, second).Client()
		if _, err := f.manager.NoticeSecrets().Set(f.ctx, f.owner, "board", "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="); err != nil {
			t.Fatal(err)
		}
		q := store.New(f.db.Writer)
		q.EnqueueOutbox(f.ctx, store.EnqueueOutboxParams{ID: "msg_r", Kind: "deauthorization", InstallationID: 1, ListingID: "board",
			Url: first.URL + "/notices", Body: `{"event":"app.deauthorized"}`, NextAttemptAt: "2000-01-01T00:00:00Z"})
		if n := f.outbox.DeliverDue(f.ctx); n != 0 {
			t.Fatalf("%d: a redirected notice counted as delivered", code)
		}
		msg, _ := q.GetOutbox(f.ctx, "msg_r")
		if hits.Load() != 0 || msg.Status != "pending" || msg.Attempts != 1 || msg.LastError == "" {
			t.Fatalf("%d: second server hits %d, message %+v", code, hits.Load(), msg)
		}
		first.Close()
		second.Close()
	}
}

func TestRevocationAnswered307Or308IsNotFollowed(t *testing.T) {
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var hits atomic.Int32
		second := counting(&hits)
		first := httptest.NewTLSServer(redirecting(code, second.URL+"/steal"))
		f := setup(t, app("board", "user", nil, ""))
		client := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, first, second).Client()
		f.outbox.client, f.manager.client = client, client
		// At removal: the revocation is posted once, to the endpoint itself.
		row := store.Installation{ID: 1, ListingID: "board", ClientID: "board"}
		if err := f.manager.postRevocation(f.ctx, row, first.URL+"/revoke", "refresh-token-secret"); err == nil {
			t.Fatalf("%d: a redirected revocation counted as done", code)
		}
		// From the outbox: a failed attempt; the token stays for the retry.
		if err := f.vault.Set(f.ctx, "revocation/rev_r", "refresh-token-secret"); err != nil {
			t.Fatal(err)
		}
		q := store.New(f.db.Writer)
		q.EnqueueOutbox(f.ctx, store.EnqueueOutboxParams{ID: "rev_r", Kind: "revocation", InstallationID: 1, ListingID: "board",
			Url: first.URL + "/revoke", Body: `{"client_id":"board","token_item":"revocation/rev_r"}`, NextAttemptAt: "2000-01-01T00:00:00Z"})
		if n := f.outbox.DeliverDue(f.ctx); n != 0 {
			t.Fatalf("%d: a redirected revocation counted as delivered", code)
		}
		msg, _ := q.GetOutbox(f.ctx, "rev_r")
		if _, err := f.vault.Get(f.ctx, "revocation/rev_r"); errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("%d: the token was dropped though the revocation failed", code)
		}
		if hits.Load() != 0 || msg.Attempts != 1 {
			t.Fatalf("%d: second server hits %d (the token went to it), message %+v", code, hits.Load(), msg)
		}
		f.vault.Delete(f.ctx, "revocation/rev_r")
		first.Close()
		second.Close()
	}
}
