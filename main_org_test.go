package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// marketdesk org …, through the real binary: main reads the managed policy
// file and opens the data directory for app/org. (Connecting to a real
// server through the CLI is tested in app/org, cli_test.go.)
func TestOrgCommandsReadThePolicy(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.json")
	env := []string{"MARKETDESK_POLICY_FILE=" + policy}

	r := marketdesk(t, env, "org", "status")
	if r.code != 0 || !strings.Contains(r.stdout, "state    local") {
		t.Fatalf("no policy file: %+v", r)
	}
	os.WriteFile(policy, []byte(`{"server": "https://marketdesk.example.org", "local_mode": false}`), 0o644)
	r = marketdesk(t, env, "org", "status")
	if r.code != 0 || !strings.Contains(r.stdout, "managed: connect with `marketdesk org connect https://marketdesk.example.org`") {
		t.Fatalf("managed: %+v", r)
	}
	os.WriteFile(policy, []byte(`{"server": "https://marketdesk.example.org", "local-mode": false}`), 0o644)
	r = marketdesk(t, env, "org", "status", "--json")
	if r.code != 1 || !strings.Contains(r.stderr, policy) || !strings.Contains(r.stderr, `unknown field \"local-mode\"`) || !strings.Contains(r.stderr, `"invalid_input"`) {
		t.Fatalf("a misspelt key: %+v", r)
	}
	os.Remove(policy)
	if r = marketdesk(t, env, "org", "connect", "http://marketdesk.example.org"); r.code != 1 || !strings.Contains(r.stderr, "must use https://") {
		t.Errorf("plain http: %+v", r)
	}
	if r = marketdesk(t, env, "org", "disconnect"); r.code != 1 || !strings.Contains(r.stderr, "not connected") {
		t.Errorf("disconnect when not connected: %+v", r)
	}
	if r = marketdesk(t, env, "org", "connect", "a", "b"); r.code != 2 {
		t.Errorf("two addresses: %+v", r)
	}
}
