// Package account is the organization of a data directory: its users, their
// roles, the marketplace-manager privilege, and who is signed in.
//
// Local mode has no passwords: the OS account is the security boundary, and
// "switch user" is how one person tries the app as another. Every method
// still takes the acting user explicitly, so rules are enforced here and
// tests can call them as anyone.
package account

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/db"
	"marketdesk/db/store"
)

// Roles of a user.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// User is a person of the account.
type User struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
	// ManagerGranted is the privilege as stored (meaningful for admins).
	ManagerGranted bool `json:"managerGranted"`
	// Manager is the effective marketplace-manager privilege: owners always,
	// admins when granted, members never.
	Manager   bool   `json:"manager"`
	CreatedAt string `json:"createdAt"`
}

// Actor is the user as the audit log records them.
func (u User) Actor() audit.Actor { return audit.Actor{ID: u.ID, Name: u.Name, Email: u.Email} }

// Account is the organization.
type Account struct {
	Name               string `json:"name"`
	RequirePreapproval bool   `json:"requirePreapproval"`
	CreatedAt          string `json:"createdAt"`
}

// ErrNoAccount says the data directory has no account yet (first launch).
var ErrNoAccount = apperr.New(apperr.NotFound, "this Marketdesk has no account yet: create it first")

// Store reads and changes the account.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// New returns the account store.
func New(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

func (s *Store) stamp() string { return s.now().UTC().Format(time.RFC3339) }

// Forbidden is the error every manager-only action returns to others.
func Forbidden(action string) error {
	return apperr.New(apperr.Forbidden, "only marketplace managers can %s", action)
}

// RequireManager refuses actor unless they are a marketplace manager.
func RequireManager(actor User, action string) error {
	if !actor.Manager {
		return Forbidden(action)
	}
	return nil
}

func userOf(r store.User) User {
	u := User{ID: r.ID, Name: r.Name, Email: r.Email, Role: r.Role, ManagerGranted: r.MarketplaceManager != 0, CreatedAt: r.CreatedAt}
	u.Manager = r.Role == RoleOwner || (r.Role == RoleAdmin && u.ManagerGranted)
	return u
}

// Account returns the account, or ErrNoAccount.
func (s *Store) Account(ctx context.Context) (Account, error) {
	a, err := store.New(s.db.Reader).GetAccount(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, ErrNoAccount
	}
	if err != nil {
		return Account{}, err
	}
	return Account{Name: a.Name, RequirePreapproval: a.RequirePreapproval != 0, CreatedAt: a.CreatedAt}, nil
}

// Current returns the signed-in user, or ErrNoAccount.
func (s *Store) Current(ctx context.Context) (User, error) {
	u, err := store.New(s.db.Reader).GetSessionUser(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNoAccount
	}
	return userOf(u), err
}

// User returns one user, or a not-found error.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	u, err := store.New(s.db.Reader).GetUser(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.New(apperr.NotFound, "there is no user %d", id)
	}
	return userOf(u), err
}

// Users lists the account's users by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := store.New(s.db.Reader).ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]User, 0, len(rows))
	for _, r := range rows {
		out = append(out, userOf(r))
	}
	return out, nil
}

// Profile is what a person types about a user.
type Profile struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

func (p Profile) clean() (Profile, error) {
	p.Name, p.Email = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email)
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 80 {
		return p, apperr.New(apperr.Invalid, "a name is required (at most 80 characters)")
	}
	addr, err := mail.ParseAddress(p.Email)
	if err != nil || addr.Address != p.Email || len(p.Email) > 254 {
		return p, apperr.New(apperr.Invalid, "%q is not an email address", p.Email)
	}
	return p, nil
}

// tx runs fn in one write transaction.
func (s *Store) tx(ctx context.Context, fn func(q *store.Queries) error) error {
	return s.db.Write(ctx, fn)
}

// uniqueEmail turns the database's unique-email failure into a clear error.
func uniqueEmail(err error, email string) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: users.email") {
		return apperr.New(apperr.Conflict, "%s already belongs to a user of this account", email)
	}
	return err
}
