package events

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/api"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
)

const marker Kind = "test.marker"

func TestEventsReachTheirAccountAndTheirUser(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme, globex := newOrg(t, d, "acme", toks), newOrg(t, d, "globex", toks)
	r := startReplica(t, d, toks, Options{})
	streams := map[string]*client{}
	for _, tok := range []string{"acme-member", "acme-other", "acme-manager", "acme-admin", "globex-member"} {
		streams[tok], _ = connect(t, r.srv.URL, tok, -1)
	}

	publish(t, d, Event{Kind: ApprovalsChanged, AccountID: acme.account, Data: data(map[string]any{"app_id": "notes", "scope": "account"})})
	publish(t, d, Event{Kind: RequestDecided, AccountID: acme.account, UserID: acme.member.UserID, Data: data(map[string]any{"id": 7, "status": "approved"})})
	publish(t, d, Event{Kind: CatalogChanged, AccountID: globex.account})
	publish(t, d, Event{Kind: marker, AccountID: acme.account})
	publish(t, d, Event{Kind: marker, AccountID: globex.account})

	want := map[string][]string{
		"acme-member":   {"approvals.changed", "request.decided"},
		"acme-other":    {"approvals.changed"},
		"acme-manager":  {"approvals.changed", "request.decided"},
		"acme-admin":    {"approvals.changed"}, // an admin without the manager privilege
		"globex-member": {"catalog.changed"},
	}
	for tok, c := range streams {
		if got := c.until(t, string(marker)); !slices.Equal(got, want[tok]) {
			t.Errorf("%s received %v, want %v", tok, got, want[tok])
		}
	}
}

func TestEventCarriesItsIDKindAndData(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	c, ready := connect(t, r.srv.URL, "acme-member", -1)
	publish(t, d, Event{Kind: RequestCreated, AccountID: acme.account, Data: data(map[string]any{"id": 12, "app_id": "notes", "reason": "line one\nline two"})})
	e := c.next(t)
	if e.kind != string(RequestCreated) || !e.hasID || e.id <= ready.id {
		t.Fatalf("got %+v after ready id %d, want request.created with a newer id", e, ready.id)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(e.data), &body); err != nil {
		t.Fatalf("data %q is not JSON: %v", e.data, err)
	}
	if body["app_id"] != "notes" || body["reason"] != "line one\nline two" {
		t.Errorf("data = %v", body)
	}
}

func TestRolledBackChangePublishesNothing(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	c, _ := connect(t, r.srv.URL, "acme-manager", -1)

	failed := errors.New("the change failed after publishing")
	err := d.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
		if err := (Store{}).Publish(context.Background(), tx, Event{Kind: RequestCreated, AccountID: acme.account}); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("InTxWith = %v", err)
	}
	publish(t, d, Event{Kind: marker, AccountID: acme.account})
	if got := c.until(t, string(marker)); len(got) != 0 {
		t.Errorf("received %v from a rolled-back transaction", got)
	}
	var n int
	if err := d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM events").Scan(&n); err != nil || n != 1 {
		t.Errorf("events table has %d rows (err %v), want only the marker", n, err)
	}
}

func TestPublishRefusesWhatAStreamCannotCarry(t *testing.T) {
	d := pgtest.Migrated(t)
	acme := newOrg(t, d, "acme", tokens{})
	for _, e := range []Event{
		{Kind: "request.created\nevent: forged", AccountID: acme.account},
		{Kind: "", AccountID: acme.account},
		{Kind: RequestCreated},
		{Kind: RequestCreated, AccountID: acme.account, Data: json.RawMessage(`{"unterminated`)},
		{Kind: CatalogChanged, AccountID: acme.account, Data: data(strings.Repeat("x", MaxData))},
	} {
		err := d.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
			return Store{}.Publish(context.Background(), tx, e)
		})
		if err == nil || !strings.Contains(err.Error(), "event") {
			t.Errorf("Publish(%+v) = %v, want a refusal", e, err)
		}
	}
}

