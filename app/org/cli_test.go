package org_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"marketdesk/app/cli"
	"marketdesk/app/org"
	"marketdesk/app/vault"
)

// runCLI runs a command line through the CLI's parser and entry point,
// with the desktop's organization service.
func runCLI(t *testing.T, svc *org.Service, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	inv, err := cli.Parse(args)
	if err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), inv, cli.Env{Stdout: &out, Stderr: &errOut,
		OpenOrg: func(context.Context) (*org.Service, func(), error) { return svc, func() {}, nil }})
	return code, out.String(), errOut.String()
}

// marketdesk org connect / status / disconnect against the real server.
func TestCLIConnectStatusDisconnect(t *testing.T) {
	o := startOrg(t)
	b := &browser{t: t, user: "olga", password: "olga-pw"}
	d := newDesktop(t, b)

	code, out, errOut := runCLI(t, d.svc, "org", "status")
	if code != 0 || !strings.Contains(out, "state    local") {
		t.Fatalf("status before: %d %q %q", code, out, errOut)
	}
	// --no-browser: the address is printed and nothing is opened; the test's
	// browser plays the person who opens it.
	nb := org.New(withOpener(d.cfg, nil))
	code, out, errOut = runCLIConnectNoBrowser(t, nb, b, o.url)
	if code != 0 || !strings.Contains(out, "Connected to "+o.url+" as Olga Owner <olga@example.org>, owner of Example Org.") {
		t.Fatalf("connect: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "Open this address in a browser") || len(b.opened) != 1 {
		t.Errorf("connect --no-browser said %q; the browser opened %d address(es)", errOut, len(b.opened))
	}

	code, out, _ = runCLI(t, d.svc, "org", "status", "--json")
	var st org.Status
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.State != org.StateConnected || st.Me == nil || st.Me.User.Role != "owner" || st.Server != o.url {
		t.Fatalf("status --json: %d %s", code, out)
	}
	code, out, _ = runCLI(t, d.svc, "org", "status")
	if code != 0 || !strings.Contains(out, "role     owner") || !strings.Contains(out, "you      Olga Owner <olga@example.org>") {
		t.Errorf("status: %q", out)
	}

	code, out, errOut = runCLI(t, d.svc, "org", "disconnect")
	if code != 0 || !strings.Contains(out, "the sign-in was revoked") {
		t.Fatalf("disconnect: %d %q %q", code, out, errOut)
	}
	if _, err := d.vault.Get(context.Background(), org.SessionItem); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("keychain item left: %v", err)
	}
	code, _, errOut = runCLI(t, d.svc, "org", "disconnect", "--json")
	if code != 1 || !strings.Contains(errOut, `"code": "conflict"`) && !strings.Contains(errOut, `"code":"conflict"`) {
		t.Errorf("second disconnect: %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, d.svc, "org", "connect"); code != 2 || !strings.Contains(errOut, "takes the server's address") {
		t.Errorf("org connect without URL nor policy: %d %q", code, errOut)
	}
}

// A policy file presets the server: status says how to connect, and
// `org connect` without an address signs in to it, with no other step
// than the SSO sign-in.
func TestCLIManagedByPolicyFile(t *testing.T) {
	o := startOrg(t)
	b := &browser{t: t, user: "max", password: "max-pw"}
	d := newDesktop(t, b)
	p, err := org.LoadPolicy(policyFile(t, `{"server": "`+o.url+`/", "local_mode": false, "personal_sources": false}`))
	if err != nil {
		t.Fatal(err)
	}
	cfg := d.cfg
	cfg.Policy = p
	svc := org.New(cfg)
	code, out, _ := runCLI(t, svc, "org", "status")
	if code != 0 || !strings.Contains(out, "state    managed") || !strings.Contains(out, "managed: connect with `marketdesk org connect "+o.url+"`") {
		t.Fatalf("status: %d %q", code, out)
	}
	code, out, errOut := runCLI(t, svc, "org", "connect")
	if code != 0 || !strings.Contains(out, "Connected to "+o.url+" as Max Member <max@example.org>, owner of Example Org.") { // the first person owns the account
		t.Fatalf("connect: %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, svc, "org", "status")
	if code != 0 || !strings.Contains(out, "state    connected") || !strings.Contains(out, "policy   "+p.Path) {
		t.Errorf("status after: %q", out)
	}
}

func withOpener(cfg org.Config, opener interface{ Open(string) error }) org.Config {
	cfg.Opener = opener
	return cfg
}

// runCLIConnectNoBrowser runs `org connect URL --no-browser` and, like a
// person copying the printed address, opens it in the test's browser.
func runCLIConnectNoBrowser(t *testing.T, svc *org.Service, b *browser, url string) (int, string, string) {
	t.Helper()
	inv, err := cli.Parse([]string{"org", "connect", url, "--no-browser"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	errOut := &addressWatcher{found: make(chan string, 1)}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(context.Background(), inv, cli.Env{Stdout: &out, Stderr: errOut,
			OpenOrg: func(context.Context) (*org.Service, func(), error) { return svc, func() {}, nil }})
	}()
	select {
	case addr := <-errOut.found:
		if err := b.Open(addr); err != nil {
			t.Fatalf("the person's browser: %v", err)
		}
	case code := <-done:
		return code, out.String(), errOut.String()
	}
	return <-done, out.String(), errOut.String()
}

// addressWatcher is the terminal: it spots the printed sign-in address.
type addressWatcher struct {
	bytes.Buffer
	found chan string
}

func (w *addressWatcher) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	for _, line := range strings.Split(w.Buffer.String(), "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "http") && strings.Contains(line, "/oauth/authorize?") {
			select {
			case w.found <- line:
			default:
			}
		}
	}
	return n, err
}
