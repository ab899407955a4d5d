package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// Control events of the stream itself (never in the table).
const (
	// Ready follows the replay: the stream is live. Its id is the position
	// to resume from, so a desktop that hears nothing else still resumes
	// without a gap.
	Ready Kind = "ready"
	// Reset says the desktop's Last-Event-ID is older than the retention
	// (or unknown to this server): refetch everything, then carry on.
	Reset Kind = "reset"
	// Closing is the last event of a stream the server ends, with the
	// reason; the desktop reconnects with its Last-Event-ID.
	Closing Kind = "closing"
)

// Path is the route of the event stream.
const Path = "/api/v1/events"

// replayPage is how many stored events a resuming stream reads at a time.
const replayPage = 500

// Routes are the live-update routes, served by hub.
func Routes(hub *Hub) []api.Route {
	return []api.Route{{
		Method: http.MethodGet, Path: Path, Access: api.SignedIn,
		Summary: "Server-Sent Events of the account (resume with Last-Event-ID)",
		Handler: hub.serveStream,
	}}
}

// stream is one desktop's open response: through net/http's
// ResponseWriter, or, once detached, straight on the connection.
type stream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	conn    net.Conn // set when detached (HTTP/1.x): w and rc are not used then
	timeout time.Duration
	user    int64 // whose stream it is
	pos     int64 // the id of the last event written (or skipped as not new)
}

func (h *Hub) serveStream(w http.ResponseWriter, r *http.Request) {
	s, sub := h.open(w, r)
	if s == nil {
		return
	}
	if s.conn != nil {
		// Detached: the request's goroutine, its stack and net/http's
		// buffers are released; one small goroutine carries the stream.
		go func() {
			defer s.conn.Close()
			defer h.release(sub)
			s.live(sub)
		}()
		return
	}
	// The desktop leaving closes the mailbox too, so live waits on it alone.
	stop := context.AfterFunc(r.Context(), func() { h.unsubscribe(sub, "") })
	defer stop()
	defer h.release(sub)
	s.live(sub)
}

// open does everything before the stream goes live: checks, subscription,
// replay. It is kept out of serveStream, which may hold an idle stream for
// hours: Go sizes a frame for everything inlined into it.
//
//go:noinline
func (h *Hub) open(w http.ResponseWriter, r *http.Request) (*stream, *subscriber) {
	who, ok := identity.From(r.Context())
	if !ok {
		h.fail(w, r, apperr.New(identity.Unauthenticated, "sign in first: the event stream needs an access token"))
		return nil, nil
	}
	since, resuming, err := lastEventID(r)
	if err != nil {
		h.fail(w, r, err)
		return nil, nil
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return nil, nil
	}
	// The horizon: where a resuming stream checks its Last-Event-ID, and
	// where a fresh one starts — the newest committed event, which this hub
	// may not have read yet (its NOTIFY pending): a fresh stream must not
	// get events from before it opened (a role change of the sign-in that
	// preceded it would end it at once).
	horizon, err := h.q.EventsHorizon(r.Context())
	if err != nil {
		h.fail(w, r, apperr.Wrap(apperr.Unavailable, err, "live updates: the database is not reachable; try again"))
		return nil, nil
	}
	sub, from, err := h.subscribe(who)
	if err != nil {
		h.fail(w, r, err)
		return nil, nil
	}
	s := &stream{timeout: h.o.WriteTimeout, user: who.UserID}
	if err := s.start(w, r); err != nil {
		h.release(sub)
		return nil, nil
	}
	if err := s.begin(r.Context(), h, who, since, resuming, horizon, from); err != nil {
		s.close(err.Error())
		if s.conn != nil {
			s.conn.Close()
		}
		h.release(sub)
		return nil, nil
	}
	return s, sub
}

