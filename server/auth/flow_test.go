package auth_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"marketdesk/server/config"
	"marketdesk/server/devidp"
	"marketdesk/server/identity"
)

var people = []devidp.User{
	{Subject: "olga", Email: "olga@example.org", Name: "Olga Owner", Groups: []string{"marketdesk-owners"}, Password: "olga-pw"},
	{Subject: "ada", Email: "ada@example.org", Name: "Ada Admin", Groups: []string{"staff", "marketdesk-admins", "marketdesk-managers"}, Password: "ada-pw"},
	{Subject: "abe", Email: "abe@example.org", Name: "Abe Admin", Groups: []string{"marketdesk-admins"}, Password: "abe-pw"},
	{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"},
}

// A desktop signs in through the server, federated to the development
// provider: PKCE, the provider's login form, the loopback redirect, the
// token exchange. The tokens resolve to the person, with the role their
// groups map to; the sign-in wrote the person and an audit entry.
func TestDesktopSignsInThroughDevIdP(t *testing.T) {
	o := withDevIdP(t, people, func(c *config.Auth) { c.FirstUserOwner = false })
	for _, tc := range []struct {
		user, password string
		role           identity.Role
		manager        bool
	}{
		{"olga@example.org", "olga-pw", identity.Owner, true},
		{"ada", "ada-pw", identity.Admin, true},
		{"abe", "abe-pw", identity.Admin, false},
		{"max@example.org", "max-pw", identity.Member, false},
	} {
		d := newDesktop(t)
		tokens := d.exchange(o, d.signIn(o, tc.user, tc.password), d.verifier)
		if tokens.status != http.StatusOK || tokens.TokenType != "Bearer" || tokens.ExpiresIn != 600 || tokens.RefreshToken == "" {
			t.Fatalf("%s: token response %+v", tc.user, tokens)
		}
		id := mustVerify(t, o, tokens.AccessToken)
		if id.Role != tc.role || id.Manager != tc.manager || id.Issuer != o.idp || id.ClientID != desktopClient || id.Email == "" || id.Name == "" {
			t.Errorf("%s: identity %+v, want role %s manager %v", tc.user, id, tc.role, tc.manager)
		}
		if status, viaAPI := me(t, o, tokens.AccessToken); status != http.StatusOK || viaAPI != id {
			t.Errorf("%s: /api/v1/me: %d %+v", tc.user, status, viaAPI)
		}
	}
	var users, entries int
	o.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&users)
	o.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_log WHERE action = 'user.created' AND actor_id IS NOT NULL").Scan(&entries)
	if users != 4 || entries != 4 {
		t.Errorf("%d users and %d user.created entries, want 4 and 4", users, entries)
	}
	var stored int
	o.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM access_tokens WHERE length(token_hash) = 32").Scan(&stored)
	if stored != 4 {
		t.Errorf("%d hashed access tokens stored, want 4", stored)
	}
}

// The first person becomes owner (and the account is created, named from
// the config); a later sign-in follows the groups, and a role change is
// audited.
func TestFirstPersonOwnsTheAccountAndGroupsDecideLater(t *testing.T) {
	o := withDevIdP(t, people, func(c *config.Auth) { c.AccountName = "Example Org" })
	d := newDesktop(t)
	first := mustVerify(t, o, d.exchange(o, d.signIn(o, "max", "max-pw"), d.verifier).AccessToken)
	if first.Role != identity.Owner || !first.Manager {
		t.Fatalf("first person: %+v, want the owner", first)
	}
	var name string
	o.db.Pool.QueryRow(context.Background(), "SELECT name FROM accounts WHERE id = $1", first.AccountID).Scan(&name)
	if name != "Example Org" {
		t.Errorf("account name %q", name)
	}
	// The owner signs in again: still owner (groups never demote an owner).
	d2 := newDesktop(t)
	if again := mustVerify(t, o, d2.exchange(o, d2.signIn(o, "max", "max-pw"), d2.verifier).AccessToken); again.Role != identity.Owner || again.UserID != first.UserID {
		t.Errorf("owner's second sign-in: %+v", again)
	}
	// A second person gets the role of their groups.
	d3 := newDesktop(t)
	if second := mustVerify(t, o, d3.exchange(o, d3.signIn(o, "abe", "abe-pw"), d3.verifier).AccessToken); second.Role != identity.Admin || second.AccountID != first.AccountID {
		t.Errorf("second person: %+v", second)
	}
	var details []byte
	o.db.Pool.QueryRow(context.Background(), "SELECT details FROM audit_log WHERE action = 'user.signed_in' ORDER BY id DESC LIMIT 1").Scan(&details)
	var entry map[string]any
	json.Unmarshal(details, &entry)
	if entry["client_id"] != desktopClient || entry["role"] != "owner" {
		t.Errorf("sign-in audit details: %s", details)
	}
}

// auth.unmapped = refuse: a person in no mapped group is sent back to the
// desktop with access_denied, and not recorded.
func TestUnmappedPersonRefused(t *testing.T) {
	o := withDevIdP(t, people, func(c *config.Auth) { c.Unmapped = config.UnmappedRefuse; c.FirstUserOwner = false })
	d := newDesktop(t)
	devLogin(t, d.browser, d.authorizeURL(o, nil), "max", "max-pw")
	a := d.answer()
	if a.Get("error") != "access_denied" || a.Get("code") != "" || a.Get("state") != d.state {
		t.Fatalf("unmapped person: %v", a)
	}
	var users int
	o.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM users").Scan(&users)
	if users != 0 {
		t.Errorf("%d users recorded", users)
	}
}
