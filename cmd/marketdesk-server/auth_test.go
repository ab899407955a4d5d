package main_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"marketdesk/server/db/pgtest"
	"marketdesk/server/devidp"
)

// The binary wires sign-in from its auth settings: /oauth/authorize sends
// the browser to the configured provider.
func TestSignInIsWired(t *testing.T) {
	t.Parallel()
	bin := build(t)
	idp := httptest.NewUnstartedServer(nil)
	issuer := "http://" + idp.Listener.Addr().String()
	p, err := devidp.New(devidp.Config{Issuer: issuer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Directory: devidp.Directory{
		Users:   []devidp.User{{Subject: "ada", Password: "pw"}},
		Clients: []devidp.Client{{ID: "marketdesk-server", Secret: "s", RedirectURIs: []string{"http://127.0.0.1:8420/auth/callback"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	idp.Config.Handler = p
	idp.Start()
	t.Cleanup(idp.Close)

	cmd := exec.Command(bin, "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "MARKETDESK_SERVER_DATABASE_URL="+pgtest.NewDatabase(t),
		"MARKETDESK_SERVER_AUTH_ISSUER="+issuer, "MARKETDESK_SERVER_AUTH_PUBLIC_URL=http://127.0.0.1:8420",
		"MARKETDESK_SERVER_AUTH_CLIENT_ID=marketdesk-server", "MARKETDESK_SERVER_AUTH_CLIENT_SECRET=s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan map[string]any, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) != nil {
				m = map[string]any{"msg": "NOT JSON: " + sc.Text()}
			}
			lines <- m
		}
		close(lines)
	}()
	addr := waitFor(t, lines, "listening")["address"].(string)

	q := url.Values{"client_id": {"marketdesk-desktop"}, "redirect_uri": {"http://127.0.0.1:5000/cb"}, "response_type": {"code"},
		"state": {"s"}, "code_challenge": {oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier())}, "code_challenge_method": {"S256"}}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get("http://" + addr + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, issuer+"/authorize?") {
		t.Fatalf("/oauth/authorize = %d %q, want a redirect to the provider", resp.StatusCode, loc)
	}
}

// Sign-in half configured is a configuration error (status 2), named.
func TestIncompleteSignInSettingsExitWithStatus2(t *testing.T) {
	t.Parallel()
	bin := build(t)
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "MARKETDESK_SERVER_DATABASE_URL=postgres:///x", "MARKETDESK_SERVER_AUTH_ISSUER=https://idp.example.org"}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "auth.public_url") {
		t.Fatalf("exit = %v, output %q; want status 2 naming auth.public_url", err, out)
	}
}
