package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/webhook"
	"marketdesk/server/auth"
	"marketdesk/server/catalogsrv"
	"marketdesk/server/config"
	"marketdesk/server/db/pgtest"
	"marketdesk/server/devidp"
	"marketdesk/server/notices"
)

// The organization flow end to end, through the server's own serve with a
// real config, a real PostgreSQL, River, the live-update hub and the
// development identity provider; every party on 127.0.0.1. Two people sign
// in from their desktops through the browser; the owner sets up a catalog
// source, the chat webhook and the app's notice secret; the member asks for
// the app, the owner approves with a note, both hear it live, the chat
// hears both; the member installs and removes it, and the developer gets
// one signed deauthorization notice. The audit export tells the story.
func TestOrganizationFlowEndToEnd(t *testing.T) {
	o := startOrg(t)
	ada := o.signIn(t, "ada", "ada-pw")
	max := o.signIn(t, "max", "max-pw")
	if me := o.me(t, ada.access); me["role"] != "owner" || me["manager"] != true {
		t.Fatalf("ada, first to sign in: %v, want the owner with the manager privilege", me)
	}
	if me := o.me(t, max.access); me["role"] != "member" || me["manager"] != false {
		t.Fatalf("max: %v, want a member", me)
	}

	// Ada sets the organization up.
	feedURL := o.feed.URL + "/northwind.json"
	o.must(t, ada, "POST", "/api/v1/sources", catalogsrv.NewSource{URL: feedURL}, http.StatusCreated)
	if feed := o.must(t, max, "GET", "/api/v1/catalog/feed", nil, http.StatusOK); !bytes.Contains(feed, []byte(`"acme-notes"`)) {
		t.Fatalf("the merged feed lacks the source's listing: %s", feed)
	}
	o.must(t, ada, "PUT", "/api/v1/account/webhook", map[string]string{"url": o.chat.URL + "/services/T0/B0/x"}, http.StatusOK)
	secret := webhook.NewSecret()
	o.must(t, ada, "PUT", "/api/v1/notice-secrets/acme-notes", notices.PutSecretRequest{Secret: secret}, http.StatusOK)

	adaStream, maxStream := o.stream(t, ada), o.stream(t, max)

	// Max asks; Ada hears it; Ada approves with a note; Max hears that.
	var req struct {
		ID int64 `json:"id"`
	}
	decode(t, o.must(t, max, "POST", "/api/v1/requests", map[string]string{"listing_id": "acme-notes", "reason": "meeting notes"}, http.StatusCreated), &req)
	created := adaStream.next(t, "request.created")
	if !strings.Contains(created, `"acme-notes"`) {
		t.Errorf("request.created on ada's stream: %s", created)
	}
	note := "approved for the notes pilot"
	o.must(t, ada, "POST", "/api/v1/requests/"+itoa(req.ID)+"/decision", map[string]any{"approve": true, "note": note}, http.StatusOK)
	var decided struct {
		Status string `json:"status"`
		Note   string `json:"decision_note"`
	}
	decode(t, []byte(maxStream.next(t, "request.decided")), &decided)
	if decided.Status != "approved" || decided.Note != note {
		t.Errorf("request.decided on max's stream: %+v, want approved with the note", decided)
	}
	chat := o.chatHook.wait(t, 2)
	for i, m := range chat {
		var p struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(m.body, &p); err != nil || p.Text == "" || m.header.Get("Content-Type") != "application/json" {
			t.Errorf("chat message %d is not a Slack/Teams incoming-webhook body: %s (%v)", i, m.body, err)
		}
	}
	// River may post the two in either order.
	if !slices.ContainsFunc(chat, func(m post) bool { return bytes.Contains(m.body, []byte("meeting notes")) }) ||
		!slices.ContainsFunc(chat, func(m post) bool { return bytes.Contains(m.body, []byte(note)) }) {
		t.Errorf("chat messages %q: want one for the request (its reason) and one for the decision (its note)", [][]byte{chat[0].body, chat[1].body})
	}

	// Max installs; Ada sees it in the inventory; Max removes it.
	o.must(t, max, "PUT", "/api/v1/installations/acme-notes", map[string]string{"version": "1.0.0"}, http.StatusCreated)
	var inv struct {
		Installations []struct {
			UserEmail string `json:"user_email"`
			AppID     string `json:"app_id"`
		} `json:"installations"`
	}
	decode(t, o.must(t, ada, "GET", "/api/v1/installations?app_id=acme-notes", nil, http.StatusOK), &inv)
	if len(inv.Installations) != 1 || inv.Installations[0].UserEmail != "max@example.org" {
		t.Fatalf("ada's inventory of acme-notes: %+v, want max's installation", inv)
	}
	o.must(t, max, "DELETE", "/api/v1/installations/acme-notes?retain_data=false", nil, http.StatusNoContent)
	notice := o.noticeHook.wait(t, 1)[0]
	key, _ := webhook.Key(secret)
	if err := webhook.Verify(key, notice.header, notice.body, time.Now()); err != nil {
		t.Fatalf("the deauthorization notice does not verify with the app's secret: %v", err)
	}
	var n map[string]any
	decode(t, notice.body, &n)
	if n["event"] != "app.deauthorized" || n["app_id"] != "acme-notes" || n["user_data_retention"] != false {
		t.Errorf("notice body: %s", notice.body)
	}
	time.Sleep(300 * time.Millisecond) // River polls every 50 ms: a second delivery would be here
	if got := o.noticeHook.count(); got != 1 {
		t.Errorf("the notice receiver got %d posts, want exactly one", got)
	}
	if got := o.chatHook.count(); got != 2 {
		t.Errorf("the chat webhook got %d messages, want two (the request, the decision)", got)
	}

	o.checkLapse(t, ada, maxStream)
	o.checkAudit(t, ada)
	o.checkRefreshRotation(t, max)
}

