package orgmode

import (
	"context"
	"net/http"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
)

// me is GET /api/v1/me as the server sends it.
type me struct {
	User    serverUser `json:"user"`
	Account struct {
		Name               string    `json:"name"`
		RequirePreapproval bool      `json:"require_preapproval"`
		CreatedAt          time.Time `json:"created_at"`
	} `json:"account"`
	Manager bool `json:"manager"`
}

type serverUser struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Manager   bool      `json:"manager"`
	CreatedAt time.Time `json:"created_at"`
}

func (u serverUser) user() account.User {
	return account.User{ID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, ManagerGranted: u.Manager,
		Manager: u.Manager || u.Role == account.RoleOwner, CreatedAt: stamp(u.CreatedAt)}
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Me is the signed-in person as the organization knows them (the last
// known answer when offline).
func (s *Service) Me(ctx context.Context) (account.User, error) {
	m, err := s.me(ctx)
	if err != nil {
		return account.User{}, err
	}
	u := m.User.user()
	u.Manager = u.Manager || m.Manager
	return u, nil
}

func (s *Service) me(ctx context.Context) (me, error) {
	var m me
	err := s.read(ctx, "me", "/api/v1/me", &m)
	return m, err
}

// Status is the account service's Status in organization mode: the
// account is the organization's, always initialized.
func (s *Service) Status(ctx context.Context) (account.Status, error) {
	m, err := s.me(ctx)
	if err != nil {
		return account.Status{}, err
	}
	// The window asks this first: the local stand-in is ready before
	// anything acts as it (the catalog's sources, the sandbox's consent).
	// A data directory whose local account lacks the person says so when
	// they install; the status itself stands.
	_, _ = s.LocalUser(ctx)
	u := m.User.user()
	u.Manager = u.Manager || m.Manager
	return account.Status{Initialized: true, Me: u, Account: account.Account{Name: m.Account.Name,
		RequirePreapproval: m.Account.RequirePreapproval, CreatedAt: stamp(m.Account.CreatedAt)}}, nil
}

// Users lists the organization's people. Members may not list them at the
// server; they see themselves.
func (s *Service) Users(ctx context.Context) ([]account.User, error) {
	var body struct {
		Users []serverUser `json:"users"`
	}
	err := s.read(ctx, "users", "/api/v1/users", &body)
	if apperr.CodeOf(err) == apperr.Forbidden {
		me, meErr := s.Me(ctx)
		if meErr != nil {
			return nil, meErr
		}
		return []account.User{me}, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]account.User, 0, len(body.Users))
	for _, u := range body.Users {
		out = append(out, u.user())
	}
	return out, nil
}

// Refusal is the answer to "Switch user" and local account editing.
func (s *Service) Refusal() error { return ErrSSOIdentity }

// SetRequirePreapproval turns the organization's requirement on or off
// (the server allows it to marketplace managers).
func (s *Service) SetRequirePreapproval(ctx context.Context, required bool) (account.Account, error) {
	var out struct {
		Name               string    `json:"name"`
		RequirePreapproval bool      `json:"require_preapproval"`
		CreatedAt          time.Time `json:"created_at"`
	}
	if err := s.act(ctx, http.MethodPut, "/api/v1/account", map[string]any{"require_preapproval": required}, &out); err != nil {
		return account.Account{}, err
	}
	return account.Account{Name: out.Name, RequirePreapproval: out.RequirePreapproval, CreatedAt: stamp(out.CreatedAt)}, nil
}
