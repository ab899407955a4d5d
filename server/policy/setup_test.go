package policy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
	"marketdesk/server/policy"
)

// recorder is a Publisher that writes each event into a table in the
// change's transaction: an event exists exactly when its change committed.
type recorder struct {
	mu   sync.Mutex
	fail error // Publish returns it (after writing nothing)
}

func (r *recorder) Publish(ctx context.Context, tx pgx.Tx, e events.Event) error {
	r.mu.Lock()
	fail := r.fail
	r.mu.Unlock()
	if fail != nil {
		return fail
	}
	_, err := tx.Exec(ctx, "INSERT INTO test_events (kind, account_id, user_id, data) VALUES ($1, $2, $3, $4)",
		string(e.Kind), e.AccountID, e.UserID, []byte(e.Data))
	return err
}

func (r *recorder) failWith(err error) {
	r.mu.Lock()
	r.fail = err
	r.mu.Unlock()
}

// tokens is the Verifier at the seam: a token names an identity; anything
// else (expired, for another audience, forged) is Unauthenticated, as the
// real issuer answers.
type tokens map[string]identity.Identity

func (t tokens) Verify(_ context.Context, token string) (identity.Identity, error) {
	switch token {
	case "expired":
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token expired: refresh it")
	case "other-audience":
		return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token was issued for another audience")
	}
	if id, ok := t[token]; ok {
		return id, nil
	}
	return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token is not valid")
}

// clock is the policy's clock; tests move it to make pre-approvals lapse.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is two accounts: A with an owner, an admin without the
// privilege, a manager (admin with it) and two members; B with an owner
// and a member. Tokens are named after the person.
type fixture struct {
	t      *testing.T
	db     *db.DB
	pub    *recorder
	clock  *clock
	tokens tokens
	users  map[string]store.User
	a, b   store.Account
	srv    *httptest.Server
	routes []api.Route
}

func setup(t *testing.T, o policy.Options) *fixture {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	d := pgtest.Migrated(t)
	if _, err := d.Pool.Exec(ctx, `CREATE TABLE test_events (id BIGINT GENERATED ALWAYS AS IDENTITY, kind TEXT, account_id BIGINT, user_id BIGINT, data JSONB)`); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: d, pub: &recorder{}, clock: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}, tokens: tokens{}, users: map[string]store.User{}}
	var err error
	if f.a, err = d.Queries.CreateAccount(ctx, "Acme"); err != nil {
		t.Fatal(err)
	}
	if f.b, err = d.Queries.CreateAccount(ctx, "Bolt"); err != nil {
		t.Fatal(err)
	}
	f.addUser("owner", f.a.ID, "owner", true)
	f.addUser("admin", f.a.ID, "admin", false)
	f.addUser("manager", f.a.ID, "admin", true)
	f.addUser("member", f.a.ID, "member", false)
	f.addUser("member2", f.a.ID, "member", false)
	f.addUser("b-owner", f.b.ID, "owner", true)
	f.addUser("b-member", f.b.ID, "member", false)
	o.Now = f.clock.Now
	f.routes = policy.Routes(d, f.pub, o)
	f.srv = f.serve(f.routes)
	return f
}

// serve runs the API with routes on loopback, as one replica.
func (f *fixture) serve(routes []api.Route) *httptest.Server {
	h := api.New(api.Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), DB: f.db, Verifier: f.tokens, Routes: routes})
	srv := httptest.NewServer(httpserver.WithRequestID(h)) // 127.0.0.1
	f.t.Cleanup(srv.Close)
	return srv
}

func (f *fixture) addUser(name string, accountID int64, role string, manager bool) store.User {
	f.t.Helper()
	u, err := f.db.Queries.CreateUser(context.Background(), store.CreateUserParams{AccountID: accountID, Issuer: "https://idp.test",
		Subject: name, Email: name + "@example.test", Name: name, Role: role, MarketplaceManager: manager})
	if err != nil {
		f.t.Fatal(err)
	}
	f.users[name] = u
	f.tokens[name] = identity.Identity{UserID: u.ID, AccountID: accountID, Issuer: u.Issuer, Subject: u.Subject,
		Email: u.Email, Name: u.Name, Role: identity.Role(role), Manager: manager}
	return u
}

func (f *fixture) id(name string) int64 { return f.users[name].ID }

// response is an answer: status, headers and the body as JSON.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (r response) code() string {
	e, _ := r.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (f *fixture) call(token, method, path string, body any) response {
	f.t.Helper()
	return f.callOn(f.srv, token, method, path, body)
}

func (f *fixture) callOn(srv *httptest.Server, token, method, path string, body any) response {
	f.t.Helper()
	r, err := try(srv, token, method, path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// try makes one call; it does not touch t, so goroutines may use it.
func try(srv *httptest.Server, token, method, path string, body any) (response, error) {
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		in = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, srv.URL+path, in)
	if err != nil {
		return response{}, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	out := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 && resp.Header.Get("Content-Type") == "application/json" {
		_ = json.Unmarshal(raw, &out.body) // arrays (the JSON export) stay in raw
	}
	return out, nil
}

// must calls and fails the test unless the status is want.
func (f *fixture) must(want int, token, method, path string, body any) response {
	f.t.Helper()
	r := f.call(token, method, path, body)
	if r.status != want {
		f.t.Fatalf("%s %s as %s = %d %s, want %d", method, path, token, r.status, r.raw, want)
	}
	return r
}

// counts are the audit entries and events of the database.
func (f *fixture) counts() (audit, events int) {
	f.t.Helper()
	err := f.db.Pool.QueryRow(context.Background(), "SELECT (SELECT count(*) FROM audit_log), (SELECT count(*) FROM test_events)").Scan(&audit, &events)
	if err != nil {
		f.t.Fatal(err)
	}
	return audit, events
}

// lastEvent is the newest event's kind and user.
func (f *fixture) lastEvent() (kind string, accountID, userID int64) {
	f.t.Helper()
	err := f.db.Pool.QueryRow(context.Background(), "SELECT kind, account_id, user_id FROM test_events ORDER BY id DESC LIMIT 1").Scan(&kind, &accountID, &userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, 0
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return kind, accountID, userID
}

func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Pool.Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatal(err)
	}
}

func num(v any) int64 { n, _ := v.(float64); return int64(n) }