func TestResumeReplaysExactlyWhatWasMissed(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	c, _ := connect(t, r.srv.URL, "acme-member", -1)
	for i := 0; i < 3; i++ {
		publish(t, d, Event{Kind: ApprovalsChanged, AccountID: acme.account, Data: data(map[string]int{"n": i})})
	}
	var seen int64
	for i := 0; i < 3; i++ {
		seen = c.next(t).id
	}
	c.resp.Body.Close()

	publish(t, d, Event{Kind: RequestDecided, AccountID: acme.account, UserID: acme.member.UserID})
	publish(t, d, Event{Kind: RequestDecided, AccountID: acme.account, UserID: acme.other.UserID}) // not theirs
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})

	c2 := dialOK(t, r.srv.URL+Path, "acme-member", seen)
	if got, want := kinds(t, c2, 3), []string{"request.decided", "catalog.changed", "ready"}; !slices.Equal(got, want) {
		t.Fatalf("resume with Last-Event-ID replayed %v, want %v", got, want)
	}
	publish(t, d, Event{Kind: marker, AccountID: acme.account})
	if e := c2.next(t); e.kind != string(marker) {
		t.Fatalf("after ready got %s, want the live marker (no duplicate)", e.kind)
	}
	// The query form, for a first connection that knows its position.
	c3 := dialOK(t, r.srv.URL+Path+"?last_event_id="+strconv.FormatInt(seen, 10), "acme-member", -1)
	if got, want := kinds(t, c3, 4), []string{"request.decided", "catalog.changed", "test.marker", "ready"}; !slices.Equal(got, want) {
		t.Fatalf("resume with ?last_event_id= replayed %v, want %v", got, want)
	}
}

func TestResumeUnderLoadLosesAndRepeatsNothing(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	_, ready := connect(t, r.srv.URL, "acme-member", -1)

	const total = 300
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < total; i++ {
			publish(t, d, Event{Kind: ApprovalsChanged, AccountID: acme.account, Data: data(map[string]int{"n": i})})
		}
	}()
	// A desktop that reconnects every few events while events keep coming.
	var got []int
	last := ready.id
	for len(got) < total {
		c := dialOK(t, r.srv.URL+Path, "acme-member", last)
		for n := 0; n < 7 && len(got) < total; {
			e := c.next(t)
			if e.kind == string(Ready) {
				last = e.id
				continue
			}
			var body map[string]int
			_ = json.Unmarshal([]byte(e.data), &body)
			got = append(got, body["n"])
			last = e.id
			n++
		}
		c.resp.Body.Close()
	}
	<-done
	for i, n := range got {
		if n != i {
			t.Fatalf("event %d carries n=%d: lost or repeated events (got %v)", i, n, got)
		}
	}
}

func TestOldOrUnknownLastEventIDGetsReset(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})
	purged, err := r.hub.Purge(context.Background(), time.Now().Add(time.Hour))
	if err != nil || purged == 0 {
		t.Fatalf("Purge = %d, %v", purged, err)
	}
	publish(t, d, Event{Kind: RoleChanged, AccountID: acme.account, UserID: acme.other.UserID, Data: data(map[string]string{"role": "admin"})})

	for _, since := range []int64{purged - 1, 1 << 40} {
		c := dialOK(t, r.srv.URL+Path, "acme-manager", since)
		if e := c.next(t); e.kind != string(Reset) || !strings.Contains(e.data, "refetch") {
			t.Errorf("Last-Event-ID %d: first event %+v, want reset", since, e)
		}
		if e := c.next(t); e.kind != string(Ready) {
			t.Errorf("Last-Event-ID %d: then %+v, want ready", since, e)
		}
	}
	c := dialOK(t, r.srv.URL+Path, "acme-manager", purged)
	if e := c.next(t); e.kind != string(RoleChanged) {
		t.Errorf("resuming at the purge horizon: first event %+v, want the kept role.changed", e)
	}
}

