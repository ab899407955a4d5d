package catalogsrv_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/catalogsrv"
)

// removals records what OnRemoval was handed, in the removal's transaction.
type removals struct {
	mu   sync.Mutex
	got  []catalogsrv.Removal
	fail error
}

func (r *removals) on(_ context.Context, _ pgx.Tx, rm catalogsrv.Removal) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.got = append(r.got, rm)
	return nil
}

// A reported removal hands the developer's notice URL (from the listing)
// and the person's choice to OnRemoval, in the removal's transaction: the
// server queues the deauthorization notice there (server/notices).
func TestRemovalHandsTheNoticeToTheServer(t *testing.T) {
	o := newOrg(t)
	rec := &removals{}
	srv := o.replica(t, o.d, catalogsrv.Options{AllowLoopbackFeeds: true, OnRemoval: rec.on})
	url := o.feeds.serve("/notes.json", feed("Acme", listing("acme-notes", "Acme Notes", func(e map[string]any) {
		e["deauthorization_url"] = "https://northwind.example/deauthorized"
	})))
	if got := call(t, srv, "POST", "/api/v1/sources", "manager", catalogsrv.NewSource{URL: url}); got.status != http.StatusCreated {
		t.Fatalf("add source: %d %s", got.status, got.body)
	}
	if got := call(t, srv, "PUT", "/api/v1/installations/acme-notes", "member", nil); got.status != http.StatusCreated {
		t.Fatalf("report install: %d %s", got.status, got.body)
	}
	if got := call(t, srv, "DELETE", "/api/v1/installations/acme-notes?retain_data=maybe", "member", nil); got.status != http.StatusBadRequest {
		t.Fatalf("a bad retain_data: %d, want 400", got.status)
	}

	// A notice that cannot be queued keeps the installation on record.
	rec.fail = errors.New("queue down")
	if got := call(t, srv, "DELETE", "/api/v1/installations/acme-notes?retain_data=true", "member", nil); got.status != http.StatusInternalServerError {
		t.Fatalf("removal with a failing queue: %d, want 500", got.status)
	}
	rec.fail = nil
	if got := call(t, srv, "DELETE", "/api/v1/installations/acme-notes?retain_data=true&installation_id=42", "member", nil); got.status != http.StatusNoContent {
		t.Fatalf("removal: %d %s (the failed one must have kept the installation)", got.status, got.body)
	}
	if len(rec.got) != 1 {
		t.Fatalf("OnRemoval ran %d times, want once", len(rec.got))
	}
	rm := rec.got[0]
	member := o.tokens["member"]
	if rm.AccountID != member.AccountID || rm.AppID != "acme-notes" || rm.NoticeURL != "https://northwind.example/deauthorized" ||
		!rm.RetainData || rm.InstallationID != 42 || rm.UserID == nil || *rm.UserID != member.UserID || rm.RemovedAt.IsZero() {
		t.Fatalf("removal = %+v", rm)
	}
}

// A registration whose install failed is withdrawn without a notice: the
// developer never had an authorization to hear about.
func TestWithdrawnRegistrationSendsNoNotice(t *testing.T) {
	o := newOrg(t)
	rec := &removals{}
	srv := o.replica(t, o.d, catalogsrv.Options{AllowLoopbackFeeds: true, OnRemoval: rec.on})
	if got := call(t, srv, "PUT", "/api/v1/installations/acme-notes", "member", nil); got.status != http.StatusCreated {
		t.Fatalf("register: %d %s", got.status, got.body)
	}
	if got := call(t, srv, "DELETE", "/api/v1/installations/acme-notes?withdrawn=perhaps", "member", nil); got.status != http.StatusBadRequest {
		t.Fatalf("a bad withdrawn: %d, want 400", got.status)
	}
	if got := call(t, srv, "DELETE", "/api/v1/installations/acme-notes?withdrawn=true", "member", nil); got.status != http.StatusNoContent {
		t.Fatalf("withdraw: %d %s", got.status, got.body)
	}
	if len(rec.got) != 0 {
		t.Fatalf("a withdrawn registration was handed to OnRemoval: %+v", rec.got)
	}
	if got := call(t, srv, "GET", "/api/v1/installations", "member", nil); got.status != http.StatusOK || strings.Contains(string(got.body), "acme-notes") {
		t.Fatalf("inventory after the withdrawal: %d %s", got.status, got.body)
	}
}
