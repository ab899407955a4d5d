package events

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// tokens is the fake Verifier at the seam: a token is the identity it names.
type tokens map[string]identity.Identity

func (t tokens) Verify(_ context.Context, token string) (identity.Identity, error) {
	id, ok := t[token]
	if !ok {
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "unknown token")
	}
	return id, nil
}

// org is one account with a member, another member, a manager and a plain
// admin (who does not manage), each with a token.
type org struct {
	account                       int64
	member, other, manager, admin identity.Identity
}

func newOrg(t testing.TB, d *db.DB, name string, toks tokens) org {
	t.Helper()
	ctx := context.Background()
	acct, err := d.Queries.CreateAccount(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	person := func(sub string, role identity.Role, manager bool) identity.Identity {
		u, err := d.Queries.CreateUser(ctx, store.CreateUserParams{
			AccountID: acct.ID, Issuer: "https://idp.test", Subject: name + "-" + sub,
			Email: sub + "@" + name + ".test", Name: sub, Role: string(role), MarketplaceManager: manager,
		})
		if err != nil {
			t.Fatal(err)
		}
		id := identity.Identity{UserID: u.ID, AccountID: acct.ID, Subject: u.Subject, Role: role, Manager: manager}
		toks[name+"-"+sub] = id
		return id
	}
	return org{
		account: acct.ID,
		member:  person("member", identity.Member, false),
		other:   person("other", identity.Member, false),
		manager: person("manager", identity.Admin, true),
		admin:   person("admin", identity.Admin, false),
	}
}

// replica is one "marketdesk-server": a hub and the API on a loopback port.
type replica struct {
	hub    *Hub
	srv    *httptest.Server
	cancel context.CancelFunc
}

func startReplica(t testing.TB, d *db.DB, toks tokens, o Options) *replica {
	t.Helper()
	return startReplicaWith(t, d, toks, o, func(*Hub) {})
}

// startReplicaWith lets a test reach into the hub before it starts.
func startReplicaWith(t testing.TB, d *db.DB, toks tokens, o Options, before func(*Hub)) *replica {
	t.Helper()
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	hub := NewHub(d.Pool, o)
	before(hub)
	if err := hub.Start(ctx); err != nil {
		cancel()
		t.Fatal(err)
	}
	// The production chain around the API (request ids, access log), so
	// what the tests and the memory benchmark see is what a replica runs.
	handler := api.New(api.Options{Logger: o.Logger, DB: d, Verifier: toks, Routes: Routes(hub)})
	srv := httptest.NewServer(httpserver.WithRequestID(httpserver.AccessLog(o.Logger, api.ProbePaths, handler)))
	r := &replica{hub: hub, srv: srv, cancel: cancel}
	t.Cleanup(r.kill)
	return r
}

// kill ends the replica as a crash would: every stream cut without a
// closing event (the detached ones too, which httptest does not track).
func (r *replica) kill() {
	r.srv.CloseClientConnections()
	r.hub.stop("")
	r.cancel()
	r.srv.Close()
	r.hub.Wait()
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// publish commits e in its own transaction.
func publish(t *testing.T, d *db.DB, e Event) {
	t.Helper()
	err := d.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
		return Store{}.Publish(context.Background(), tx, e)
	})
	if err != nil {
		t.Fatalf("publish %s: %v", e.Kind, err)
	}
}

func data(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// sse is one event read from a stream.
type sse struct {
	id    int64
	hasID bool
	kind  string
	data  string
}

// client is a desktop's event stream: frames arrive on events until the
// stream ends (ended closes).
type client struct {
	resp     *http.Response
	events   chan sse
	comments chan string
	ended    chan struct{}
}

// connect opens the stream with token, resuming after lastID when >= 0.
// It returns once the stream is live (its "ready" event is read and
// returned too).
func connect(t *testing.T, base, token string, lastID int64) (*client, sse) {
	t.Helper()
	c := dialOK(t, base+Path, token, lastID)
	var got []sse
	for {
		e := c.next(t)
		got = append(got, e)
		if e.kind == string(Ready) {
			return c, e
		}
		if len(got) > 1000 {
			t.Fatalf("no ready event in %d events", len(got))
		}
	}
}

// dialOK opens the stream at url (the path, maybe a query) or ends the test.
func dialOK(t *testing.T, url, token string, lastID int64) *client {
	t.Helper()
	c, err := dial(url, token, lastID)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.resp.Body.Close() })
	return c
}

// kinds reads n events and returns their kinds.
func kinds(t *testing.T, c *client, n int) []string {
	t.Helper()
	var k []string
	for i := 0; i < n; i++ {
		k = append(k, c.next(t).kind)
	}
	return k
}

func dial(url, token string, lastID int64) (*client, error) {
	return dialWith(http.DefaultClient, url, token, lastID)
}

func dialWith(hc *http.Client, url, token string, lastID int64) (*client, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if lastID >= 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(lastID, 10))
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s %s", Path, resp.Status, body)
	}
	c := &client{resp: resp, events: make(chan sse, 256), comments: make(chan string, 64), ended: make(chan struct{})}
	go c.read()
	return c, nil
}

// read parses the stream as an EventSource would.
func (c *client) read() {
	defer close(c.ended)
	defer close(c.events)
	sc := bufio.NewScanner(c.resp.Body)
	var cur sse
	var lines []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.kind != "" || len(lines) > 0 {
				cur.data = strings.Join(lines, "\n")
				c.events <- cur
			}
			cur, lines = sse{}, nil
		case strings.HasPrefix(line, ":"):
			select {
			case c.comments <- line:
			default:
			}
		case strings.HasPrefix(line, "id: "):
			cur.id, _ = strconv.ParseInt(line[4:], 10, 64)
			cur.hasID = true
		case strings.HasPrefix(line, "event: "):
			cur.kind = line[7:]
		case strings.HasPrefix(line, "data: "):
			lines = append(lines, line[6:])
		}
	}
}

func (c *client) next(t *testing.T) sse {
	t.Helper()
	select {
	case e, ok := <-c.events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return sse{}
}

// expectKinds reads events until one of kind "marker" and returns the
// kinds before it.
func (c *client) until(t *testing.T, marker string) []string {
	t.Helper()
	var kinds []string
	for {
		e := c.next(t)
		if e.kind == marker {
			return kinds
		}
		kinds = append(kinds, e.kind)
	}
}

// waitFor polls cond for up to 20s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
