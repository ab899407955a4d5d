package events

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
)

// desktop is a simulated desktop: it keeps a stream open, and when the
// stream ends it reconnects, trying the replicas in turn, with the
// Last-Event-ID it last heard, as an EventSource does.
type desktop struct {
	token    string
	replicas []string
	want     int

	mu         sync.Mutex
	ids        []int64 // the ids of the events received, in order
	reconnects int
	done       chan struct{}
}

// newDesktop connects (returning once the stream is live) and keeps
// listening in the background until it has want events.
func newDesktop(t *testing.T, token string, want int, replicas ...string) *desktop {
	t.Helper()
	dk := &desktop{token: token, replicas: replicas, want: want, done: make(chan struct{})}
	c, ready := connect(t, replicas[0], token, -1)
	go dk.run(c, ready.id)
	return dk
}

func (dk *desktop) run(c *client, last int64) {
	defer close(dk.done)
	deadline := time.Now().Add(60 * time.Second)
	for turn := 0; time.Now().Before(deadline); turn++ {
		if c == nil {
			var err error
			if c, err = dial(dk.replicas[turn%len(dk.replicas)]+Path, dk.token, last); err != nil {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			dk.mu.Lock()
			dk.reconnects++
			dk.mu.Unlock()
		}
		for e := range c.events {
			if !e.hasID {
				continue // closing: the stream ends next
			}
			last = e.id
			if e.kind == string(Ready) || e.kind == string(Reset) {
				continue
			}
			dk.mu.Lock()
			dk.ids = append(dk.ids, e.id)
			n := len(dk.ids)
			dk.mu.Unlock()
			if n >= dk.want {
				c.resp.Body.Close()
				return
			}
		}
		c.resp.Body.Close()
		c = nil
	}
}

// waitFor reports whether the desktop has n events within d.
func (dk *desktop) waitFor(n int, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got, _ := dk.received(); len(got) >= n {
			return true
		}
	}
	return false
}

func (dk *desktop) received() ([]int64, int) {
	dk.mu.Lock()
	defer dk.mu.Unlock()
	return slices.Clone(dk.ids), dk.reconnects
}

// publishRetrying publishes e, retrying while PostgreSQL is down, as a
// route whose client retries would.
func publishRetrying(d *db.DB, e Event) error {
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		err = d.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
			return Store{}.Publish(context.Background(), tx, e)
		})
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("publish %s while PostgreSQL restarts: %w", e.Kind, err)
}

