package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"marketdesk/server/api"
	"marketdesk/server/auth"
	"marketdesk/server/auth/authtest"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
	"marketdesk/server/notices"
)

// wholeServer is the server's real route table on a migrated database,
// with the real token Verifier (no fakes at the seam).
func wholeServer(t *testing.T) (*db.DB, []api.Route, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	d := pgtest.Migrated(t)
	if err := notices.Migrate(ctx, d.Pool, log); err != nil {
		t.Fatal(err)
	}
	deliveries, err := notices.New(d, notices.Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	routes := apiRoutes(d, log, events.Store{}, auth.New(auth.Options{Logger: log, DB: d}), deliveries, events.NewHub(d.Pool, events.Options{Logger: log}))
	h := api.New(api.Options{Logger: log, DB: d, Verifier: authtest.Verifier(d), Routes: routes})
	srv := httptest.NewServer(httpserver.WithRequestID(h)) // 127.0.0.1
	t.Cleanup(srv.Close)
	return d, routes, srv
}

// concrete fills a route's path parameters with plausible values.
func concrete(path string) string {
	return strings.NewReplacer("{id}", "999999", "{app_id}", "acme-notes", "{webhook_id}", "msg_missing").Replace(path)
}

func auditCount(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func send(t *testing.T, srv *httptest.Server, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// Every route of the server, with real tokens: none, expired or for
// another server is 401; a caller below the route's access is 403; and a
// refused call changes nothing (no audit entry appears).
func TestEveryRouteRefusesWhoTheRulesRefuse(t *testing.T) {
	d, routes, srv := wholeServer(t)
	owner := authtest.Person(t, d, identity.Owner, true)
	manager := authtest.Person(t, d, identity.Admin, true)
	admin := authtest.Person(t, d, identity.Admin, false)
	member := authtest.Person(t, d, identity.Member, false)
	tokens := map[string]string{
		"no token":       "",
		"expired":        authtest.ExpiredToken(t, d, member),
		"other audience": authtest.OtherAudienceToken(t, d, owner),
		"forged":         "mda_forged",
		"member":         authtest.Token(t, d, member),
		"admin":          authtest.Token(t, d, admin),
		"manager":        authtest.Token(t, d, manager),
	}
	below := map[api.Access][]string{
		api.SignedIn:    nil,
		api.Administers: {"member"},
		api.Manages:     {"member", "admin"},
		api.OwnerOnly:   {"member", "admin", "manager"},
	}
	before := auditCount(t, d)
	checked := 0
	for _, rt := range routes {
		if rt.Access == api.Public {
			continue
		}
		path := concrete(rt.Path)
		for _, who := range []string{"no token", "expired", "other audience", "forged"} {
			if code, body := send(t, srv, rt.Method, path, tokens[who], map[string]any{}); code != http.StatusUnauthorized {
				t.Errorf("%s %s with %s = %d %s, want 401", rt.Method, rt.Path, who, code, body)
			}
		}
		for _, who := range below[rt.Access] {
			if code, body := send(t, srv, rt.Method, path, tokens[who], map[string]any{}); code != http.StatusForbidden {
				t.Errorf("%s %s as %s = %d %s, want 403", rt.Method, rt.Path, who, code, body)
			}
		}
		checked++
	}
	if checked < 30 {
		t.Fatalf("only %d signed-in routes checked: is the route table complete?", checked)
	}
	if after := auditCount(t, d); after != before {
		t.Fatalf("refused calls wrote %d audit entries", after-before)
	}
}

// A notice signing secret goes in and never comes out: no GET route of the
// server answers it, to a manager or anyone else.
func TestNoRouteReadsANoticeSecret(t *testing.T) {
	d, routes, srv := wholeServer(t)
	owner := authtest.Person(t, d, identity.Owner, true)
	member := authtest.Person(t, d, identity.Member, false)
	secret := "whsec_c2VjcmV0LW9mLXRoZS1kZXZlbG9wZXItMTIzNDU2Nzg5MA=="
	if code, body := send(t, srv, "PUT", "/api/v1/notice-secrets/acme-notes", authtest.Token(t, d, owner), map[string]any{"secret": secret}); code >= 300 {
		t.Fatalf("set the secret: %d %s", code, body)
	}
	raw := strings.TrimPrefix(secret, "whsec_")
	gets := 0
	for _, rt := range routes {
		if rt.Method != http.MethodGet {
			continue
		}
		for _, token := range []string{authtest.Token(t, d, owner), authtest.Token(t, d, member)} {
			for _, path := range []string{concrete(rt.Path), strings.ReplaceAll(concrete(rt.Path), "999999", "1")} {
				code, body := send(t, srv, rt.Method, path, token, nil)
				if bytes.Contains(body, []byte(raw)) {
					t.Fatalf("GET %s (%d) answers the notice secret", path, code)
				}
				gets++
			}
		}
	}
	if code, body := send(t, srv, "GET", "/api/v1/audit/export?format=json", authtest.Token(t, d, owner), nil); code != 200 || bytes.Contains(body, []byte(raw)) {
		t.Fatalf("audit export: %d, holds the secret: %v", code, bytes.Contains(body, []byte(raw)))
	}
	if gets < 20 {
		t.Fatalf("only %d GETs made", gets)
	}
}