func TestStreamRefusesBadRequests(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	for _, tc := range []struct {
		token, lastID string
		status        int
		code          string
	}{
		{"", "", http.StatusUnauthorized, "unauthenticated"},
		{"forged", "", http.StatusUnauthorized, "unauthenticated"},
		{"acme-member", "yesterday", http.StatusBadRequest, "invalid_input"},
		{"acme-member", "-5", http.StatusBadRequest, "invalid_input"},
	} {
		req, _ := http.NewRequest(http.MethodGet, r.srv.URL+Path, nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		if tc.lastID != "" {
			req.Header.Set("Last-Event-ID", tc.lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body api.ErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || string(body.Error.Code) != tc.code {
			t.Errorf("token %q Last-Event-ID %q: %d %s, want %d %s", tc.token, tc.lastID, resp.StatusCode, body.Error.Code, tc.status, tc.code)
		}
	}
}

func TestHeartbeatKeepsAnIdleStreamTalking(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{Heartbeat: 30 * time.Millisecond})
	c, _ := connect(t, r.srv.URL, "acme-member", -1)
	select {
	case line := <-c.comments:
		if line != ": keep-alive" {
			t.Errorf("comment %q", line)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no heartbeat on an idle stream")
	}
	if ct := c.resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	if c.resp.Header.Get("X-Request-Id") == "" || c.resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the detached stream lost the headers: %v", c.resp.Header)
	}
}

// HTTP/2 streams cannot be detached from net/http: they stay on the
// ResponseWriter, with the same events, heartbeats and end.
func TestStreamOverHTTP2(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{Heartbeat: 30 * time.Millisecond})
	h2 := httptest.NewUnstartedServer(r.srv.Config.Handler)
	h2.EnableHTTP2 = true
	h2.StartTLS()
	defer h2.Close()

	c, err := dialWith(h2.Client(), h2.URL+Path, "acme-member", -1)
	if err != nil {
		t.Fatal(err)
	}
	if c.resp.ProtoMajor != 2 {
		t.Fatalf("the stream is %s, want HTTP/2", c.resp.Proto)
	}
	if e := c.next(t); e.kind != string(Ready) {
		t.Fatalf("first event %+v, want ready", e)
	}
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})
	if e := c.next(t); e.kind != string(CatalogChanged) {
		t.Errorf("got %+v, want catalog.changed", e)
	}
	select {
	case <-c.comments:
	case <-time.After(5 * time.Second):
		t.Error("no heartbeat over HTTP/2")
	}
	c.resp.Body.Close()
	waitFor(t, "the hub to let go of the HTTP/2 stream", func() bool { return r.hub.Streams() == 0 })
}

func TestHeadAnswersWithoutStreaming(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	req, _ := http.NewRequest(http.MethodHead, r.srv.URL+Path, nil)
	req.Header.Set("Authorization", "Bearer acme-member")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" || r.hub.Streams() != 0 {
		t.Errorf("HEAD = %s %q with %d streams", resp.Status, resp.Header.Get("Content-Type"), r.hub.Streams())
	}
}

func TestRoleChangeEndsThatPersonsStream(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	member, _ := connect(t, r.srv.URL, "acme-member", -1)
	manager, _ := connect(t, r.srv.URL, "acme-manager", -1)
	publish(t, d, Event{Kind: RoleChanged, AccountID: acme.account, UserID: acme.member.UserID, Data: data(map[string]string{"role": "admin"})})
	publish(t, d, Event{Kind: marker, AccountID: acme.account})
	if got := []string{member.next(t).kind, member.next(t).kind}; !slices.Equal(got, []string{"role.changed", "closing"}) {
		t.Errorf("member got %v, want role.changed then closing", got)
	}
	select {
	case <-member.ended:
	case <-time.After(5 * time.Second):
		t.Error("the member's stream stayed open after their role changed")
	}
	if got := manager.until(t, string(marker)); !slices.Equal(got, []string{"role.changed"}) {
		t.Errorf("manager got %v", got)
	}
}

