package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/oauthflow"
)

// recordingBrowser is the real Browser with BROWSER set to a script that
// writes its argv to a file: if the file appears, a command ran.
func recordingBrowser(t *testing.T, g *netguard.Guard) (Browser, string) {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "argv")
	script := filepath.Join(dir, "browser.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" >> "+out+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return Browser{Events: &Events{}, Guard: g, Getenv: func(k string) string {
		if k == "BROWSER" {
			return script
		}
		return ""
	}}, out
}

func assertNeverRan(t *testing.T, argvFile string) {
	t.Helper()
	time.Sleep(200 * time.Millisecond) // a started script would have written by now
	if got, err := os.ReadFile(argvFile); err == nil {
		t.Fatalf("the BROWSER command ran with %q", got)
	}
}

var hostileURLs = []string{
	"--renderer-cmd-prefix=/bin/sh -c 'touch /tmp/pwned'", "-new-window", "file:///etc/passwd", "file:/etc/shadow",
	"smb://attacker.example/share", "javascript:alert(1)", "http://attacker.example/", "https://u:p@attacker.example/",
	"https://ok.example/\n--renderer-cmd-prefix=x", "",
}

func TestFeedCannotRunACommandThroughTheBROWSERVariable(t *testing.T) {
	b, argv := recordingBrowser(t, netguard.New(netguard.Config{Sandbox: func() string { return "http://127.0.0.1:9" }}))
	links := &Links{Browser: b}
	for _, u := range hostileURLs {
		var refused *netguard.RefusedURLError
		if err := b.Open(u); !errors.As(err, &refused) {
			t.Errorf("Browser.Open(%q) = %v, want refused", u, err)
		}
		if err := links.Open(u); !errors.As(err, &refused) {
			t.Errorf("Links.Open(%q) = %v, want refused", u, err)
		}
	}
	assertNeverRan(t, argv)
	// A nil guard still refuses everything but https.
	nilGuard, argv2 := recordingBrowser(t, nil)
	if err := nilGuard.Open("http://127.0.0.1:9/authorize"); err == nil {
		t.Fatal("a browser without a guard opened plain http")
	}
	assertNeverRan(t, argv2)
}

// The whole path: a feed's authorization server publishes an argument-like
// authorization endpoint; neither discovery nor the flow hands it to $BROWSER.
func TestDiscoveredArgumentLikeAuthorizationURLNeverReachesBROWSER(t *testing.T) {
	const bad = "--renderer-cmd-prefix=/bin/sh -c 'touch /tmp/pwned'"
	var issuer string
	srv := netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"issuer": issuer, "authorization_endpoint": bad, "token_endpoint": issuer + "/token"})
	}))
	issuer = srv.URL
	g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv)
	b, argv := recordingBrowser(t, g)
	ctx := context.Background()
	if _, err := oauthflow.Discover(ctx, g.Client(), issuer); err == nil {
		t.Fatal("discovery accepted an argument-like authorization endpoint")
	}
	_, err := oauthflow.Run(ctx, oauthflow.Request{ClientID: "c", RedirectPath: "/cb", HTTPClient: g.Client(), Timeout: time.Second,
		Endpoints: oauthflow.Endpoints{Issuer: issuer, Authorization: bad, Token: issuer + "/token"}}, b)
	if err == nil {
		t.Fatal("the flow ran with an argument-like authorization endpoint")
	}
	assertNeverRan(t, argv)
}