func publishedIDs(t *testing.T, d *db.DB) []int64 {
	t.Helper()
	rows, err := d.Pool.Query(context.Background(), "SELECT id FROM events ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// checkDesktops waits for every desktop and checks it received exactly
// the published events, in order, none twice.
func checkDesktops(t *testing.T, d *db.DB, desktops []*desktop) (reconnects int) {
	t.Helper()
	want := publishedIDs(t, d)
	for i, dk := range desktops {
		select {
		case <-dk.done:
		case <-time.After(60 * time.Second):
			t.Fatalf("desktop %d did not finish", i)
		}
		got, n := dk.received()
		reconnects += n
		if !slices.Equal(got, want) {
			t.Errorf("desktop %d (%s, %d reconnects) received %v, want %v", i, dk.token, n, got, want)
		}
	}
	return reconnects
}

// Acceptance 2, first half: PostgreSQL restarts under 100 connected
// streams. Events published before, during (committed once it is back,
// while the hub may not be listening yet) and after all reach every
// stream, and no stream has to reconnect.
func TestPostgresRestartLosesNoEvent(t *testing.T) {
	pgtest.ClusterURL(t) // the server suite's rule: skipped locally without a test cluster, failed in CI
	pg := startCluster(t)
	d := pgtest.OpenURL(t, pg.URL)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	// The test decides when the hub's LISTEN connection may come back, so
	// events certainly commit while nobody listens.
	var held atomic.Bool
	r := startReplicaWith(t, d, toks, Options{MaxBackoff: 100 * time.Millisecond, Heartbeat: 100 * time.Millisecond}, func(h *Hub) {
		h.listenTo.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			if held.Load() {
				return nil, errors.New("held back by the test")
			}
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		}
	})

	const perPhase, clients = 10, 100
	var desktops []*desktop
	for i := 0; i < clients; i++ {
		desktops = append(desktops, newDesktop(t, []string{"acme-member", "acme-manager"}[i%2], 3*perPhase, r.srv.URL))
	}
	phase := func(name string) {
		for i := 0; i < perPhase; i++ {
			if err := publishRetrying(d, Event{Kind: ApprovalsChanged, AccountID: acme.account, Data: data(map[string]any{"phase": name, "n": i})}); err != nil {
				t.Error(err)
				return
			}
		}
	}
	phase("before")
	held.Store(true)
	pg.stop(t)
	during := make(chan struct{})
	go func() { defer close(during); phase("during") }() // retries until PostgreSQL is back
	time.Sleep(time.Second)
	pg.start(t)
	<-during
	held.Store(false)
	// Nothing new is published now: what committed while the hub was not
	// listening must arrive by its catch-up alone, well before its 30s idle check.
	for i, dk := range desktops {
		if !dk.waitFor(2*perPhase, 10*time.Second) {
			got, _ := dk.received()
			t.Fatalf("desktop %d has %d of the %d events published before and during the restart", i, len(got), 2*perPhase)
		}
	}
	// The hub listens again (its backoff may still be running when the
	// catch-up above has delivered): a hub that never lost its first LISTEN
	// connection would stay at one, and the restart would have tested nothing.
	waitFor(t, "the hub to LISTEN on a second connection after the restart", func() bool { return r.hub.listens.Load() >= 2 })
	phase("after")
	if reconnects := checkDesktops(t, d, desktops); reconnects != 0 {
		t.Errorf("%d streams had to reconnect; the hub should have carried them through the restart", reconnects)
	}
	// A detached stream learns that its desktop left from a failed write:
	// the next heartbeat at the latest.
	waitFor(t, "the hub to let go of the streams of the desktops that left", func() bool { return r.hub.Streams() == 0 })
}

// Acceptance 2, second half: one of two replicas is killed; its desktops
// reconnect to the other with Last-Event-ID and miss nothing, including
// what was published while they were switching.
func TestReplicaKilledDesktopsResumeOnTheOther(t *testing.T) {
	url := pgtest.NewDatabase(t)
	dA, dB := pgtest.OpenURL(t, url), pgtest.OpenURL(t, url)
	if err := dA.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	toks := tokens{}
	acme := newOrg(t, dA, "acme", toks)
	a, b := startReplica(t, dA, toks, Options{}), startReplica(t, dB, toks, Options{})

	const perPhase, clients = 10, 60
	var desktops []*desktop
	for i := 0; i < clients; i++ {
		first, other := a.srv.URL, b.srv.URL
		if i%3 == 2 {
			first, other = other, first // a third start on B and are not disturbed
		}
		desktops = append(desktops, newDesktop(t, []string{"acme-member", "acme-manager"}[i%2], 3*perPhase, first, other))
	}
	phase := func(d *db.DB, name string) {
		for i := 0; i < perPhase; i++ {
			publish(t, d, Event{Kind: ApprovalsChanged, AccountID: acme.account, Data: data(map[string]any{"phase": name, "n": i})})
		}
	}
	phase(dA, "before")
	switching := make(chan struct{})
	go func() { defer close(switching); phase(dB, "while switching") }()
	a.kill()
	<-switching
	phase(dB, "after")

	if reconnects := checkDesktops(t, dB, desktops); reconnects < clients*2/3 {
		t.Errorf("only %d reconnects: the desktops of replica A should each have reconnected", reconnects)
	}
}
