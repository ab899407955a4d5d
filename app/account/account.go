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
	"fmt"
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
	p, fields, messages := p.check()
	if len(fields) > 0 {
		return p, apperr.InvalidFields(fields, strings.Join(messages, "; "))
	}
	return p, nil
}

// check trims the profile and lists every refused field at once, so that a
// form shows all its problems on the first try.
func (p Profile) check() (Profile, []apperr.FieldError, []string) {
	p.Name, p.Email = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email)
	var fields []apperr.FieldError
	var messages []string
	if reason := nameReason(p.Name); reason != "" {
		fields = append(fields, apperr.FieldError{Field: "name", Reason: reason})
		messages = append(messages, "a name is required (at most 80 characters)")
	}
	if reason := emailReason(p.Email); reason != "" {
		fields = append(fields, apperr.FieldError{Field: "email", Reason: reason})
		messages = append(messages, fmt.Sprintf("%q is not an email address", p.Email))
	}
	return p, fields, messages
}

// nameReason says why a trimmed name is refused, "" when it is fine.
func nameReason(name string) string {
	switch {
	case name == "":
		return apperr.ReasonRequired
	case utf8.RuneCountInString(name) > 80:
		return apperr.ReasonTooLong
	}
	return ""
}

func emailReason(email string) string {
	if email == "" {
		return apperr.ReasonRequired
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 {
		return apperr.ReasonNotEmail
	}
	return ""
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
