package events

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/db/store"
)

const (
	// fetchBatch is how many events one read takes; a longer backlog is
	// read in several.
	fetchBatch = 500
	// idleCheck is how long the LISTEN connection may stay silent before
	// the hub pings it (a dead network is otherwise noticed only by TCP
	// keepalive, minutes later) and reads the table once, just in case.
	idleCheck = 30 * time.Second
	// checkTimeout bounds connecting, pinging and closing the LISTEN
	// connection.
	checkTimeout = 10 * time.Second
	minBackoff   = 50 * time.Millisecond
)

// listen keeps one connection LISTENing on Channel. When it drops (a
// PostgreSQL restart, a failover, the network) it reconnects with growing
// pauses, and after each new LISTEN it pokes the fetcher, which reads every
// event committed while nobody listened: nothing is lost, only late.
func (h *Hub) listen(ctx context.Context) {
	backoff := minBackoff
	for {
		listened, err := h.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if listened {
			backoff = minBackoff
		}
		h.o.Logger.Warn("live updates: the LISTEN connection to PostgreSQL is down; reconnecting",
			"error", err, "retry_in", backoff.String())
		if !sleep(ctx, backoff) {
			return
		}
		backoff = min(2*backoff, h.o.MaxBackoff)
	}
}

// listenOnce runs one connection until it fails; listened reports whether
// it got as far as LISTEN.
func (h *Hub) listenOnce(ctx context.Context) (listened bool, err error) {
	connectCtx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(connectCtx, h.listenTo.Copy())
	if err != nil {
		return false, err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return false, err
	}
	h.listens.Add(1)
	h.o.Logger.Info("live updates: listening for new events", "channel", Channel)
	h.poke() // catch up on whatever committed while nobody listened
	for {
		waitCtx, cancel := context.WithTimeout(ctx, h.idle)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			if !h.delivered(n.Payload) {
				h.poke()
			}
		case ctx.Err() != nil:
			return true, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			if err := h.ping(ctx, conn); err != nil {
				return true, err
			}
			h.poke()
		default:
			return true, err
		}
	}
}

// ping checks a quiet LISTEN connection, briefly: over a dead network an
// unbounded ping would wait for TCP to give up, many minutes.
func (h *Hub) ping(ctx context.Context, conn *pgx.Conn) error {
	pingCtx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	return conn.Ping(pingCtx)
}

// fetch reads new events whenever poked and delivers them. A failed read
// (PostgreSQL down) is retried with growing pauses; the position is kept,
// so the retry reads from where delivery stopped.
func (h *Hub) fetch(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
		}
		backoff := minBackoff
		for {
			err := h.catchUp(ctx)
			if err == nil || ctx.Err() != nil {
				break
			}
			h.o.Logger.Warn("live updates: reading new events failed; retrying", "error", err, "retry_in", backoff.String())
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(2*backoff, h.o.MaxBackoff)
		}
	}
}

// catchUp delivers every event after the last one delivered, in batches.
func (h *Hub) catchUp(ctx context.Context) error {
	for {
		h.mu.Lock()
		after := h.last
		h.mu.Unlock()
		h.reads.Add(1)
		readCtx, cancel := context.WithTimeout(ctx, 3*checkTimeout) // a hung database is retried, not waited on forever
		rows, err := h.q.EventsAfter(readCtx, store.EventsAfterParams{ID: after, Limit: fetchBatch})
		cancel()
		if err != nil {
			return err
		}
		frames := make([]*frame, len(rows))
		for i, r := range rows {
			frames[i] = newFrame(r.ID, r.AccountID, r.UserID, Kind(r.Kind), r.Data)
		}
		h.deliver(frames)
		if len(rows) < fetchBatch {
			return nil
		}
	}
}

// delivered reports whether the event a notification announces was read
// already: a batch read during a burst picks up events whose notifications
// are still on their way, and those need no read of their own. Ids commit
// in order (Publish's lock), so every id at or below the last is read.
func (h *Hub) delivered(payload string) bool {
	id, err := strconv.ParseInt(payload, 10, 64)
	if err != nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return id <= h.last
}
