// Package authtest gives the organization server's tests signed-in people
// without a browser: a person in the account with a role, and access tokens
// for them that the real Verifier accepts (or refuses: expired, another
// audience). Tokens are minted in the test's database by server/auth, the
// same rows a sign-in writes.
//
//	d := pgtest.Migrated(t)
//	admin := authtest.Person(t, d, identity.Admin, true)
//	opts := api.Options{..., Verifier: authtest.Verifier(d)}
//	req.Header.Set("Authorization", "Bearer "+authtest.Token(t, d, admin))
package authtest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/server/auth"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// Audience is the server the tokens are for; Verifier checks it.
const Audience = "https://marketdesk.test"

// OtherAudience is another organization's server.
const OtherAudience = "https://other-marketdesk.test"

// ClientID is the desktop the tokens are issued to.
const ClientID = "marketdesk-desktop"

// Issuer is the identity provider of the people Person creates.
const Issuer = "https://idp.test"

// Verifier is the server's Verifier for Audience.
func Verifier(d *db.DB) identity.Verifier { return auth.NewVerifier(d, Audience, nil) }

var people atomic.Int64

// Person adds a person with role (and the marketplace-manager privilege for
// an admin when manager is set; owners always have it) to the database's
// account, creating the account first when there is none.
func Person(t testing.TB, d *db.DB, role identity.Role, manager bool) identity.Identity {
	t.Helper()
	ctx := context.Background()
	manager = role == identity.Owner || (role == identity.Admin && manager)
	n := people.Add(1)
	var u store.User
	err := d.InTx(ctx, func(q *store.Queries) error {
		a, err := q.FirstAccount(ctx)
		if errors.Is(err, pgx.ErrNoRows) {
			a, err = q.CreateAccount(ctx, "Test organization")
		}
		if err != nil {
			return err
		}
		u, err = q.CreateUser(ctx, store.CreateUserParams{AccountID: a.ID, Issuer: Issuer, Subject: fmt.Sprintf("person-%d", n),
			Email: fmt.Sprintf("person-%d@example.org", n), Name: fmt.Sprintf("Person %d (%s)", n, role), Role: string(role), MarketplaceManager: manager})
		return err
	})
	if err != nil {
		t.Fatalf("authtest: add a %s: %v", role, err)
	}
	return identity.Identity{UserID: u.ID, AccountID: u.AccountID, Issuer: u.Issuer, Subject: u.Subject, Email: u.Email,
		Name: u.Name, Role: role, Manager: manager, ClientID: ClientID}
}

// Token is a valid access token for id, for 10 minutes.
func Token(t testing.TB, d *db.DB, id identity.Identity) string {
	t.Helper()
	return mint(t, d, id, Audience, 10*time.Minute)
}

// ExpiredToken is an access token for id that expired a minute ago.
func ExpiredToken(t testing.TB, d *db.DB, id identity.Identity) string {
	t.Helper()
	return mint(t, d, id, Audience, -time.Minute)
}

// OtherAudienceToken is a valid access token for id, issued for another server.
func OtherAudienceToken(t testing.TB, d *db.DB, id identity.Identity) string {
	t.Helper()
	return mint(t, d, id, OtherAudience, 10*time.Minute)
}

func mint(t testing.TB, d *db.DB, id identity.Identity, audience string, ttl time.Duration) string {
	t.Helper()
	tokens, err := auth.Mint(context.Background(), d, auth.Grant{UserID: id.UserID, ClientID: ClientID, Audience: audience,
		Now: time.Now(), AccessTTL: ttl, RefreshTTL: time.Hour})
	if err != nil {
		t.Fatalf("authtest: mint a token: %v", err)
	}
	return tokens.AccessToken
}