func TestShutdownClosesStreamsWithAReason(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	c, _ := connect(t, r.srv.URL, "acme-member", -1)
	r.cancel()
	e := c.next(t)
	if e.kind != string(Closing) || e.hasID || !strings.Contains(e.data, "shutting down") {
		t.Errorf("got %+v, want a closing event without an id", e)
	}
	r.hub.Wait()
	if _, err := dial(r.srv.URL+Path, "acme-member", -1); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("a stream after shutdown: %v, want 503", err)
	}
}

// A transaction that publishes first but commits last must not be skipped
// by a hub that already read a newer id (Publish's advisory lock).
func TestSlowTransactionIsNotSkipped(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	c, _ := connect(t, r.srv.URL, "acme-member", -1)

	published := make(chan struct{})
	slowDone := make(chan error, 1)
	go func() {
		slowDone <- d.InTxWith(context.Background(), func(tx pgx.Tx, _ *store.Queries) error {
			if err := (Store{}).Publish(context.Background(), tx, Event{Kind: RequestCreated, AccountID: acme.account}); err != nil {
				return err
			}
			close(published)
			time.Sleep(300 * time.Millisecond) // more work in the same transaction
			return nil
		})
	}()
	<-published
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account}) // starts later, would commit first
	if err := <-slowDone; err != nil {
		t.Fatal(err)
	}
	publish(t, d, Event{Kind: marker, AccountID: acme.account})
	if got := c.until(t, string(marker)); !slices.Equal(got, []string{"request.created", "catalog.changed"}) {
		t.Errorf("received %v, want both events in commit order", got)
	}
}

// A stream ends after its lifetime, so a person removed from the account
// or whose token expired stops hearing its events; the desktop resumes with
// a fresh token and loses nothing.
func TestStreamEndsAfterItsLifetime(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{Heartbeat: 20 * time.Millisecond, MaxLifetime: 300 * time.Millisecond})
	started := time.Now()
	c, _ := connect(t, r.srv.URL, "acme-member", -1)
	publish(t, d, Event{Kind: CatalogChanged, AccountID: acme.account})
	seen := c.next(t)
	var e sse
	for e = c.next(t); e.kind != string(Closing); e = c.next(t) {
	}
	if !strings.Contains(e.data, "lifetime") {
		t.Errorf("closing %q, want the lifetime as reason", e.data)
	}
	if age := time.Since(started); age < 300*time.Millisecond || age > 5*time.Second {
		t.Errorf("the stream ended after %s, want its lifetime of 300ms (+10%%)", age)
	}
	publish(t, d, Event{Kind: AccountChanged, AccountID: acme.account})
	c2 := dialOK(t, r.srv.URL+Path, "acme-member", seen.id)
	if e := c2.next(t); e.kind != string(AccountChanged) {
		t.Errorf("the resumed stream began with %+v, want the event published in between", e)
	}
}

// A fresh stream starts at the newest committed event, even when this hub
// has not read it yet: an event committed before the stream opened (here
// written without its NOTIFY, as if the notification were still on its way)
// is not delivered — a role change of the sign-in just before would
// otherwise end the new stream at once.
func TestFreshStreamSkipsWhatCommittedBeforeIt(t *testing.T) {
	d := pgtest.Migrated(t)
	toks := tokens{}
	acme := newOrg(t, d, "acme", toks)
	r := startReplica(t, d, toks, Options{})
	if _, err := d.Pool.Exec(context.Background(),
		"INSERT INTO events (account_id, user_id, kind, data) VALUES ($1, $2, $3, '{}')",
		acme.account, acme.member.UserID, string(RoleChanged)); err != nil {
		t.Fatal(err)
	}
	c, ready := connect(t, r.srv.URL, "acme-member", -1)
	publish(t, d, Event{Kind: marker, AccountID: acme.account})
	if got := c.until(t, string(marker)); len(got) != 0 {
		t.Fatalf("a fresh stream (ready at %d) got %v from before it opened", ready.id, got)
	}
}
