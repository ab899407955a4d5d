package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/db/store"
)

// Init creates the account with its first user, its owner, who is signed in.
func (s *Store) Init(ctx context.Context, accountName string, owner Profile) (User, error) {
	accountName = strings.TrimSpace(accountName)
	owner, fields, messages := owner.check()
	if reason := nameReason(accountName); reason != "" {
		fields = append([]apperr.FieldError{{Field: "accountName", Reason: reason}}, fields...)
		messages = append([]string{"an account name is required (at most 80 characters)"}, messages...)
	}
	if len(fields) > 0 {
		return User{}, apperr.InvalidFields(fields, strings.Join(messages, "; "))
	}
	var user User
	err := s.tx(ctx, func(q *store.Queries) error {
		if _, err := q.GetAccount(ctx); err == nil {
			return apperr.New(apperr.Conflict, "this Marketdesk already has an account")
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := q.CreateAccount(ctx, store.CreateAccountParams{Name: accountName, CreatedAt: s.stamp()}); err != nil {
			return err
		}
		id, err := q.InsertUser(ctx, store.InsertUserParams{Name: owner.Name, Email: owner.Email, Role: RoleOwner, MarketplaceManager: 1, CreatedAt: s.stamp()})
		if err != nil {
			return err
		}
		if err := q.SetSessionUser(ctx, id); err != nil {
			return err
		}
		row, err := q.GetUser(ctx, id)
		user = userOf(row)
		if err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), user.Actor(), "account.created", accountName, map[string]any{"owner": owner.Email})
	})
	return user, err
}

// NewUser is a user a manager adds.
type NewUser struct {
	Profile
	Role    string `json:"role"`
	Manager bool   `json:"manager"` // the marketplace-manager privilege, for admins
}

// AddUser adds a user (managers only; only owners add owners).
func (s *Store) AddUser(ctx context.Context, actor User, in NewUser) (User, error) {
	if err := RequireManager(actor, "add users"); err != nil {
		return User{}, err
	}
	p, err := in.Profile.clean()
	if err != nil {
		return User{}, err
	}
	if err := checkRole(actor, in.Role); err != nil {
		return User{}, err
	}
	var user User
	err = s.tx(ctx, func(q *store.Queries) error {
		id, err := q.InsertUser(ctx, store.InsertUserParams{Name: p.Name, Email: p.Email, Role: in.Role,
			MarketplaceManager: managerFlag(in.Role, in.Manager), CreatedAt: s.stamp()})
		if err != nil {
			return uniqueEmail(err, p.Email)
		}
		row, err := q.GetUser(ctx, id)
		if err != nil {
			return err
		}
		user = userOf(row)
		return audit.Record(ctx, q, s.now(), actor.Actor(), "user.added", p.Email, map[string]any{"role": in.Role, "manager": user.Manager})
	})
	return user, err
}

// UpdateUser changes a user's name, email and role (managers only). The
// last owner cannot be demoted.
func (s *Store) UpdateUser(ctx context.Context, actor User, id int64, in NewUser) (User, error) {
	if err := RequireManager(actor, "edit users"); err != nil {
		return User{}, err
	}
	p, err := in.Profile.clean()
	if err != nil {
		return User{}, err
	}
	if err := checkRole(actor, in.Role); err != nil {
		return User{}, err
	}
	var user User
	err = s.tx(ctx, func(q *store.Queries) error {
		before, err := getUser(ctx, q, id)
		if err != nil {
			return err
		}
		if before.Role == RoleOwner && actor.Role != RoleOwner {
			return apperr.New(apperr.Forbidden, "only owners can change an owner")
		}
		if before.Role == RoleOwner && in.Role != RoleOwner {
			if err := keepAnOwner(ctx, q); err != nil {
				return err
			}
		}
		if err := q.UpdateUser(ctx, store.UpdateUserParams{Name: p.Name, Email: p.Email, Role: in.Role,
			MarketplaceManager: managerFlag(in.Role, in.Manager), ID: id}); err != nil {
			return uniqueEmail(err, p.Email)
		}
		if user, err = getUser(ctx, q, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "user.updated", p.Email, map[string]any{
			"before": map[string]any{"name": before.Name, "email": before.Email, "role": before.Role, "manager": before.Manager},
			"after":  map[string]any{"name": user.Name, "email": user.Email, "role": user.Role, "manager": user.Manager},
		})
	})
	return user, err
}

