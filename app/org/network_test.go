package org_test

import (
	"context"
	"net"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"marketdesk/app/org"
	"marketdesk/server/events"
)

// proxy is the network between the desktop and the server, on loopback.
// stall makes every open connection go silent without closing (what a
// laptop's sleep or a switch of Wi-Fi does to a TCP connection); new
// connections work.
type proxy struct {
	ln      net.Listener
	backend string
	mu      sync.Mutex
	conns   []*atomic.Bool
	opened  atomic.Int32
}

func newProxy(t *testing.T, backend string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &proxy{ln: ln, backend: backend}
	go p.serve()
	return p
}

func (p *proxy) url() string { return "http://" + p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		b, err := net.Dial("tcp", p.backend)
		if err != nil {
			c.Close()
			continue
		}
		stalled := &atomic.Bool{}
		p.mu.Lock()
		p.conns = append(p.conns, stalled)
		p.mu.Unlock()
		p.opened.Add(1)
		go pipe(c, b, stalled)
		go pipe(b, c, stalled)
	}
}

// pipe copies until either side ends; once stalled it drops what it reads.
func pipe(dst, src net.Conn, stalled *atomic.Bool) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !stalled.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil { // EOF or a closed side: the other direction ends with it
			return
		}
	}
}

func (p *proxy) stall() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Store(true)
	}
}

// The connection goes silent under the desktop (sleep, network change):
// the stream notices the silence, reconnects on a new connection, and the
// events published meanwhile arrive, once.
func TestEventsSurviveASilentlyDeadConnection(t *testing.T) {
	t.Cleanup(org.SetIdleTimeout(time.Second)) // restored after the listener stops (cleanups run last-in first-out)
	server := httptest.NewUnstartedServer(nil)
	t.Cleanup(server.Close)
	p := newProxy(t, server.Listener.Addr().String())
	o := startOrgAt(t, server, p.url())
	d := newDesktop(t, &browser{t: t, user: "max", password: "max-pw"})
	if _, err := d.svc.Connect(context.Background(), p.url(), org.ConnectOptions{}); err != nil {
		t.Fatal(err)
	}
	l := listen(t, d.svc)
	l.waitLive(t)
	o.publish(t, events.RequestDecided, map[string]int{"n": 1})
	if e := l.next(t); seq(t, e) != 1 {
		t.Fatalf("first event: %+v %s", e, e.Data)
	}
	before := p.opened.Load()
	p.stall()
	o.publish(t, events.RequestDecided, map[string]int{"n": 2}) // lost on the dead connection
	o.publish(t, events.RequestDecided, map[string]int{"n": 3})
	for want := 2; want <= 3; want++ {
		if got := seq(t, l.next(t)); got != want {
			t.Fatalf("after the network died: event %d arrived as %d", want, got)
		}
	}
	if p.opened.Load() == before {
		t.Error("no new connection was made")
	}
	select {
	case e := <-l.events:
		t.Fatalf("a duplicate: %+v", e)
	case <-time.After(300 * time.Millisecond):
	}
}
