package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
)

const secretFormListing = `{"id": "keyed", "name": "Keyed", "developer": {"name": "Northwind", "website": "https://nw.example"},
 "summary": "Needs an API key.", "description": "Keyed.", "icon": "https://nw.example/i.png",
 "categories": ["Productivity"], "type": "user", "scopes": [{"name": "meeting:read", "description": "See meetings"}],
 "oauth": {"sandbox": true, "client_id": "keyed"}, "links": {"privacy_policy": "https://nw.example/p", "terms": "https://nw.example/t"},
 "configuration": {"kind": "form", "fields": [{"key": "api_key", "label": "API key", "type": "secret", "required": true},
   {"key": "channel", "label": "Channel", "type": "text"}]},
 "version": "1.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2025-02-01T00:00:00Z"}`

// Issue 9: a secret on the command line is visible to every user of the
// machine (ps, /proc/PID/cmdline) and stays in the shell's history. --set
// refuses secret fields and names --set-secret, which reads the value from
// standard input.
func TestSecretsNeverTravelOnTheCommandLine(t *testing.T) {
	if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") != "require" {
		t.Skip("needs the Secret Service that `make test` starts")
	}
	ctx := context.Background()
	dir := t.TempDir()
	home := []string{"MARKETDESK_HOME=" + dir}
	feed := writeFile(t, t.TempDir(), "feed.json", `{"schema_version": 1, "listings": [`+secretFormListing+`]}`)
	for _, args := range [][]string{{"init", "--account", "Acme", "--name", "Olive", "--email", "olive@acme.example"},
		{"catalog", "add", feed}, {"approvals", "grant", "keyed"}} {
		if r := marketdesk(t, home, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	ins, err := openInstaller(ctx, dir, vault.New(), newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	me, _ := ins.Accounts.Current(ctx)
	p, err := ins.Installer.Prepare(ctx, me, "keyed")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := ins.Installer.Authorize(ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	scoped, _, err := vault.New().ForDatabase(ctx, ins.DB)
	ins.Close()
	if err != nil {
		t.Fatal(err)
	}
	item := vault.SecretItem(inst.ID, "api_key")
	t.Cleanup(func() { scoped.Delete(ctx, item) })

	r := marketdesk(t, home, "configure", "keyed", "--set", "api_key=sk_live_in_argv")
	if r.code != 2 || !strings.Contains(r.stderr, "--set-secret api_key") {
		t.Fatalf("--set of a secret field must be refused, naming --set-secret: %+v", r)
	}
	if _, err := scoped.Get(ctx, item); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("the refused secret reached the keychain: %v", err)
	}
	if r := marketdeskWithInput(t, home, "#general\n", "configure", "keyed", "--set-secret", "channel"); r.code != 2 || !strings.Contains(r.stderr, "no secret field") {
		t.Fatalf("--set-secret of a plain field: %+v", r)
	}
	if r := marketdeskWithInput(t, home, "", "configure", "keyed", "--set-secret", "api_key"); r.code != 2 || !strings.Contains(r.stderr, "standard input") {
		t.Fatalf("--set-secret without input: %+v", r)
	}

	r = marketdeskWithInput(t, home, "sk_from_stdin\n", "configure", "keyed", "--set-secret", "api_key", "--set", "channel=#general")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "sk_from_stdin") {
		t.Fatalf("configure --set-secret: %+v", r)
	}
	if got, err := scoped.Get(ctx, item); err != nil || got != "sk_from_stdin" {
		t.Fatalf("keychain holds %q, %v; want the value piped on standard input", got, err)
	}
	r = marketdesk(t, home, "installed", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "active") {
		t.Fatalf("the required secret should make the app active: %+v", r)
	}
}