// checkLapse: a pre-approval with an expiry (re-certification) lapses, and
// the desktop hears approvals.changed saying so, without polling.
func (o *orgServer) checkLapse(t *testing.T, ada tokens, maxStream *sse) {
	t.Helper()
	expires := time.Now().Add(1500 * time.Millisecond)
	o.must(t, ada, "POST", "/api/v1/approvals", map[string]any{"listing_id": "acme-notes", "scope": "account", "expires_at": expires}, http.StatusCreated)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		data := maxStream.next(t, "approvals.changed")
		if strings.Contains(data, `"lapsed":true`) || strings.Contains(data, `"lapsed": true`) {
			if time.Now().Before(expires) {
				t.Fatalf("a lapse announced before the expiry: %s", data)
			}
			return
		}
	}
	t.Fatal("max's desktop heard no lapse of the pre-approval")
}

// checkAudit: the export lists every step, oldest first.
func (o *orgServer) checkAudit(t *testing.T, ada tokens) {
	t.Helper()
	var entries []struct {
		Action string `json:"action"`
	}
	decode(t, o.must(t, ada, "GET", "/api/v1/audit/export?format=json", nil, http.StatusOK), &entries)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	want := []string{"user.created", "user.created", "catalog.source_added", "chat_webhook.set", "notice_secret.set",
		"request.created", "request.approved", "installation.added", "installation.removed", "approval.granted"}
	rest := actions
	for _, w := range want {
		i := slices.Index(rest, w)
		if i < 0 {
			t.Fatalf("the audit export lacks %q in order %v; it has %v", w, want, actions)
		}
		rest = rest[i+1:]
	}
}

// checkRefreshRotation: a refresh answers new tokens that work; the
// refresh token it spent is refused after.
func (o *orgServer) checkRefreshRotation(t *testing.T, max tokens) {
	t.Helper()
	fresh := o.token(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {desktopClient}, "refresh_token": {max.refresh}})
	if fresh.status != http.StatusOK || fresh.RefreshToken == "" || fresh.RefreshToken == max.refresh || fresh.AccessToken == max.access {
		t.Fatalf("refresh: %+v, want new access and refresh tokens", fresh)
	}
	if me := o.me(t, fresh.AccessToken); me["email"] != "max@example.org" {
		t.Fatalf("the refreshed access token: %v", me)
	}
	again := o.token(t, url.Values{"grant_type": {"refresh_token"}, "client_id": {desktopClient}, "refresh_token": {max.refresh}})
	if again.status != http.StatusBadRequest || again.Error != "invalid_grant" {
		t.Fatalf("the spent refresh token again: %d %q, want 400 invalid_grant", again.status, again.Error)
	}
}

const (
	desktopClient = "marketdesk-desktop"
	serverSecret  = "orgflow-server-secret"
)

// orgServer is serve running in this process, its provider, the developer's
// feed and receivers, and the organization's chat service.
type orgServer struct {
	url        string
	feed       *httptest.Server
	chat       *httptest.Server
	chatHook   *hook
	noticeHook *hook
}

