package org_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"marketdesk/app/org"
	"marketdesk/app/settings"
	"marketdesk/server/events"
)

// listener runs Listen and collects what it delivers.
type listener struct {
	events chan org.Event
	live   chan bool
	done   chan error
	cancel context.CancelFunc
}

func listen(t *testing.T, svc *org.Service) *listener {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := &listener{events: make(chan org.Event, 100), live: make(chan bool, 100), done: make(chan error, 1), cancel: cancel}
	go func() {
		l.done <- svc.Listen(ctx, org.Handlers{
			Event: func(e org.Event) {
				// The sign-in's own role.changed may reach a first stream
				// live: the server starts it at its hub's position, which may
				// not have read that event yet. The tests publish other kinds.
				if e.Kind != string(events.RoleChanged) {
					l.events <- e
				}
			},
			Live: func(live bool, err error) { l.live <- live },
		})
	}()
	t.Cleanup(func() { cancel(); <-l.done })
	return l
}

func (l *listener) waitLive(t *testing.T) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case live := <-l.live:
			if live {
				return
			}
		case <-deadline:
			t.Fatal("the stream never became live")
		}
	}
}

func (l *listener) next(t *testing.T) org.Event {
	t.Helper()
	select {
	case e := <-l.events:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event arrived")
		return org.Event{}
	}
}

func seq(t *testing.T, e org.Event) int {
	t.Helper()
	var d struct{ N int }
	if err := json.Unmarshal(e.Data, &d); err != nil {
		t.Fatalf("event %+v: %v", e, err)
	}
	return d.N
}

// Events published on the server arrive; the server closes the stream
// every 0.7 s (its lifetime), its access token expires meanwhile (the
// reconnection is refused with 401 and the client renews), and every
// event arrives once, in order. After a restart the desktop resumes from
// the position kept in its settings and gets what it missed.
func TestEventsArriveAndResumeWithoutLoss(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	_, refresh1 := d.stored(t)
	l := listen(t, d.svc)
	l.waitLive(t)
	o.publish(t, events.RequestDecided, map[string]int{"n": 1})
	if e := l.next(t); e.Kind != "request.decided" || seq(t, e) != 1 || e.ID == "" {
		t.Fatalf("first event: %+v", e)
	}
	o.clock.Advance(11 * time.Minute) // the next connection's token is dead at the server
	const n = 30
	for i := 2; i <= n; i++ { // spread over several stream lifetimes
		o.publish(t, events.ApprovalsChanged, map[string]int{"n": i})
		time.Sleep(60 * time.Millisecond)
	}
	for i := 2; i <= n; i++ {
		if got := seq(t, l.next(t)); got != i {
			t.Fatalf("event %d arrived as %d (lost, repeated or out of order)", i, got)
		}
	}
	if _, refresh := d.stored(t); refresh == refresh1 {
		t.Error("the stream's 401 did not renew the sign-in")
	}
	l.cancel()
	<-l.done
	l.done <- nil // for the cleanup

	o.publish(t, events.CatalogChanged, map[string]int{"n": n + 1}) // while the desktop is off
	restarted := listen(t, org.New(d.cfg))
	if e := restarted.next(t); e.Kind != "catalog.changed" || seq(t, e) != n+1 {
		t.Fatalf("after a restart: %+v", e)
	}
	select {
	case e := <-restarted.events:
		t.Fatalf("an extra event after the restart: %+v", e)
	case <-time.After(300 * time.Millisecond):
	}
}

// A resume position the server cannot replay from (here: beyond anything
// it issued, as after a restored database) brings reset: refetch everything.
func TestEventsResetAsksToRefetch(t *testing.T) {
	o := startOrg(t)
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), o.url, org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := settings.New(d.cfg.DB, time.Now).Put(context.Background(), org.KeyLastEventID, "999999"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resets := make(chan struct{}, 4)
	done := make(chan error, 1)
	go func() { done <- d.svc.Listen(ctx, org.Handlers{Reset: func() { resets <- struct{}{} }}) }()
	select {
	case <-resets:
	case <-time.After(10 * time.Second):
		t.Fatal("no reset")
	}
	// The position is saved after the handler returns: wait for it.
	var id string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if id, _ = settings.New(d.cfg.DB, time.Now).Get(context.Background(), org.KeyLastEventID); id != "999999" && id != "" {
			break
		}
	}
	cancel()
	<-done
	if id == "999999" || id == "" {
		t.Errorf("the resume position after reset is %q, want the server's current one", id)
	}
}
