package policy

import (
	"context"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
)

// User is a person of the account as the API shows them.
type User struct {
	ID      int64     `json:"id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	Manager bool      `json:"manager"`
	Since   time.Time `json:"created_at"`
}

func userOf(u store.User) User {
	return User{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Manager: u.MarketplaceManager, Since: u.CreatedAt}
}

func manages(u store.User) bool {
	return u.Role == "owner" || (u.Role == "admin" && u.MarketplaceManager)
}

func (s *service) listUsers(w http.ResponseWriter, r *http.Request, c caller) error {
	rows, err := s.db.Queries.PolicyUsers(r.Context(), c.AccountID)
	if err != nil {
		return err
	}
	out := make([]User, 0, len(rows))
	for _, u := range rows {
		out = append(out, userOf(u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
	return nil
}

// RoleChange is the body of PUT /api/v1/users/{id}/role. Manager is the
// marketplace-manager privilege, held only by admins (owners always have
// it, members never); absent, an admin keeps theirs.
type RoleChange struct {
	Role    string `json:"role"`
	Manager *bool  `json:"manager"`
}

func (s *service) setRole(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in RoleChange
	if err := decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var out User
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		before, err := q.PolicyUser(ctx, store.PolicyUserParams{AccountID: c.AccountID, ID: id})
		if err != nil {
			return notFound(err, "there is no user %d in this account", id)
		}
		manager, err := managerFlag(in, before)
		if err != nil {
			return err
		}
		after := before
		after.Role, after.MarketplaceManager = in.Role, manager
		if err := mayChangeRole(ctx, q, c, before, after); err != nil {
			return err
		}
		saved, err := q.SetUserRole(ctx, store.SetUserRoleParams{Role: in.Role, Manager: manager, AccountID: c.AccountID, ID: id})
		if err != nil {
			return err
		}
		out = userOf(saved)
		return s.record(ctx, tx, q, c, change{
			action: "user.role_changed", target: saved.Email,
			details: map[string]any{"user": id,
				"before": map[string]any{"role": before.Role, "manager": before.MarketplaceManager},
				"after":  map[string]any{"role": saved.Role, "manager": saved.MarketplaceManager}},
			kind: events.RoleChanged, userID: id, data: out,
		})
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// managerFlag is the privilege a role change leaves the user with.
func managerFlag(in RoleChange, before store.User) (bool, error) {
	switch in.Role {
	case "owner":
		return true, nil
	case "admin":
		if in.Manager != nil {
			return *in.Manager, nil
		}
		return before.Role == "admin" && before.MarketplaceManager, nil
	case "member":
		if in.Manager != nil && *in.Manager {
			return false, apperr.New(apperr.Invalid, "the marketplace-manager privilege is for admins: make the member an admin first")
		}
		return false, nil
	}
	return false, apperr.New(apperr.Invalid, "role must be owner, admin or member, got %q", in.Role)
}

// mayChangeRole holds the rules on roles: only owners make or unmake
// owners; only marketplace managers give or take the privilege; the
// account always keeps an owner.
func mayChangeRole(ctx context.Context, q *store.Queries, c caller, before, after store.User) error {
	if (before.Role == "owner" || after.Role == "owner") && before.Role != after.Role && c.user.Role != "owner" {
		return apperr.New(apperr.Forbidden, "only owners can make someone an owner or change an owner's role")
	}
	if manages(before) != manages(after) && !c.manages() {
		return apperr.New(apperr.Forbidden, "only marketplace managers can give or take the marketplace-manager privilege")
	}
	if before.Role == "owner" && after.Role != "owner" {
		return keepAnOwner(ctx, q, c.AccountID)
	}
	return nil
}

// keepAnOwner refuses to leave the account without an owner. It locks the
// owners' rows, so two owners demoting each other at once are serialised
// and the second is refused.
func keepAnOwner(ctx context.Context, q *store.Queries, accountID int64) error {
	owners, err := q.LockOwners(ctx, accountID)
	if err != nil {
		return err
	}
	if len(owners) <= 1 {
		return apperr.New(apperr.Conflict, "the account needs at least one owner: make someone else an owner first")
	}
	return nil
}

func (s *service) removeUser(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		target, err := q.PolicyUser(ctx, store.PolicyUserParams{AccountID: c.AccountID, ID: id})
		if err != nil {
			return notFound(err, "there is no user %d in this account", id)
		}
		if target.Role == "owner" {
			if c.user.Role != "owner" {
				return apperr.New(apperr.Forbidden, "only owners can remove an owner")
			}
			if err := keepAnOwner(ctx, q, c.AccountID); err != nil {
				return err
			}
		}
		if manages(target) && !c.manages() {
			return apperr.New(apperr.Forbidden, "only marketplace managers can remove a marketplace manager")
		}
		// The audit entry goes first: it names the actor by id, and the
		// actor may be the user removed (the id then turns NULL, the
		// copied name and email stay).
		if err := s.record(ctx, tx, q, c, change{
			action: "user.removed", target: target.Email,
			details: map[string]any{"user": id, "name": target.Name, "role": target.Role},
			kind:    events.RoleChanged, userID: id, data: map[string]any{"id": id, "removed": true},
		}); err != nil {
			return err
		}
		_, err = q.RemoveUser(ctx, store.RemoveUserParams{AccountID: c.AccountID, ID: id})
		return err
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