func startOrg(t *testing.T) *orgServer {
	t.Helper()
	o := &orgServer{chatHook: &hook{}, noticeHook: &hook{}}
	notice := netguardtest.TLSServerOn(t, "127.0.0.1", o.noticeHook)
	o.chat = netguardtest.TLSServerOn(t, "127.0.0.1", o.chatHook)
	listing, _ := json.Marshal(northwindListing(notice.URL + "/deauthorized"))
	feed := `{"schema_version": 1, "name": "Northwind", "listings": [` + string(listing) + `]}` // schema_version first
	o.feed = netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, feed)
	}))
	// The guard counts 127.0.0.1 as the internet and trusts only these three.
	client := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, o.feed, notice, o.chat).Client()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	o.url = "http://" + ln.Addr().String()
	issuer := startDevIdP(t, o.url+auth.CallbackPath)
	cfg := loadConfig(t, map[string]any{
		"database_url": pgtest.NewDatabase(t), "listen": ln.Addr().String(), "shutdown_timeout": "5s",
		"auth": map[string]any{"public_url": o.url, "issuer": issuer, "client_id": "marketdesk-server", "client_secret": serverSecret,
			"first_user_owner": true, "account_name": "Northwind Org"},
	})
	logPath := filepath.Join(t.TempDir(), "server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serveWith(ctx, cfg, log, wiring{listener: ln,
			notices: notices.Options{Client: client, AllowLoopback: true, FetchPollInterval: 50 * time.Millisecond},
			catalog: catalogsrv.Options{Client: client}, remindEvery: 100 * time.Millisecond})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if t.Failed() {
			out, _ := os.ReadFile(logPath)
			t.Logf("server log:\n%s", out)
		}
	})
	waitReady(t, o.url, done)
	return o
}

