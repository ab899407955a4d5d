package events

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// Options tune a Hub; the zero value of each field picks its default.
type Options struct {
	Logger *slog.Logger
	// Retention is how long events stay in the table (default 7 days). A
	// desktop resuming from an older id gets a "reset" event.
	Retention time.Duration
	// Heartbeat is the interval of the comment lines that keep proxies from
	// closing an idle stream (default 15s). It also bounds how long a
	// detached stream whose desktop left goes unnoticed.
	Heartbeat time.Duration
	// Buffer is how many events a stream may fall behind before it is
	// disconnected (default 64). It bounds a slow desktop's memory.
	Buffer int
	// WriteTimeout cuts a stream whose desktop stops reading (default 30s).
	WriteTimeout time.Duration
	// MaxBackoff caps the wait between attempts to reconnect the LISTEN
	// connection (default 5s).
	MaxBackoff time.Duration
	// MaxLifetime ends a stream after this long, plus up to a tenth more
	// so desktops do not all come back at once (default 15m). The desktop
	// reconnects with a fresh access token and its Last-Event-ID, losing
	// nothing; so a person removed or demoted, or whose token expired,
	// stops receiving the account's events within MaxLifetime even when no
	// event says so. Checked with each heartbeat.
	MaxLifetime time.Duration
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.Buffer <= 0 {
		o.Buffer = 64
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 30 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Second
	}
	if o.MaxLifetime <= 0 {
		o.MaxLifetime = 15 * time.Minute
	}
	return o
}

// Hub is one replica's fan-out: it listens for the NOTIFY of new events on
// one dedicated connection, reads the new rows in batches, and hands them
// to the streams connected to this replica, account by account.
type Hub struct {
	q        *store.Queries
	listenTo *pgx.ConnConfig
	o        Options

	wake  chan struct{} // capacity 1: a burst of notifications is one read
	wg    sync.WaitGroup
	reads atomic.Int64 // queries for new events, for tests and metrics
	// listens counts LISTEN connections made (1 + reconnects); idle is
	// how long it may stay silent before the hub checks it (idleCheck).
	listens atomic.Int64
	idle    time.Duration

	mu      sync.Mutex
	last    int64 // the highest event id handed to the streams
	subs    map[int64]map[*subscriber]struct{}
	stopped bool
	started bool
}

// subscriber is one stream's mailbox: events and heartbeats. The hub
// closes ch, with reason set, when it stops delivering to it (too slow, the
// hub stopped, the desktop left). One channel and nothing else, because an
// idle stream waits on it for hours: Go shrinks the stack of a goroutine
// parked in a plain receive, where a select over several channels kept it
// at 16 KB (measured).
type subscriber struct {
	account, user int64
	manages       bool
	ch            chan *frame
	reason        string    // set before ch is closed
	ends          time.Time // MaxLifetime
}

// NewHub returns a hub reading through pool; its LISTEN connection is a
// separate one, made from the pool's connection settings.
func NewHub(pool *pgxpool.Pool, o Options) *Hub {
	return &Hub{
		q:        store.New(pool),
		listenTo: pool.Config().ConnConfig.Copy(),
		o:        o.withDefaults(),
		wake:     make(chan struct{}, 1),
		idle:     idleCheck,
		subs:     map[int64]map[*subscriber]struct{}{},
	}
}

// Start learns the newest event id (streams replay anything older from the
// table) and runs the hub until ctx ends; then every stream is closed, so
// a graceful HTTP shutdown is not held up by them. Wait for the end with Wait.
func (h *Hub) Start(ctx context.Context) error {
	readCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	last, err := h.q.LastEventID(readCtx)
	if err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "live updates: read the newest event: %v", err)
	}
	h.mu.Lock()
	h.last, h.started = last, true
	h.mu.Unlock()
	h.run(ctx, h.listen)
	h.run(ctx, h.fetch)
	h.run(ctx, h.purgeEvery)
	h.run(ctx, h.beat)
	h.run(ctx, func(ctx context.Context) {
		<-ctx.Done()
		h.stop("the server is shutting down: reconnect with Last-Event-ID (another replica will answer)")
	})
	return nil
}

