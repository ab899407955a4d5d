package notices_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/webhook"
	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/httpserver"
	"marketdesk/server/identity"
)

// tokens is a Verifier for the routes' tests: the token is the person's
// name. (Real tokens are server/auth's; here only the access rules matter.)
type tokens map[string]identity.Identity

func (ts tokens) Verify(_ context.Context, token string) (identity.Identity, error) {
	if id, ok := ts[token]; ok {
		return id, nil
	}
	return identity.Identity{}, apperr.New(identity.Unauthenticated, "unknown token")
}

func (e *env) api(t *testing.T) *httptest.Server {
	t.Helper()
	who := tokens{
		"owner":  {UserID: e.owner.ID, AccountID: e.account.ID, Name: e.owner.Name, Email: e.owner.Email, Role: identity.Owner, Manager: true},
		"member": {UserID: e.member.ID, AccountID: e.account.ID, Name: e.member.Name, Email: e.member.Email, Role: identity.Member},
	}
	h := api.New(api.Options{Logger: quiet, DB: e.db, Version: "test", SchemaVersion: db.LatestVersion(),
		Verifier: who, Routes: e.svc.Routes()})
	srv := httptest.NewServer(httpserver.WithRequestID(h)) // 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

// call does method path as token with body (JSON-encoded unless nil) and
// returns the status and the raw answer.
func call(t *testing.T, srv *httptest.Server, token, method, path string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+path, r)
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

// Only managers reach the routes; a generated secret is shown once, in the
// answer to the PUT that made it, and no GET ever contains it (or the chat
// webhook's URL); every change is in the audit log.
func TestSecretsAreNeverReadable(t *testing.T) {
	e := newEnv(t, nil)
	srv := e.api(t)
	for _, tc := range []struct{ token, method, path string }{
		{"", "GET", "/api/v1/notice-secrets"},
		{"member", "GET", "/api/v1/notice-secrets"},
		{"member", "PUT", "/api/v1/notice-secrets/acme-notes"},
		{"member", "GET", "/api/v1/account/webhook"},
		{"member", "PUT", "/api/v1/account/webhook"},
		{"member", "DELETE", "/api/v1/account/webhook"},
	} {
		status, _ := call(t, srv, tc.token, tc.method, tc.path, map[string]any{"generate": true})
		if want := map[string]int{"": 401, "member": 403}[tc.token]; status != want {
			t.Errorf("%s %s as %q = %d, want %d", tc.method, tc.path, tc.token, status, want)
		}
	}

	for _, tc := range []struct {
		path string
		body any
	}{
		{"/api/v1/notice-secrets/bad%20id", map[string]any{"generate": true}},
		{"/api/v1/notice-secrets/acme-notes", map[string]any{"generate": true, "secret": webhook.NewSecret()}},
		{"/api/v1/notice-secrets/acme-notes", map[string]any{"secret": "whsec_c2hvcnQ="}}, // 5 bytes
		{"/api/v1/notice-secrets/acme-notes", map[string]any{"secret": "0123456789abcdef0123"}},
		{"/api/v1/notice-secrets/acme-notes", nil},
	} {
		if status, body := call(t, srv, "owner", "PUT", tc.path, tc.body); status != 400 {
			t.Errorf("PUT %s %v = %d %s, want 400", tc.path, tc.body, status, body)
		}
	}

	status, body := call(t, srv, "owner", "PUT", "/api/v1/notice-secrets/acme-notes", map[string]any{"generate": true})
	var made struct {
		Secret, Action string
	}
	json.Unmarshal(body, &made)
	if status != 200 || made.Action != "notice_secret.set" {
		t.Fatalf("generate = %d %s", status, body)
	}
	if _, err := webhook.Key(made.Secret); err != nil {
		t.Fatalf("the generated secret %q is not a whsec_ secret: %v", made.Secret, err)
	}
	given := webhook.NewSecret()
	status, body = call(t, srv, "owner", "PUT", "/api/v1/notice-secrets/other-app", map[string]any{"secret": given})
	if status != 200 || strings.Contains(string(body), given) || !strings.Contains(string(body), `"notice_secret.set"`) {
		t.Fatalf("set a developer's secret = %d %s (the answer must not echo it)", status, body)
	}
	hookURL := e.server.URL + "/services/T000/B000/s3cr3tPath"
	if status, body = call(t, srv, "owner", "PUT", "/api/v1/account/webhook", map[string]any{"url": hookURL}); status != 200 {
		t.Fatalf("PUT webhook = %d %s", status, body)
	}

	for _, path := range []string{"/api/v1/notice-secrets", "/api/v1/account/webhook"} {
		status, body := call(t, srv, "owner", "GET", path, nil)
		if status != 200 {
			t.Fatalf("GET %s = %d %s", path, status, body)
		}
		for _, leak := range []string{made.Secret, strings.TrimPrefix(made.Secret, "whsec_"), given, strings.TrimPrefix(given, "whsec_"), "s3cr3tPath"} {
			if strings.Contains(string(body), leak) {
				t.Fatalf("GET %s leaks %q: %s", path, leak, body)
			}
		}
		if path == "/api/v1/notice-secrets" && (!strings.Contains(string(body), `"acme-notes"`) || !strings.Contains(string(body), `"other-app"`)) {
			t.Fatalf("GET %s = %s, want both apps listed", path, body)
		}
	}
	var actions []string
	rows, _ := e.db.Pool.Query(context.Background(), "SELECT action || ':' || target || ':' || details::text FROM audit_log ORDER BY id")
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
		if strings.Contains(a, "whsec_") || strings.Contains(a, "s3cr3tPath") {
			t.Fatalf("the audit log holds a secret: %s", a)
		}
	}
	if len(actions) != 3 || !strings.HasPrefix(actions[0], "notice_secret.set:acme-notes") || !strings.HasPrefix(actions[2], "chat_webhook.set:account") {
		t.Fatalf("audit = %q", actions)
	}
}

