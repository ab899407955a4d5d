package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"marketdesk/app/vault"
	"marketdesk/app/webhook"
)

// The notice signing secret reaches Marketdesk on standard input, never in
// argv (where other OS users and shell history see it), is never printed,
// and its setting is audited without it.
func TestNoticesSecretCommandReadsStdinOnly(t *testing.T) {
	if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") != "require" {
		t.Skip("needs the Secret Service that `make test` starts")
	}
	dir := t.TempDir()
	home := []string{"MARKETDESK_HOME=" + dir}
	listing := map[string]any{
		"id": "acme-board", "name": "Acme Board", "summary": "A board.", "description": "A board.", "icon": "icons/x.svg",
		"developer":  map[string]any{"name": "Acme", "website": "https://acme.example"},
		"categories": []string{"Productivity"}, "type": "user",
		"scopes":  []map[string]any{{"name": "board:read", "description": "See your boards"}},
		"oauth":   map[string]any{"client_id": "acme-board", "issuer": "https://auth.acme.example"},
		"links":   map[string]any{"privacy_policy": "https://acme.example/p", "terms": "https://acme.example/t"},
		"version": "1.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-02T00:00:00Z",
		"deauthorization_url": "https://acme.example/deauthorized",
	}
	entries, _ := json.Marshal([]any{listing})
	body := []byte(`{"schema_version": 1, "name": "Acme", "listings": ` + string(entries) + `}`)
	feedPath := filepath.Join(t.TempDir(), "feed.json")
	os.WriteFile(feedPath, body, 0o600)
	marketdesk(t, home, "init", "--account", "Acme", "--name", "Olive", "--email", "olive@acme.example")
	if r := marketdesk(t, home, "catalog", "add", feedPath); r.code != 0 {
		t.Fatalf("catalog add: %+v", r)
	}
	t.Cleanup(func() { vault.New().Delete(context.Background(), "notice-secret/acme-board") })

	secret := webhook.NewSecret()
	if r := marketdesk(t, home, "notices", "secret", "acme-board", secret); r.code != 2 || strings.Contains(r.stderr+r.stdout, secret) {
		t.Fatalf("a secret in argv must be a usage error that does not echo it: %+v", r)
	}
	if r := marketdeskWithInput(t, home, "", "notices", "secret", "acme-board"); r.code != 1 || !strings.Contains(r.stderr, "standard input") {
		t.Fatalf("empty stdin: %+v", r)
	}
	r := marketdeskWithInput(t, home, secret+"\n", "notices", "secret", "acme-board")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, strings.TrimPrefix(secret, "whsec_")) {
		t.Fatalf("notices secret: %+v", r)
	}
	r = marketdeskWithInput(t, home, webhook.NewSecret(), "notices", "secret", "acme-board")
	if r.code != 0 || !strings.Contains(r.stdout, "previous secret also signs until") {
		t.Fatalf("rotation: %+v", r)
	}
	var list []struct{ ListingID, PreviousUntil string }
	r = marketdesk(t, home, "notices", "secrets", "--json")
	if json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 1 || list[0].ListingID != "acme-board" || list[0].PreviousUntil == "" {
		t.Fatalf("notices secrets: %+v", r)
	}
	r = marketdesk(t, home, "audit", "export", "--format", "json", "--action", "notice_secret.")
	if r.code != 0 || strings.Count(r.stdout, "notice_secret.") != 2 || strings.Contains(r.stdout, "whsec_") {
		t.Fatalf("audit: %+v", r)
	}
}
