package org

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// EventsPath is the server's event stream (docs/server-events.md).
const EventsPath = "/api/v1/events"

// Event is one change the server announced: Kind is a server event kind
// ("request.decided", …), Data the changed object as the API returns it.
type Event struct {
	ID   string          `json:"id"`
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data"`
}

// Handlers receive what the stream brings. Calls come from the listening
// goroutine, one at a time; a handler that blocks holds the stream.
type Handlers struct {
	Event func(Event)
	// Reset: the server cannot replay what was missed (too old, or another
	// database): refetch everything, then the stream carries on.
	Reset func()
	// Live is told true once a stream is live (after the replay), false
	// with the error when it breaks (the caller shows "offline since …").
	Live func(live bool, err error)
}

// Stream limits: the server sends at most 64 KB of data per event; a line
// or an event beyond these is a broken stream, not something to buffer.
const (
	maxLineBytes  = 128 << 10
	maxEventBytes = 256 << 10
	minBackoff    = 500 * time.Millisecond
	maxBackoff    = 30 * time.Second
)

// idleTimeout: the server sends a comment every 15 s, so this much silence
// means the connection died under us (sleep, a network change) without a
// FIN or RST reaching us. A variable for tests.
var idleTimeout = 45 * time.Second

// Listen follows the event stream until ctx ends or the server refuses
// the sign-in (a *SignedOutError). It resumes from the position kept in
// the settings, so a restart or a reconnection misses nothing, and
// reconnects with a growing, jittered pause after failures.
func (s *Service) Listen(ctx context.Context, h Handlers) error {
	c, err := s.Client(ctx)
	if err != nil {
		return err
	}
	backoff := minBackoff
	for {
		live, err := s.stream(ctx, c, h)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if IsSignedOut(err) {
			if h.Live != nil {
				h.Live(false, err)
			}
			return err
		}
		if live {
			backoff = minBackoff // the last stream worked: come back quickly
		}
		if err == nil { // the server said closing: reconnect at once
			continue
		}
		if h.Live != nil {
			h.Live(false, err)
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// stream runs one connection: nil when the server closed it on purpose.
func (s *Service) stream(ctx context.Context, c *Client, h Handlers) (live bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := c.NewRequest(ctx, http.MethodGet, EventsPath, nil)
	if err != nil {
		return false, err
	}
	req.Header.Set("Accept", "text/event-stream")
	if last, _ := s.settings.Get(ctx, KeyLastEventID); last != "" {
		req.Header.Set("Last-Event-ID", last)
	}
	resp, err := c.Do(req) // a 401 renews the token and tries once more
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	if err := statusError(c, resp); err != nil {
		return false, err
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return false, errors.New("the organization server's event stream is not text/event-stream")
	}
	idle := time.AfterFunc(idleTimeout, cancel)
	defer idle.Stop()
	r := &sseReader{r: bufio.NewReaderSize(resp.Body, 16<<10)}
	for {
		e, err := r.next()
		if err != nil {
			return live, err
		}
		idle.Reset(idleTimeout)
		if e == nil { // a comment (keep-alive)
			continue
		}
		switch e.Kind {
		case "closing":
			return live, nil
		case "ready":
			live = true
			if h.Live != nil {
				h.Live(true, nil)
			}
			_ = s.settings.Delete(ctx, KeyOfflineSince)
		case "reset":
			if h.Reset != nil {
				h.Reset()
			}
		default:
			if h.Event != nil {
				h.Event(*e)
			}
		}
		// After delivery: a crash before this line replays the event
		// (at least once), never skips it.
		if e.ID != "" {
			if err := s.settings.Put(ctx, KeyLastEventID, e.ID); err != nil {
				return live, wrapSettings(err)
			}
		}
	}
}

// sseReader reads Server-Sent Events with bounded lines and events.
type sseReader struct{ r *bufio.Reader }

var errLongLine = errors.New("the organization server sent an event line beyond the limit")

// next returns the next event, nil for a comment-only block, or an error
// (io.EOF when the server ended the stream).
func (s *sseReader) next() (*Event, error) {
	var e Event
	var data strings.Builder
	var seen, hasData bool
	for {
		line, err := s.line()
		if err != nil {
			if err == io.EOF && seen {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if line == "" {
			if !seen {
				return nil, nil
			}
			if e.Kind == "" {
				e.Kind = "message"
			}
			if hasData {
				if !json.Valid([]byte(data.String())) {
					return nil, errors.New("the organization server sent an event whose data is not JSON")
				}
				e.Data = json.RawMessage(data.String())
			}
			return &e, nil
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			if _, err := strconv.ParseUint(value, 10, 63); err != nil {
				return nil, errors.New("the organization server sent an event id that is not a number")
			}
			e.ID, seen = value, true
		case "event":
			e.Kind, seen = value, true
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			data.WriteString(value)
			hasData, seen = true, true
			if data.Len() > maxEventBytes {
				return nil, errors.New("the organization server sent an event beyond the limit")
			}
		case "retry":
		}
	}
}

// line reads one line without its end, refusing one beyond maxLineBytes.
func (s *sseReader) line() (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := s.r.ReadLine()
		if err != nil {
			return "", err
		}
		b = append(b, chunk...)
		if len(b) > maxLineBytes {
			return "", errLongLine
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}