// A notice for an app without a secret waits (it is never sent unsigned)
// until a manager sets one; then it goes at once. A second secret starts a
// rotation: the next notice carries two signatures, one per secret.
func TestNoticeWaitsForItsSecretAndRotationSignsTwice(t *testing.T) {
	e := newEnv(t, nil) // SecretRecheck is an hour: only the PUT can wake it
	srv := e.api(t)
	e.enqueue(t, e.removal("acme-notes", 7))
	waitJobs(t, e.db, "notice.removal", "scheduled", 1)
	if attempts, _, _ := e.receiver.snapshot(); len(attempts) != 0 {
		t.Fatalf("a notice without a secret was sent %d times", len(attempts))
	}
	first := webhook.NewSecret()
	e.receiver.mu.Lock()
	e.receiver.secret = first
	e.receiver.mu.Unlock()
	if status, body := call(t, srv, "owner", "PUT", "/api/v1/notice-secrets/acme-notes", map[string]any{"secret": first}); status != 200 {
		t.Fatalf("PUT secret = %d %s", status, body)
	}
	waitJobs(t, e.db, "notice.removal", "completed", 1)

	second := webhook.NewSecret()
	status, body := call(t, srv, "owner", "PUT", "/api/v1/notice-secrets/acme-notes", map[string]any{"secret": second})
	if status != 200 || !strings.Contains(string(body), `"notice_secret.rotated"`) || !strings.Contains(string(body), `"rotating_until"`) {
		t.Fatalf("rotate = %d %s", status, body)
	}
	e.enqueue(t, e.removal("acme-notes", 8))
	waitJobs(t, e.db, "notice.removal", "completed", 2)
	attempts, accepted, _ := e.receiver.snapshot()
	last := attempts[len(attempts)-1]
	if len(accepted) != 2 || len(strings.Fields(last.header.Get("webhook-signature"))) != 2 {
		t.Fatalf("accepted %d; last signature header %q, want two signatures", len(accepted), last.header.Get("webhook-signature"))
	}
	if !verify(second, last.header, last.body, time.Now()) || !verify(first, last.header, last.body, time.Now()) {
		t.Fatal("during a rotation both the new and the previous secret must verify")
	}
}