// SetManager grants or revokes an admin's marketplace-manager privilege.
func (s *Store) SetManager(ctx context.Context, actor User, id int64, granted bool) (User, error) {
	if err := RequireManager(actor, "grant the marketplace-manager privilege"); err != nil {
		return User{}, err
	}
	target, err := s.User(ctx, id)
	if err != nil {
		return User{}, err
	}
	if target.Role != RoleAdmin {
		return User{}, apperr.New(apperr.Invalid, "the privilege is granted to admins; owners always have it and members cannot")
	}
	return s.UpdateUser(ctx, actor, id, NewUser{Profile: Profile{Name: target.Name, Email: target.Email}, Role: RoleAdmin, Manager: granted})
}

// RemoveUser removes a user (managers only); the last owner stays.
func (s *Store) RemoveUser(ctx context.Context, actor User, id int64) error {
	if err := RequireManager(actor, "remove users"); err != nil {
		return err
	}
	return s.tx(ctx, func(q *store.Queries) error {
		target, err := getUser(ctx, q, id)
		if err != nil {
			return err
		}
		if target.Role == RoleOwner {
			if actor.Role != RoleOwner {
				return apperr.New(apperr.Forbidden, "only owners can remove an owner")
			}
			if err := keepAnOwner(ctx, q); err != nil {
				return err
			}
		}
		if current, err := q.GetSessionUser(ctx); err == nil && current.ID == id {
			return apperr.New(apperr.Conflict, "%s is signed in: switch to another user first", target.Name)
		}
		if err := q.DeleteUser(ctx, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "user.removed", target.Email, map[string]any{"name": target.Name, "role": target.Role})
	})
}

// SwitchUser signs in as another user of the account (local mode).
func (s *Store) SwitchUser(ctx context.Context, from User, id int64) (User, error) {
	var user User
	err := s.tx(ctx, func(q *store.Queries) error {
		var err error
		if user, err = getUser(ctx, q, id); err != nil {
			return err
		}
		if err := q.SetSessionUser(ctx, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), from.Actor(), "session.switched", user.Email, nil)
	})
	return user, err
}

// SetRequirePreapproval turns the account's pre-approval requirement on or off.
func (s *Store) SetRequirePreapproval(ctx context.Context, actor User, required bool) (Account, error) {
	if err := RequireManager(actor, "change whether apps need pre-approval"); err != nil {
		return Account{}, err
	}
	err := s.tx(ctx, func(q *store.Queries) error {
		if err := q.SetRequirePreapproval(ctx, boolInt(required)); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "account.require_preapproval", "account", map[string]any{"required": required})
	})
	if err != nil {
		return Account{}, err
	}
	return s.Account(ctx)
}

func getUser(ctx context.Context, q *store.Queries, id int64) (User, error) {
	row, err := q.GetUser(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.New(apperr.NotFound, "there is no user %d", id)
	}
	return userOf(row), err
}

func keepAnOwner(ctx context.Context, q *store.Queries) error {
	n, err := q.CountOwners(ctx)
	if err != nil {
		return err
	}
	if n <= 1 {
		return apperr.New(apperr.Conflict, "the account needs at least one owner: make someone else an owner first")
	}
	return nil
}

func checkRole(actor User, role string) error {
	switch role {
	case RoleMember, RoleAdmin:
		return nil
	case RoleOwner:
		if actor.Role != RoleOwner {
			return apperr.New(apperr.Forbidden, "only owners can make someone an owner")
		}
		return nil
	}
	return apperr.New(apperr.Invalid, "role must be owner, admin or member, got %q", role)
}

func managerFlag(role string, granted bool) int64 {
	switch role {
	case RoleOwner:
		return 1
	case RoleAdmin:
		return boolInt(granted)
	}
	return 0
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
