package catalogsrv_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/app/netguard"
	"marketdesk/server/api"
	"marketdesk/server/catalogsrv"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// tokens is the Verifier seam: a token names an identity (the real issuer
// is server/auth's; these tests are about what each identity may do).
type tokens map[string]identity.Identity

func (t tokens) Verify(_ context.Context, token string) (identity.Identity, error) {
	if id, ok := t[token]; ok {
		return id, nil
	}
	return identity.Identity{}, apperr.New(identity.Unauthenticated, "the access token is not valid")
}

// recorder is the Publisher seam. It checks, inside the transaction, that
// the change's audit entry is there and not yet visible outside it: the
// entry and the event belong to the transaction of the change.
type recorder struct {
	d      *db.DB
	mu     sync.Mutex
	events []events.Event
	errs   []string
}

func (r *recorder) Publish(ctx context.Context, tx pgx.Tx, e events.Event) error {
	var inside, outside int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE account_id = $1", e.AccountID).Scan(&inside); err != nil {
		return err
	}
	if err := r.d.Pool.QueryRow(ctx, "SELECT count(*) FROM audit_log WHERE account_id = $1", e.AccountID).Scan(&outside); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if inside != outside+1 {
		r.errs = append(r.errs, fmt.Sprintf("%s: %d audit entries in the transaction, %d outside: want the change's entry written in it", e.Kind, inside, outside))
	}
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) kinds() []events.Kind {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []events.Kind
	for _, e := range r.events {
		out = append(out, e.Kind)
	}
	return out
}

func (r *recorder) last() events.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.events[len(r.events)-1]
}

// org is one organization server (one or more replicas) with two accounts.
type org struct {
	d      *db.DB
	dsn    string
	pub    *recorder
	tokens tokens
	feeds  *feedServer
	api    *httptest.Server
	// account A: owner, manager (admin with the privilege), admin without
	// it, two members. Account B: its owner and a member.
	a, b int64
}

func newOrg(t testing.TB) *org {
	t.Helper()
	dsn := pgtest.NewDatabase(t)
	d := pgtest.OpenURL(t, dsn)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := &org{d: d, dsn: dsn, pub: &recorder{d: d}, tokens: tokens{}, feeds: newFeedServer(t)}
	o.a = o.account(t, "Acme", map[string]identity.Role{"owner": identity.Owner, "manager": identity.Admin,
		"admin": identity.Admin, "member": identity.Member, "member2": identity.Member})
	o.b = o.account(t, "Globex", map[string]identity.Role{"b-owner": identity.Owner, "b-member": identity.Member})
	o.api = o.replica(t, o.d, catalogsrv.Options{AllowLoopbackFeeds: true})
	return o
}

// account creates an account with a user per token (users[token] = role);
// "manager" gets the marketplace-manager privilege.
func (o *org) account(t testing.TB, name string, users map[string]identity.Role) int64 {
	t.Helper()
	ctx := context.Background()
	acc, err := o.d.Queries.CreateAccount(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	// These tests are about the catalog and the inventory: installs need
	// no pre-approval here (admission_test.go tests the rule).
	if _, err := o.d.Pool.Exec(ctx, "UPDATE accounts SET require_preapproval = false WHERE id = $1", acc.ID); err != nil {
		t.Fatal(err)
	}
	for token, role := range users {
		manager := role == identity.Owner || token == "manager"
		u, err := o.d.Queries.CreateUser(ctx, store.CreateUserParams{AccountID: acc.ID, Issuer: "https://idp.test",
			Subject: token, Email: token + "@example.test", Name: "User " + token, Role: string(role), MarketplaceManager: manager})
		if err != nil {
			t.Fatal(err)
		}
		o.tokens[token] = identity.Identity{UserID: u.ID, AccountID: acc.ID, Issuer: u.Issuer, Subject: u.Subject,
			Email: u.Email, Name: u.Name, Role: role, Manager: manager}
	}
	return acc.ID
}

// replica is one server process's handler on d, fetching feeds with a
// netguard client that trusts the test feed server's certificate.
func (o *org) replica(t testing.TB, d *db.DB, opts catalogsrv.Options) *httptest.Server {
	t.Helper()
	opts.Client = o.feeds.client
	h := api.New(api.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), DB: d, Verifier: o.tokens,
		Routes: catalogsrv.Routes(d, o.pub, opts)})
	srv := httptest.NewServer(httpserver.WithRequestID(h))
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t testing.TB, into any) {
	t.Helper()
	if err := json.Unmarshal(r.body, into); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// call sends one request to srv as token ("" = no token).
func call(t testing.TB, srv *httptest.Server, method, path, token string, body any, header ...string) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: raw}
}

func (o *org) auditCount(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := o.d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_log WHERE action = $1", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (o *org) checkPublished(t *testing.T) {
	t.Helper()
	o.pub.mu.Lock()
	defer o.pub.mu.Unlock()
	for _, e := range o.pub.errs {
		t.Error(e)
	}
}

// feedServer serves feeds over TLS on 127.0.0.1, with ETags, so syncs can
// be conditional.
type feedServer struct {
	srv    *httptest.Server
	client *http.Client
	mu     sync.Mutex
	feeds  map[string][]byte
	hits   map[string]int
}

func newFeedServer(t testing.TB) *feedServer {
	f := &feedServer{feeds: map[string][]byte{}, hits: map[string]int{}}
	f.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		body, ok := f.feeds[r.URL.Path]
		f.hits[r.URL.Path]++
		f.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(f.srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(f.srv.Certificate())
	f.client = netguard.New(netguard.Config{RootCAs: pool}).Client()
	return f
}

// serve publishes a feed at path and returns its URL.
func (f *feedServer) serve(path string, doc []byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.feeds[path] = doc
	return f.srv.URL + path
}

// listing returns a valid feed listing; change modifies it.
func listing(id, name string, change ...func(map[string]any)) map[string]any {
	e := map[string]any{
		"id":           id,
		"name":         name,
		"developer":    map[string]any{"name": "Northwind Labs", "website": "https://northwind.example", "verified": true},
		"summary":      name + " keeps your team in step.",
		"description":  "## " + name + "\n\nA **fine** app for meetings.",
		"icon":         "https://northwind.example/" + id + ".png",
		"categories":   []string{"Productivity"},
		"type":         "user",
		"scopes":       []map[string]any{{"name": "meeting:read", "description": "See your meetings", "sensitive": false}},
		"oauth":        map[string]any{"issuer": "https://auth.northwind.example", "client_id": "md-" + id},
		"links":        map[string]any{"privacy_policy": "https://northwind.example/privacy", "terms": "https://northwind.example/terms"},
		"stats":        map[string]any{"installs": 100, "rating": 4.2, "rating_count": 10},
		"version":      "1.0.0",
		"published_at": "2025-01-01T00:00:00Z",
		"updated_at":   "2026-10-01T00:00:00Z",
	}
	for _, c := range change {
		c(e)
	}
	return e
}

// feed renders a feed document, schema_version first.
func feed(name string, entries ...any) []byte {
	parts := make([]string, len(entries))
	for i, e := range entries {
		if raw, ok := e.(string); ok { // a hand-written entry (bytes JSON encoding would fix)
			parts[i] = raw
			continue
		}
		b, _ := json.Marshal(e)
		parts[i] = string(b)
	}
	return []byte(`{"schema_version": 1, "name": "` + name + `", "listings": [` + strings.Join(parts, ",") + `]}`)
}
