package scale

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"marketdesk/server/auth"
	"marketdesk/server/auth/authtest"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
)

// desktop is one simulated desktop: a person's access token, the ETags of
// what it last fetched, and its event stream (a raw connection with a small
// buffer: 10,000 net/http clients would cost the benchmark more memory
// than the servers it measures).
type desktop struct {
	index     int // in the benchmark's slice, for arrivals
	userID    int64
	token     string
	replica   *replica
	feedTag   string
	policyTag string
	conn      net.Conn
}

// people adds n members and one owner (the manager who decides) to a new
// account and mints each an access token, with a few workers in parallel.
func people(ctx context.Context, d *db.DB, n int) (owner desktop, members []desktop, err error) {
	acct, err := d.Queries.CreateAccount(ctx, "Scale benchmark")
	if err != nil {
		return owner, nil, err
	}
	add := func(i int, role string) (desktop, error) {
		u, err := d.Queries.CreateUser(ctx, store.CreateUserParams{AccountID: acct.ID, Issuer: authtest.Issuer,
			Subject: fmt.Sprintf("desk-%d", i), Email: fmt.Sprintf("desk-%d@example.org", i), Name: fmt.Sprintf("Desk %d", i),
			Role: role, MarketplaceManager: role == "owner"})
		if err != nil {
			return desktop{}, err
		}
		t, err := auth.Mint(ctx, d, auth.Grant{UserID: u.ID, ClientID: authtest.ClientID, Audience: authtest.Audience,
			Now: time.Now(), AccessTTL: time.Hour, RefreshTTL: 2 * time.Hour})
		return desktop{userID: u.ID, token: t.AccessToken}, err
	}
	if owner, err = add(-1, "owner"); err != nil {
		return owner, nil, err
	}
	members = make([]desktop, n)
	err = parallel(n, 8, func(i int) error {
		var err error
		members[i], err = add(i, "member")
		members[i].index = i
		return err
	})
	return owner, members, err
}

// parallel runs f(0..n-1) on workers goroutines; the first error wins.
func parallel(n, workers int, f func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// arrivals records, per decision, when each desktop heard its
// approvals.changed event (unix nanoseconds; 0: not yet), and how many have.
type arrivals struct {
	count []atomic.Int64
	at    [][]atomic.Int64 // [decision][desktop]
}

func newArrivals(decisions, desktops int) *arrivals {
	a := &arrivals{count: make([]atomic.Int64, decisions), at: make([][]atomic.Int64, decisions)}
	for k := range a.at {
		a.at[k] = make([]atomic.Int64, desktops)
	}
	return a
}

func (a *arrivals) hear(k, desk int, at int64) {
	if k < 0 || k >= len(a.count) || desk >= len(a.at[k]) {
		return
	}
	if a.at[k][desk].CompareAndSwap(0, at) {
		a.count[k].Add(1)
	}
}

// spread is when the first, the median and the last desktop heard decision
// k, from start.
func (a *arrivals) spread(k int, start time.Time) (first, median, last time.Duration) {
	ds := make([]time.Duration, len(a.at[k]))
	for i := range a.at[k] {
		ds[i] = time.Duration(a.at[k][i].Load() - start.UnixNano())
	}
	return pct(ds, 0), pct(ds, .5), pct(ds, 1)
}

// decisionMarker starts the listing ids of the benchmark's decisions; the
// number after it is the decision's index.
const decisionMarker = "scale-decision-"

var (
	eventApprovals = []byte("event: approvals.changed")
	eventReady     = []byte("event: ready")
	eventPrefix    = []byte("event: ")
	dataPrefix     = []byte("data: ")
	marker         = []byte(decisionMarker)
)

// openStream connects the desktop's event stream and returns once the
// server answered 200; listen then reads it until the connection ends.
func (dk *desktop) openStream() (*bufio.Reader, error) {
	addr := dk.replica.base[len("http://"):]
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := fmt.Fprintf(c, "GET /api/v1/events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n", addr, dk.token); err != nil {
		c.Close()
		return nil, err
	}
	r := bufio.NewReaderSize(c, 512)
	status, err := r.ReadSlice('\n')
	if err != nil || !bytes.Contains(status, []byte(" 200 ")) {
		c.Close()
		return nil, fmt.Errorf("event stream on %s: %q %v", dk.replica.name, status, err)
	}
	dk.conn = c
	return r, nil
}

// listen reads the stream: it reports the first ready event, and every
// approvals.changed event of a benchmark decision to arr. Lines longer than
// the buffer come in pieces; the marker is near the start of the data.
func (dk *desktop) listen(r *bufio.Reader, ready func(), arr *arrivals) {
	approvals, readySeen := false, false
	for {
		line, err := r.ReadSlice('\n')
		if err != nil && err != bufio.ErrBufferFull {
			return
		}
		switch {
		case bytes.HasPrefix(line, eventPrefix):
			approvals = bytes.HasPrefix(line, eventApprovals)
			if !readySeen && bytes.HasPrefix(line, eventReady) {
				readySeen = true
				_ = dk.conn.SetDeadline(time.Time{})
				ready()
			}
		case approvals && bytes.HasPrefix(line, dataPrefix):
			at := time.Now().UnixNano()
			approvals = false
			if i := bytes.Index(line, marker); i >= 0 {
				rest := line[i+len(marker):]
				j := 0
				for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
					j++
				}
				if k, err := strconv.Atoi(string(rest[:j])); err == nil {
					arr.hear(k, dk.index, at)
				}
			}
		}
	}
}

