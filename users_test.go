package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Issue 16: users, requests and blocks from the command line, with the
// window's rules (managers only, the signed-in user stays, blocked apps
// cannot be requested).
func TestUsersRequestsAndBlocks(t *testing.T) {
	home := []string{"MARKETDESK_HOME=" + t.TempDir()}
	ok := func(args ...string) string {
		t.Helper()
		r := marketdesk(t, home, args...)
		if r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
		return r.stdout
	}
	fails := func(code int, want string, args ...string) {
		t.Helper()
		if r := marketdesk(t, home, args...); r.code != code || !strings.Contains(r.stderr, want) {
			t.Fatalf("%v: want exit %d and %q, got %+v", args, code, want, r)
		}
	}
	ok("init", "--account", "Acme", "--name", "Olive", "--email", "olive@acme.example")
	ok("catalog", "sync")
	ok("users", "add", "--name", "Ben", "--email", "ben@acme.example")
	ok("users", "add", "--name", "Ada", "--email", "ada@acme.example", "--role", "admin")
	if out := ok("users", "role", "ada@acme.example", "--manager", "--json"); !strings.Contains(out, `"manager": true`) {
		t.Fatalf("users role --manager: %s", out)
	}
	fails(2, "--role", "users", "role", "ben@acme.example")
	fails(1, "no user has the email", "users", "switch", "nobody@acme.example")
	fails(1, "at least one owner", "users", "remove", "olive@acme.example", "--yes")
	ok("users", "switch", "ada@acme.example")
	fails(1, "is signed in", "users", "remove", "ada@acme.example", "--yes")
	fails(2, "--yes", "users", "remove", "ben@acme.example")

	ok("approvals", "block", "daybook", "--note", "not for us")
	ok("users", "switch", "ben@acme.example")
	fails(1, "blocked", "requests", "create", "daybook", "--reason", "notes")
	fails(1, "manager", "approvals", "unblock", "daybook")
	var req struct{ ID int64 }
	if err := json.Unmarshal([]byte(ok("requests", "create", "quickslate", "--reason", "slides", "--json")), &req); err != nil || req.ID == 0 {
		t.Fatalf("requests create --json: %v", err)
	}
	ok("requests", "cancel", jsonNumber(req.ID))
	if out := ok("requests", "list", "--json"); !strings.Contains(out, `"cancelled"`) {
		t.Fatalf("the cancelled request: %s", out)
	}
	ok("users", "switch", "olive@acme.example")
	ok("approvals", "unblock", "daybook")
	fails(1, "not blocked", "approvals", "unblock", "daybook")
	ok("users", "remove", "ben@acme.example", "--yes")
	if out := ok("users", "list"); strings.Contains(out, "ben@acme.example") {
		t.Fatalf("ben is still listed:\n%s", out)
	}
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }
