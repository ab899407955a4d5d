package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/approval"
)

// users runs users add, role, remove and switch in local mode through the
// account store the window uses: the same rules (managers only, only owners
// touch owners, the last owner stays, the signed-in user is not removed).
func users(ctx context.Context, inv Invocation, me account.User, accounts *account.Store) (any, string, error) {
	if inv.Command == "users add" {
		role := inv.Flags["role"]
		if role == "" {
			role = account.RoleMember
		}
		u, err := accounts.AddUser(ctx, me, account.NewUser{Profile: account.Profile{Name: inv.Flags["name"], Email: inv.Flags["email"]},
			Role: role, Manager: inv.Flags["manager"] == "true"})
		return u, fmt.Sprintf("added %s <%s> as %s\n", u.Name, u.Email, u.Role), err
	}
	target, err := userByEmail(ctx, accounts, inv.Args[0])
	if err != nil {
		return nil, "", err
	}
	switch inv.Command {
	case "users role":
		in := account.NewUser{Profile: account.Profile{Name: target.Name, Email: target.Email}, Role: target.Role, Manager: target.ManagerGranted}
		if r := inv.Flags["role"]; r != "" {
			in.Role = r
		}
		if m, ok := inv.Flags["manager"]; ok {
			in.Manager = m == "true"
		}
		if inv.Flags["role"] == "" && inv.Flags["manager"] == "" {
			return nil, "", &UsageError{"users role needs --role owner|admin|member or --manager / --manager=false"}
		}
		u, err := accounts.UpdateUser(ctx, me, target.ID, in)
		return u, fmt.Sprintf("%s is now %s (marketplace manager: %t)\n", u.Email, u.Role, u.Manager), err
	case "users remove":
		if inv.Flags["yes"] != "true" {
			return nil, "", &UsageError{"users remove deletes the user and their requests: confirm with --yes"}
		}
		err := accounts.RemoveUser(ctx, me, target.ID)
		return map[string]string{"removed": target.Email}, target.Email + " removed\n", err
	}
	u, err := accounts.SwitchUser(ctx, me, target.ID) // users switch
	return u, fmt.Sprintf("signed in as %s <%s>\n", u.Name, u.Email), err
}

func userByEmail(ctx context.Context, accounts *account.Store, email string) (account.User, error) {
	list, err := accounts.Users(ctx)
	if err != nil {
		return account.User{}, err
	}
	for _, u := range list {
		if strings.EqualFold(u.Email, strings.TrimSpace(email)) {
			return u, nil
		}
	}
	return account.User{}, apperr.New(apperr.NotFound, "no user has the email %s (marketdesk users list shows them)", email)
}

// decisions runs requests create and cancel and approvals block and
// unblock through the approval store the window uses.
func decisions(ctx context.Context, inv Invocation, me account.User, approvals *approval.Store) (any, string, error) {
	switch inv.Command {
	case "requests create":
		r, err := approvals.Ask(ctx, me, inv.Args[0], inv.Flags["reason"])
		return r, fmt.Sprintf("request %d for %s: %s\n", r.ID, inv.Args[0], r.Status), err
	case "requests cancel":
		id, err := requestID(inv.Args[0])
		if err != nil {
			return nil, "", err
		}
		return map[string]int64{"cancelled": id}, fmt.Sprintf("request %d cancelled\n", id), approvals.Cancel(ctx, me, id)
	case "approvals block":
		err := approvals.Block(ctx, me, inv.Args[0], inv.Flags["note"])
		return map[string]string{"blocked": inv.Args[0]}, inv.Args[0] + ": blocked\n", err
	}
	a, err := approvals.Approval(ctx, inv.Args[0]) // approvals unblock
	if err != nil {
		return nil, "", err
	}
	if a.Scope != approval.ScopeBlocked {
		return nil, "", apperr.New(apperr.Conflict, "%s is not blocked (marketdesk approvals list --state blocked shows the blocked apps)", inv.Args[0])
	}
	err = approvals.Revoke(ctx, me, inv.Args[0])
	return map[string]string{"unblocked": inv.Args[0]}, inv.Args[0] + ": unblocked (not approved)\n", err
}

func requestID(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return 0, apperr.New(apperr.Invalid, "a request id is a number (marketdesk requests list shows them), got %q", arg)
	}
	return id, nil
}

func withStatus(reqs []approval.Request, status string) []approval.Request {
	if status == "" {
		return reqs
	}
	out := []approval.Request{}
	for _, r := range reqs {
		if r.Status == status {
			out = append(out, r)
		}
	}
	return out
}
