package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/httpserver"
)

func serve(t *testing.T, r api.Readiness) *httptest.Server {
	t.Helper()
	h := api.New(api.Options{
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), DB: r, Version: "1.2.3", SchemaVersion: db.LatestVersion(),
	})
	srv := httptest.NewServer(httpserver.WithRequestID(h)) // 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, srv *httptest.Server, method, path string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if method != http.MethodHead {
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatalf("%s %s: body is not JSON: %v", method, path, err)
		}
	}
	return resp, body
}

// errorOf checks the shape {"error": {"code", "message", "request_id"}}
// and that request_id is the one in the response header.
func errorOf(t *testing.T, resp *http.Response, body map[string]any) (code, message string) {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	if !ok || len(body) != 1 {
		t.Fatalf("error body = %v, want only {\"error\": {...}}", body)
	}
	code, _ = e["code"].(string)
	message, _ = e["message"].(string)
	if code == "" || message == "" || e["request_id"] != resp.Header.Get(httpserver.RequestIDHeader) || e["request_id"] == "" {
		t.Fatalf("error = %v; want code, message and the request id %q", e, resp.Header.Get(httpserver.RequestIDHeader))
	}
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("error Content-Type = %q", resp.Header.Get("Content-Type"))
	}
	return code, message
}

func TestHealthzDoesNotNeedTheDatabase(t *testing.T) {
	t.Parallel()
	d := pgtest.Migrated(t)
	d.Close() // the database is gone: the process is still healthy
	srv := serve(t, d)
	resp, body := get(t, srv, "GET", "/healthz")
	if resp.StatusCode != http.StatusOK || body["status"] != "ok" {
		t.Fatalf("/healthz = %d %v", resp.StatusCode, body)
	}
}

func TestReadyzWithACurrentSchema(t *testing.T) {
	t.Parallel()
	srv := serve(t, pgtest.Migrated(t))
	resp, body := get(t, srv, "GET", "/readyz")
	if resp.StatusCode != http.StatusOK || body["status"] != "ready" || body["schema_version"] != float64(db.LatestVersion()) {
		t.Fatalf("/readyz = %d %v", resp.StatusCode, body)
	}
	if resp, _ := get(t, srv, "HEAD", "/readyz"); resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD /readyz = %d", resp.StatusCode)
	}
}

func TestReadyzFailsWhenSchemaIsBehind(t *testing.T) {
	t.Parallel()
	srv := serve(t, pgtest.Open(t)) // reachable, never migrated
	resp, body := get(t, srv, "GET", "/readyz")
	code, msg := errorOf(t, resp, body)
	if resp.StatusCode != http.StatusServiceUnavailable || code != "unavailable" || !strings.Contains(msg, "migrations have not run") {
		t.Fatalf("/readyz on an unmigrated database = %d %s %q", resp.StatusCode, code, msg)
	}
}

func TestReadyzFailsWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	d := pgtest.OpenURL(t, dsn)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, d)
	if resp, _ := get(t, srv, "GET", "/readyz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz before the outage = %d", resp.StatusCode)
	}
	// The database disappears under the pool: its connections are
	// terminated and new ones are refused.
	admin := pgtest.OpenURL(t, pgtest.ClusterURL(t))
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if _, err := admin.Pool.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, srv, "GET", "/readyz")
	code, msg := errorOf(t, resp, body)
	if resp.StatusCode != http.StatusServiceUnavailable || code != "unavailable" || msg != "the database is not reachable" {
		t.Fatalf("/readyz with the database gone = %d %s %q", resp.StatusCode, code, msg)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	srv := serve(t, pgtest.Migrated(t))
	resp, body := get(t, srv, "GET", "/api/v1/version")
	if resp.StatusCode != http.StatusOK || body["version"] != "1.2.3" || body["api"] != "v1" || body["schema_version"] != float64(db.LatestVersion()) {
		t.Fatalf("/api/v1/version = %d %v", resp.StatusCode, body)
	}
}

func TestErrorsAreJSON(t *testing.T) {
	t.Parallel()
	srv := serve(t, pgtest.Migrated(t))
	cases := []struct {
		method, path string
		status       int
		code         string
	}{
		{"GET", "/api/v1/nowhere", http.StatusNotFound, "not_found"},
		{"GET", "/", http.StatusNotFound, "not_found"},
		{"POST", "/healthz", http.StatusMethodNotAllowed, "method_not_allowed"},
		{"DELETE", "/api/v1/version", http.StatusMethodNotAllowed, "method_not_allowed"},
	}
	for _, c := range cases {
		resp, body := get(t, srv, c.method, c.path)
		code, _ := errorOf(t, resp, body)
		if resp.StatusCode != c.status || code != c.code {
			t.Errorf("%s %s = %d %s, want %d %s", c.method, c.path, resp.StatusCode, code, c.status, c.code)
		}
		if c.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow = %q", c.method, c.path, resp.Header.Get("Allow"))
		}
	}
}

// panicking is a Readiness whose check panics: the handler must still
// answer with an internal ErrorBody that leaks nothing of the panic.
type panicking struct{}

func (panicking) Ready(context.Context) (int, error) { panic("secret detail in a panic") }

func TestPanicIsAnInternalErrorWithoutDetails(t *testing.T) {
	t.Parallel()
	srv := serve(t, panicking{})
	resp, body := get(t, srv, "GET", "/readyz")
	code, msg := errorOf(t, resp, body)
	if resp.StatusCode != http.StatusInternalServerError || code != "internal" || strings.Contains(msg, "secret") {
		t.Fatalf("panic = %d %s %q", resp.StatusCode, code, msg)
	}
}