// connectAll opens every desktop's stream (64 dials at a time, so the
// listen backlog does not overflow into SYN retries) and waits until each
// has heard ready.
func connectAll(desks []desktop, arr *arrivals, timeout time.Duration) error {
	var live sync.WaitGroup
	live.Add(len(desks))
	err := parallel(len(desks), 64, func(i int) error {
		r, err := desks[i].openStream()
		if err != nil {
			return err
		}
		go desks[i].listen(r, live.Done, arr)
		return nil
	})
	if err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { live.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("not every stream heard ready within %s", timeout)
	}
}

func closeAll(desks []desktop) {
	for i := range desks {
		if desks[i].conn != nil {
			desks[i].conn.Close()
			desks[i].conn = nil
		}
	}
}

// pollStats counts the answers of a polling round.
type pollStats struct {
	requests, notModified, ok, other atomic.Int64
}

// pollRound has every desktop revalidate the catalog feed and its policy
// (GET /api/v1/approvals) with the ETags it holds, as a desktop's timer does.
func pollRound(client *http.Client, desks []desktop, workers int, st *pollStats) error {
	return parallel(len(desks), workers, func(i int) error {
		dk := &desks[i]
		var err error
		if dk.feedTag, err = poll(client, dk, "/api/v1/catalog/feed", dk.feedTag, st); err != nil {
			return err
		}
		dk.policyTag, err = poll(client, dk, "/api/v1/approvals", dk.policyTag, st)
		return err
	})
}

func poll(client *http.Client, dk *desktop, path, etag string, st *pollStats) (string, error) {
	req, err := http.NewRequest(http.MethodGet, dk.replica.base+path, nil)
	if err != nil {
		return etag, err
	}
	req.Header.Set("Authorization", "Bearer "+dk.token)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := client.Do(req)
	if err != nil {
		return etag, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	st.requests.Add(1)
	switch resp.StatusCode {
	case http.StatusNotModified:
		st.notModified.Add(1)
	case http.StatusOK:
		st.ok.Add(1)
	default:
		st.other.Add(1)
		return etag, fmt.Errorf("GET %s on %s: %s", path, dk.replica.name, resp.Status)
	}
	if t := resp.Header.Get("ETag"); t != "" {
		etag = t
	}
	return etag, nil
}