// Wait returns, once the hub's context has ended, when its goroutines and
// every stream it served have.
func (h *Hub) Wait() { h.wg.Wait() }

func (h *Hub) run(ctx context.Context, fn func(context.Context)) {
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		fn(ctx)
	}()
}

// poke asks the fetcher to read new events; it never blocks, and pokes that
// arrive while one is pending are one read.
func (h *Hub) poke() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// subscribe registers a stream for who and returns the id it is live
// after: every event above it reaches the mailbox, every event at or below
// it was already in the table when the stream subscribed.
func (h *Hub) subscribe(who identity.Identity) (*subscriber, int64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped || !h.started {
		return nil, 0, apperr.New(apperr.Unavailable, "live updates are not running on this replica: try again (another replica may answer)")
	}
	s := &subscriber{
		account: who.AccountID, user: who.UserID, manages: who.Manages(),
		ch:   make(chan *frame, h.o.Buffer),
		ends: time.Now().Add(h.o.MaxLifetime + rand.N(h.o.MaxLifetime/10+1)),
	}
	if h.subs[s.account] == nil {
		h.subs[s.account] = map[*subscriber]struct{}{}
	}
	h.subs[s.account][s] = struct{}{}
	// Counted while not stopped, so Wait also waits for the streams to end.
	h.wg.Add(1)
	return s, h.last, nil
}

// release ends a subscription for good: once per subscribe.
func (h *Hub) release(s *subscriber) {
	h.unsubscribe(s, "")
	h.wg.Done()
}

// unsubscribe stops delivering to s (once; later calls do nothing). An
// empty reason closes the stream without a closing event.
func (h *Hub) unsubscribe(s *subscriber, reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(s, reason)
}

// dropLocked stops delivering to s and closes its mailbox, saying why.
func (h *Hub) dropLocked(s *subscriber, reason string) {
	set := h.subs[s.account]
	if _, ok := set[s]; !ok {
		return // dropped already: its mailbox is closed
	}
	delete(set, s)
	if len(set) == 0 {
		delete(h.subs, s.account)
	}
	s.reason = reason
	close(s.ch)
}

// heartbeat is the frame every stream gets every Options.Heartbeat: a
// comment line that keeps proxies from closing an idle stream.
var heartbeat = &frame{wire: []byte(": keep-alive\n\n")}

// beat sends the heartbeat to every stream from one ticker for the whole
// replica (no timer per stream), and ends the streams past their lifetime.
// A full mailbox skips the heartbeat: that stream has events to send anyway.
func (h *Hub) beat(ctx context.Context) {
	t := time.NewTicker(h.o.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		h.mu.Lock()
		for _, set := range h.subs {
			for s := range set {
				if now.After(s.ends) {
					h.dropLocked(s, "this stream reached its maximum lifetime: reconnect with a fresh access token and Last-Event-ID")
					continue
				}
				select {
				case s.ch <- heartbeat:
				default:
				}
			}
		}
		h.mu.Unlock()
	}
}

// deliver hands frames, in id order, to the streams that may see them. A
// stream whose mailbox is full is dropped rather than buffered without end:
// its desktop reconnects with Last-Event-ID and replays from the table.
func (h *Hub) deliver(frames []*frame) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, f := range frames {
		if f.id <= h.last {
			continue
		}
		for s := range h.subs[f.account] {
			if !f.visibleTo(s.account, s.user, s.manages) {
				continue
			}
			select {
			case s.ch <- f:
			default:
				h.dropLocked(s, "this stream fell behind by more than the server buffers: reconnect with Last-Event-ID to catch up")
			}
		}
		h.last = f.id
	}
}

// stop closes every stream and refuses new ones.
func (h *Hub) stop(reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	for _, set := range h.subs {
		for s := range set {
			h.dropLocked(s, reason)
		}
	}
}

// Streams is how many streams this replica serves (for logs and tests).
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, set := range h.subs {
		n += len(set)
	}
	return n
}

// sleep waits d or until ctx ends; it reports whether ctx is still alive.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