func loadConfig(t *testing.T, doc map[string]any) config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "marketdesk-server.json")
	raw, _ := json.Marshal(doc)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load([]string{"--config", path}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

// startDevIdP is the organization's provider: ada in marketdesk-admins,
// max in no Marketdesk group.
func startDevIdP(t *testing.T, callback string) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	p, err := devidp.New(devidp.Config{Issuer: issuer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Directory: devidp.Directory{
		Users: []devidp.User{
			{Subject: "ada", Email: "ada@example.org", Name: "Ada Admin", Groups: []string{"marketdesk-admins", "marketdesk-managers"}, Password: "ada-pw"},
			{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"},
		},
		Clients: []devidp.Client{{ID: "marketdesk-server", Secret: serverSecret, RedirectURIs: []string{callback}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p
	srv.Start()
	t.Cleanup(srv.Close)
	return issuer
}

func waitReady(t *testing.T, base string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve returned before it was ready: %v", err)
		default:
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the server was not ready within 30 s")
}

func northwindListing(deauthorizationURL string) map[string]any {
	return map[string]any{
		"id": "acme-notes", "name": "Acme Notes",
		"developer":   map[string]any{"name": "Northwind Labs", "website": "https://northwind.example", "verified": true},
		"summary":     "Acme Notes keeps your team in step.",
		"description": "Notes for meetings.", "icon": "https://northwind.example/notes.png",
		"categories": []string{"Productivity"}, "type": "user",
		"scopes":              []map[string]any{{"name": "meeting:read", "description": "See your meetings", "sensitive": false}},
		"oauth":               map[string]any{"issuer": "https://auth.northwind.example", "client_id": "md-acme-notes"},
		"links":               map[string]any{"privacy_policy": "https://northwind.example/privacy", "terms": "https://northwind.example/terms"},
		"stats":               map[string]any{"installs": 100, "rating": 4.2, "rating_count": 10},
		"version":             "1.0.0",
		"published_at":        "2025-01-01T00:00:00Z",
		"updated_at":          "2026-10-01T00:00:00Z",
		"deauthorization_url": deauthorizationURL,
	}
}

// tokens are what a desktop keeps in the keychain.
type tokens struct{ access, refresh string }

var hiddenField = regexp.MustCompile(`name="([A-Za-z_]+)" value="([^"]*)"`)

// signIn is a desktop's sign-in: PKCE, the system browser (a cookie jar
// following redirects) through the server to the provider's login form
// (CSRF token in a hidden field and a cookie), the loopback redirect back
// to the desktop, and the code exchanged for tokens.
func (o *orgServer) signIn(t *testing.T, user, password string) tokens {
	t.Helper()
	answers := make(chan url.Values, 1)
	loopback := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answers <- r.URL.Query()
		io.WriteString(w, "You are signed in; return to Marketdesk.")
	}))
	defer loopback.Close()
	redirect := loopback.URL + "/oauth/callback"
	verifier, state := oauth2.GenerateVerifier(), oauth2.GenerateVerifier()
	q := url.Values{"client_id": {desktopClient}, "redirect_uri": {redirect}, "response_type": {"code"},
		"state": {state}, "code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)}, "code_challenge_method": {"S256"}}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := browser.Get(o.url + auth.AuthorizePath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fields := map[string]string{}
	for _, m := range hiddenField.FindAllStringSubmatch(string(page), -1) {
		fields[m[1]] = html.UnescapeString(m[2])
	}
	if resp.StatusCode != http.StatusOK || fields["authRequestID"] == "" || fields["csrf_token"] == "" {
		t.Fatalf("the provider's login form: %d, fields %v", resp.StatusCode, fields)
	}
	form := url.Values{"authRequestID": {fields["authRequestID"]}, "csrf_token": {fields["csrf_token"]}, "username": {user}, "password": {password}}
	login := resp.Request.URL
	if resp, err = browser.PostForm(login.Scheme+"://"+login.Host+login.Path, form); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var a url.Values
	select {
	case a = <-answers:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: nothing arrived at the desktop's loopback redirect", user)
	}
	if a.Get("code") == "" || a.Get("state") != state || a.Get("iss") != o.url {
		t.Fatalf("%s: the desktop got %v", user, a)
	}
	got := o.token(t, url.Values{"grant_type": {"authorization_code"}, "client_id": {desktopClient},
		"code": {a.Get("code")}, "redirect_uri": {redirect}, "code_verifier": {verifier}})
	if got.status != http.StatusOK || got.AccessToken == "" || got.RefreshToken == "" {
		t.Fatalf("%s: token exchange %+v", user, got)
	}
	return tokens{access: got.AccessToken, refresh: got.RefreshToken}
}

type tokenAnswer struct {
	status int
	auth.Tokens
	Error string `json:"error"`
}

func (o *orgServer) token(t *testing.T, form url.Values) tokenAnswer {
	t.Helper()
	resp, err := http.PostForm(o.url+auth.TokenPath, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a tokenAnswer
	json.NewDecoder(resp.Body).Decode(&a)
	a.status = resp.StatusCode
	return a
}

// must calls the API as who and fails unless it answers want.
func (o *orgServer) must(t *testing.T, who tokens, method, path string, body any, want int) []byte {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, o.url+path, rd)
	req.Header.Set("Authorization", "Bearer "+who.access)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, out, want)
	}
	return out
}

// me is the user /api/v1/me answers for access.
func (o *orgServer) me(t *testing.T, access string) map[string]any {
	t.Helper()
	var me struct {
		User map[string]any `json:"user"`
	}
	decode(t, o.must(t, tokens{access: access}, "GET", "/api/v1/me", nil, http.StatusOK), &me)
	return me.User
}

// sse is a desktop's open event stream.
type sse struct {
	events chan [2]string // kind, data
}

// stream opens who's event stream and waits until it is live.
func (o *orgServer) stream(t *testing.T, who tokens) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", o.url+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+who.access)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/events = %d", resp.StatusCode)
	}
	s := &sse{events: make(chan [2]string, 64)}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var kind string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				kind = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && kind != "":
				s.events <- [2]string{kind, strings.Join(data, "\n")}
				kind, data = "", nil
			}
		}
		close(s.events)
	}()
	s.next(t, "ready")
	return s
}

// next waits for the next event of kind (skipping others) and returns its data.
func (s *sse) next(t *testing.T, kind string) string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				t.Fatalf("the stream ended before %s", kind)
			}
			if e[0] == kind {
				return e[1]
			}
		case <-timeout:
			t.Fatalf("no %s event within 10 s", kind)
		}
	}
}

// hook is an https receiver: a developer's notice URL or a chat webhook.
type hook struct {
	mu    sync.Mutex
	posts []post
}

type post struct {
	header http.Header
	body   []byte
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.posts = append(h.posts, post{header: r.Header.Clone(), body: body})
	h.mu.Unlock()
}

func (h *hook) count() int { h.mu.Lock(); defer h.mu.Unlock(); return len(h.posts) }

// wait returns the first n posts once they arrived.
func (h *hook) wait(t *testing.T, n int) []post {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		if len(h.posts) >= n {
			out := append([]post(nil), h.posts[:n]...)
			h.mu.Unlock()
			return out
		}
		h.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%d of %d posts arrived within 15 s", h.count(), n)
	return nil
}

func decode(t *testing.T, raw []byte, into any) {
	t.Helper()
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
