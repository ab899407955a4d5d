// Package identity is who a request to the organization server comes from:
// the signed-in person, taken from the bearer token by a Verifier (server/auth)
// and carried in the request's context to every route, which enforces the
// rules of DESIGN.md with it. It is the contract between the auth code that
// issues and checks tokens and the routes that use them.
package identity

import (
	"context"

	"marketdesk/app/apperr"
)

// Role is a person's role in the account (DESIGN.md): owners and admins
// administer; members use the catalog.
type Role string

const (
	Owner  Role = "owner"
	Admin  Role = "admin"
	Member Role = "member"
)

// Unauthenticated is the code of a request without a valid token: none, an
// expired one, one for another audience, or one revoked. The API answers 401.
const Unauthenticated apperr.Code = "unauthenticated"

// Identity is the signed-in person of a request.
type Identity struct {
	UserID    int64
	AccountID int64
	Issuer    string // the organization's OpenID provider
	Subject   string // the person at that provider
	Email     string
	Name      string
	Role      Role
	Manager   bool   // the marketplace-manager privilege; owners always have it
	ClientID  string // the desktop (OAuth client) the token was issued to
}

// Administers reports whether the person is an owner or an admin.
func (i Identity) Administers() bool { return i.Role == Owner || i.Role == Admin }

// Manages reports whether the person may manage the marketplace (catalog
// sources, pre-approvals, decisions on requests).
func (i Identity) Manages() bool { return i.Role == Owner || (i.Role == Admin && i.Manager) }

// Verifier turns a bearer access token into its Identity, or fails with an
// error of code Unauthenticated (expired, wrong audience, unknown, revoked).
type Verifier interface {
	Verify(ctx context.Context, accessToken string) (Identity, error)
}

type key struct{}

// With returns ctx carrying id.
func With(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// From returns the Identity of ctx; ok is false for a request that was not
// authenticated (a public route).
func From(ctx context.Context) (id Identity, ok bool) {
	id, ok = ctx.Value(key{}).(Identity)
	return id, ok
}