// begin brings a new stream up to from: a replay of what the desktop missed
// (or a reset when that is no longer known), then "ready".
func (s *stream) begin(ctx context.Context, h *Hub, who identity.Identity, since int64, resuming bool, horizon store.EventsHorizonRow, from int64) error {
	if err := s.write([]byte("retry: 2000\n\n")); err != nil {
		return err
	}
	switch {
	case !resuming:
		s.pos = max(from, horizon.Last)
	case since < horizon.PurgedThrough || since > horizon.Last:
		s.pos = from
		why := fmt.Sprintf(`{"reason":"Last-Event-ID %d is older than the events this server keeps, or unknown to it: refetch everything"}`, since)
		if err := s.write(encodeSSE(from, Reset, []byte(why))); err != nil {
			return err
		}
	default:
		// Replay up to the newest committed event, even when this hub has
		// not read it yet: its live copy comes later and is skipped.
		upto := max(from, horizon.Last)
		s.pos = since
		if err := s.replay(ctx, h, who, upto); err != nil {
			return err
		}
		s.pos = max(s.pos, upto)
	}
	return s.write(encodeSSE(s.pos, Ready, []byte(`{}`)))
}

// replay writes the stored events in (s.pos, upto] that who may see.
func (s *stream) replay(ctx context.Context, h *Hub, who identity.Identity, upto int64) error {
	for {
		rows, err := h.q.AccountEventsBetween(ctx, store.AccountEventsBetweenParams{
			AccountID: who.AccountID, After: s.pos, Upto: upto,
			UserID: who.UserID, Manages: who.Manages(), MaxRows: replayPage,
		})
		if err != nil {
			return errors.New("live updates: the database is not reachable to replay missed events: reconnect with Last-Event-ID")
		}
		for _, r := range rows {
			if err := s.write(encodeSSE(r.ID, Kind(r.Kind), r.Data)); err != nil {
				return err
			}
			s.pos = r.ID
		}
		if len(rows) < replayPage {
			return nil
		}
	}
}

// live writes what the hub puts in the mailbox — events and heartbeats —
// until the hub closes it (the desktop left, the stream fell behind, the
// server stops; the frames still in it are written first), a write fails
// (how a detached stream learns that its desktop left, at the latest with
// the next heartbeat), or the person's role changes: the stream's filter
// was chosen for the old role, so the desktop reconnects with a fresh token
// and gets the new one.
func (s *stream) live(sub *subscriber) {
	for f := range sub.ch {
		if f == heartbeat {
			if s.write(f.wire) != nil {
				return
			}
			continue
		}
		if f.id <= s.pos {
			continue // replayed already
		}
		if s.write(f.wire) != nil {
			return
		}
		s.pos = f.id
		if f.kind == RoleChanged && f.user == s.user {
			s.close("your role changed: reconnect with Last-Event-ID to receive the events of the new role")
			return
		}
	}
	if sub.reason != "" { // "" is a desktop that left, or a replica that died
		s.close(sub.reason)
	}
}

// write sends b and flushes it, within the write timeout: a desktop that
// stops reading is cut off instead of holding the stream forever.
func (s *stream) write(b []byte) error {
	deadline := time.Now().Add(s.timeout)
	if s.conn != nil {
		_ = s.conn.SetWriteDeadline(deadline)
		_, err := s.conn.Write(b)
		return err
	}
	_ = s.rc.SetWriteDeadline(deadline) // unsupported writers just have no deadline
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	return s.rc.Flush()
}

// close ends the stream with a Closing event saying why (best effort: the
// desktop may already be gone).
//
//go:noinline
func (s *stream) close(reason string) {
	data, _ := json.Marshal(map[string]string{"reason": reason})
	_ = s.write(encodeSSE(0, Closing, data))
}

// lastEventID reads where the desktop resumes from: the Last-Event-ID header
// an EventSource sends on reconnect, or ?last_event_id= for a first
// connection that already knows its position.
func lastEventID(r *http.Request) (id int64, ok bool, err error) {
	v := strings.TrimSpace(r.Header.Get("Last-Event-ID"))
	if v == "" {
		v = strings.TrimSpace(r.URL.Query().Get("last_event_id"))
	}
	if v == "" {
		return 0, false, nil
	}
	id, err = strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, false, apperr.New(apperr.Invalid, "Last-Event-ID %q is not an event id: expected a non-negative integer from a previous stream", v)
	}
	return id, true, nil
}

// fail answers an error before the stream starts, as the API does.
func (h *Hub) fail(w http.ResponseWriter, r *http.Request, err error) {
	api.WriteError(w, r, h.o.Logger, err)
}
