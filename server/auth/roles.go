package auth

import (
	"slices"

	"marketdesk/app/apperr"
	"marketdesk/server/config"
	"marketdesk/server/identity"
)

// grant is a role with the marketplace-manager privilege.
type grant struct {
	role    identity.Role
	manager bool
}

// normal applies DESIGN.md's rule: owners always manage, members never do.
func (g grant) normal() grant {
	switch g.role {
	case identity.Owner:
		g.manager = true
	case identity.Member:
		g.manager = false
	}
	return g
}

// fromGroups maps the provider's groups to a grant; mapped is false when
// the person is in none of the configured groups.
func fromGroups(c config.Auth, groups []string) (g grant, mapped bool) {
	in := func(names []string) bool {
		return slices.ContainsFunc(groups, func(x string) bool { return slices.Contains(names, x) })
	}
	g.manager = in(c.ManagerGroups)
	switch {
	case in(c.OwnerGroups):
		g.role, mapped = identity.Owner, true
	case in(c.AdminGroups):
		g.role, mapped = identity.Admin, true
	default:
		g.role, mapped = identity.Member, g.manager
	}
	return g.normal(), mapped
}

// decide is the grant of a person at sign-in (docs/server-auth.md, "Roles"):
//   - an owner stays owner: groups never demote one (owners are made by the
//     first sign-in or by another owner, and only an owner removes one on
//     the server), so a group change at the provider cannot lock the
//     organization out of its own account;
//   - the first person becomes owner when first_user_owner is set;
//   - otherwise a mapped group decides, at every sign-in: the provider is
//     the source of truth, so leaving a group takes effect at the next
//     sign-in;
//   - in no mapped group: a known person keeps the grant the server has
//     (owners assign roles there), a new person is a member — unless
//     auth.unmapped is "refuse", which refuses them both.
func decide(c config.Auth, groups []string, existing *grant, firstPerson bool) (grant, error) {
	g, mapped := fromGroups(c, groups)
	switch {
	case existing != nil && existing.role == identity.Owner:
		return existing.normal(), nil
	case existing == nil && firstPerson && c.FirstUserOwner:
		return grant{role: identity.Owner}.normal(), nil
	case mapped:
		return g, nil
	case c.Unmapped == config.UnmappedRefuse:
		return grant{}, apperr.New(apperr.Forbidden, "you are in none of the groups that may use Marketdesk: ask your administrator")
	case existing != nil:
		return existing.normal(), nil
	}
	return grant{role: identity.Member}, nil
}
