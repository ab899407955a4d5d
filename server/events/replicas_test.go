package events

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// Two replicas, each with its own pool and hub, on one database: what is
// published through A's pool reaches streams on both.
func TestEventPublishedOnOneReplicaReachesAnother(t *testing.T) {
	url := pgtest.NewDatabase(t)
	dA, dB := pgtest.OpenURL(t, url), pgtest.OpenURL(t, url)
	if err := dA.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	toks := tokens{}
	acme := newOrg(t, dA, "acme", toks)
	a, b := startReplica(t, dA, toks, Options{}), startReplica(t, dB, toks, Options{})
	onB, _ := connect(t, b.srv.URL, "acme-member", -1)
	onA, _ := connect(t, a.srv.URL, "acme-manager", -1)

	publish(t, dA, Event{Kind: RequestDecided, AccountID: acme.account, UserID: acme.member.UserID})
	publish(t, dA, Event{Kind: marker, AccountID: acme.account})
	for name, c := range map[string]*client{"replica B": onB, "replica A": onA} {
		if got := c.until(t, string(marker)); !slices.Equal(got, []string{"request.decided"}) {
			t.Errorf("the stream on %s received %v", name, got)
		}
	}
}

// A stream that falls behind is dropped with a reason instead of buffering
// without bound; the others keep going.
func TestSlowStreamIsDroppedWithAReason(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{Buffer: 2})
	slow, _, err := r.hub.subscribe(identity.Identity{AccountID: acme.account, UserID: acme.member.UserID, Role: identity.Member})
	if err != nil {
		t.Fatal(err)
	}
	defer r.hub.release(slow)
	fast, _ := connect(t, r.srv.URL, "acme-other", -1)
	for i := 0; i < 3; i++ { // one at a time, so the stream that reads never lags
		publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})
		if e := fast.next(t); e.kind != string(CatalogChanged) {
			t.Fatalf("the stream that reads got %+v", e)
		}
	}
	r.hub.mu.Lock()
	reason := slow.reason
	r.hub.mu.Unlock()
	if !strings.Contains(reason, "Last-Event-ID") {
		t.Errorf("dropped with reason %q, want one that says how to catch up", reason)
	}
	held := 0
	for closed := false; !closed; {
		select {
		case _, ok := <-slow.ch:
			if ok {
				held++
			}
			closed = !ok
		case <-time.After(5 * time.Second):
			t.Fatal("the mailbox of the dropped stream is still open")
		}
	}
	if held != 2 {
		t.Errorf("the dropped mailbox held %d events, want its 2", held)
	}
	if n := r.hub.Streams(); n != 1 {
		t.Errorf("hub serves %d streams, want only the fast one", n)
	}
}

// A transaction that publishes many events sends as many notifications,
// all at its commit; the hub reads them in one or two queries, not one
// each.
func TestBurstOfNotificationsIsOneRead(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	c, _ := connect(t, r.srv.URL, "acme-manager", -1)
	waitFor(t, "the hub's first catch-up", func() bool { return r.hub.reads.Load() > 0 })
	time.Sleep(50 * time.Millisecond)
	before := r.hub.reads.Load()

	const burst = 50
	err := d.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
		for i := 0; i < burst; i++ {
			e := Event{Kind: ApprovalsChanged, AccountID: acme.account, UserID: acme.member.UserID}
			if err := (Store{}).Publish(context.Background(), tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < burst; i++ {
		c.next(t)
	}
	time.Sleep(100 * time.Millisecond) // notifications still on their way would read now
	if reads := r.hub.reads.Load() - before; reads > 2 {
		t.Errorf("%d notifications cost %d reads, want at most 2", burst, reads)
	}
}

// A quiet LISTEN connection is checked (a ping) and kept, not replaced:
// the wait for notifications times out without breaking the connection.
func TestQuietListenConnectionIsKept(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplicaWith(t, d, toks, Options{}, func(h *Hub) { h.idle = 20 * time.Millisecond })
	c, _ := connect(t, r.srv.URL, "acme-member", -1)
	time.Sleep(300 * time.Millisecond) // many idle checks
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})
	if e := c.next(t); e.kind != string(CatalogChanged) {
		t.Fatalf("got %+v", e)
	}
	if n := r.hub.listens.Load(); n != 1 {
		t.Errorf("the hub made %d LISTEN connections in a quiet spell, want 1", n)
	}
}
