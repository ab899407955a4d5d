package org_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/app/org"
)

func policyFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPolicyFile(t *testing.T) {
	good := policyFile(t, `{"server": "https://Marketdesk.Example.org/", "local_mode": false, "personal_sources": false}`)
	p, err := org.LoadPolicy(good)
	if err != nil {
		t.Fatal(err)
	}
	if p.Server != "https://marketdesk.example.org" || p.AllowsLocalMode() || p.AllowsPersonalSources() || !p.Managed() || p.Path != good {
		t.Errorf("policy = %+v", p)
	}
	none, err := org.LoadPolicy(filepath.Join(t.TempDir(), "absent.json"))
	if err != nil || none.Managed() || !none.AllowsLocalMode() || !none.AllowsPersonalSources() {
		t.Errorf("no file: %+v, %v", none, err)
	}
	for name, c := range map[string]struct{ content, says string }{
		"unknown key": {`{"server": "https://a.example.org", "localmode": false}`, `unknown field "localmode"`},
		"bad URL":     {`{"server": "http://marketdesk.example.org"}`, "https://"},
		"not a URL":   {`{"server": "marketdesk"}`, "not a server address"},
		"wrong type":  {`{"local_mode": "no"}`, "local_mode"},
		"two values":  {`{} {}`, "more than one"},
	} {
		path := policyFile(t, c.content)
		_, err := org.LoadPolicy(path)
		if err == nil || apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestPolicyPath(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if got := org.PolicyPath(getenv); runtime.GOOS == "linux" && got != "/etc/marketdesk/policy.json" {
		t.Errorf("default on Linux: %s", got)
	}
	env[org.PolicyEnv] = "/tmp/p.json"
	if got := org.PolicyPath(getenv); got != "/tmp/p.json" {
		t.Errorf("override: %s", got)
	}
}

// A preset server and no connection: status says how to connect; and the
// desktop connects only to that server.
func TestManagedDesktopNotConnected(t *testing.T) {
	p, err := org.LoadPolicy(policyFile(t, `{"server": "https://marketdesk.example.org", "local_mode": false}`))
	if err != nil {
		t.Fatal(err)
	}
	d := newDesktop(t, &browser{t: t})
	svc := org.New(org.Config{DB: d.cfg.DB, Vault: d.vault, Policy: p})
	st, err := svc.Status(context.Background())
	if err != nil || st.State != org.StateManaged || st.Server != "https://marketdesk.example.org" ||
		!strings.Contains(st.Message, "managed: connect with `marketdesk org connect https://marketdesk.example.org`") {
		t.Errorf("status = %+v, %v", st, err)
	}
	if _, err := svc.Connect(context.Background(), "https://other.example.org", org.ConnectOptions{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("another server: %v", err)
	}
}

func TestServerURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example.org/":     "https://a.example.org",
		"https://a.example.org/md//": "https://a.example.org/md",
		"http://127.0.0.1:8420":      "http://127.0.0.1:8420",
		"http://[::1]:8420/":         "http://[::1]:8420",
		"http://a.example.org":       "",
		"http://localhost:8420":      "",
		"https://u:p@a.example.org":  "",
		"https://a.example.org/?x=1": "",
		"ftp://a.example.org":        "",
		"a.example.org":              "",
	} {
		got, err := org.ServerURL(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ServerURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
