package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
)

// runAdmin runs the account, approval, request and audit commands.
func runAdmin(ctx context.Context, inv Invocation, env Env) int {
	cat, err := env.OpenCatalog(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer cat.DB.Close()
	accounts := account.New(cat.DB, time.Now)
	approvals := approval.New(cat.DB, accounts, time.Now)
	if om, closeOrg := orgMode(ctx, env, cat); om != nil {
		defer closeOrg()
		out, text, err := adminAtOrg(ctx, inv, om, approvals)
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, out, text, true)
	}
	if inv.Command == "init" {
		u, err := accounts.Init(ctx, inv.Flags["account"], account.Profile{Name: inv.Flags["name"], Email: inv.Flags["email"]})
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, u, fmt.Sprintf("created the account %q; %s <%s> is its owner and signed in\n", inv.Flags["account"], u.Name, u.Email), true)
	}
	me, err := accounts.Current(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	out, text, err := admin(ctx, inv, me, accounts, approvals, cat)
	if IsUsage(err) {
		return usage(env, err.Error())
	}
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	return printOut(env, inv.JSON, out, text, true)
}

func admin(ctx context.Context, inv Invocation, me account.User, accounts *account.Store, approvals *approval.Store, cat *Catalog) (any, string, error) {
	switch inv.Command {
	case "users list":
		users, err := accounts.Users(ctx)
		return users, usersText(users), err
	case "approvals list":
		apps, err := approvals.Apps(ctx, me, approval.AppFilter{State: inv.Flags["state"]})
		return apps, appsText(apps), err
	case "approvals grant":
		g, err := grantOf(ctx, accounts.Users, inv.Flags["users"], inv.Flags["note"])
		if err != nil {
			return nil, "", err
		}
		a, err := approvals.PreApprove(ctx, me, inv.Args[0], g)
		return a, fmt.Sprintf("%s: pre-approved (%s)\n", inv.Args[0], scopeText(a.Scope, len(a.UserIDs))), err
	case "approvals revoke":
		err := approvals.Revoke(ctx, me, inv.Args[0])
		return map[string]string{"revoked": inv.Args[0]}, inv.Args[0] + ": approval revoked\n", err
	case "requests list":
		if !me.Manager { // a member sees their own requests, as in the window's My requests
			reqs, err := approvals.MyRequests(ctx, me)
			reqs = withStatus(reqs, inv.Flags["status"])
			return reqs, requestsText(reqs), err
		}
		reqs, err := approvals.Requests(ctx, me, inv.Flags["status"])
		return reqs, requestsText(reqs), err
	case "requests approve", "requests deny":
		id, err := strconv.ParseInt(inv.Args[0], 10, 64)
		if err != nil {
			return nil, "", apperr.New(apperr.Invalid, "a request id is a number, got %q", inv.Args[0])
		}
		v := approval.Verdict{Approve: inv.Command == "requests approve", ForAccount: inv.Flags["for-account"] == "true", Note: inv.Flags["note"]}
		r, err := approvals.DecideRequest(ctx, me, id, v)
		return r, fmt.Sprintf("request %d: %s\n", id, r.Status), err
	case "users add", "users role", "users remove", "users switch":
		return users(ctx, inv, me, accounts)
	case "requests create", "requests cancel", "approvals block", "approvals unblock":
		return decisions(ctx, inv, me, approvals)
	case "audit export":
		if err := account.RequireManager(me, "read the audit log"); err != nil {
			return nil, "", err
		}
		entries, err := audit.List(ctx, cat.DB, audit.Filter{Action: inv.Flags["action"], Limit: 10000})
		if err != nil {
			return nil, "", err
		}
		return auditOut(inv, entries)
	}
	return nil, "", apperr.New(apperr.Invalid, "unknown command %s", inv.Command)
}

// auditOut prints entries as --format (csv, the default, or json) says.
func auditOut(inv Invocation, entries []audit.Entry) (any, string, error) {
	if inv.Flags["format"] == "json" || inv.JSON {
		return entries, audit.JSON(entries) + "\n", nil
	}
	if f := inv.Flags["format"]; f != "" && f != "csv" {
		return nil, "", apperr.New(apperr.Invalid, "--format is csv or json")
	}
	return entries, audit.CSV(entries), nil
}

// grantOf turns --users a@x,b@x into user ids; no --users means the whole account.
func grantOf(ctx context.Context, listUsers func(context.Context) ([]account.User, error), emails, note string) (approval.Grant, error) {
	if strings.TrimSpace(emails) == "" {
		return approval.Grant{ForAccount: true, Note: note}, nil
	}
	users, err := listUsers(ctx)
	if err != nil {
		return approval.Grant{}, err
	}
	g := approval.Grant{Note: note}
	for _, email := range strings.Split(emails, ",") {
		email = strings.TrimSpace(email)
		found := false
		for _, u := range users {
			if strings.EqualFold(u.Email, email) {
				g.UserIDs, found = append(g.UserIDs, u.ID), true
			}
		}
		if !found {
			return g, apperr.New(apperr.NotFound, "no user has the email %s", email)
		}
	}
	return g, nil
}

func scopeText(scope string, users int) string {
	switch scope {
	case approval.ScopeAccount:
		return "for the whole account"
	case approval.ScopeUsers:
		return fmt.Sprintf("for %d user(s)", users)
	case approval.ScopeBlocked:
		return "blocked"
	}
	return "not approved"
}

func usersText(users []account.User) string {
	t := newTable("ID", "NAME", "EMAIL", "ROLE", "MANAGER")
	for _, u := range users {
		t.row(u.ID, u.Name, u.Email, u.Role, u.Manager)
	}
	return t.String()
}

func appsText(apps []approval.AppState) string {
	t := newTable("APP", "TYPE", "APPROVAL", "PENDING")
	for _, a := range apps {
		state := scopeText(a.State, int(a.UserCount))
		if a.ChangedSinceApproved {
			state += ", changed since approved"
		}
		t.row(a.ListingID, a.Type, state, a.PendingRequests)
	}
	return t.String()
}

func requestsText(reqs []approval.Request) string {
	t := newTable("ID", "APP", "REQUESTER", "STATUS", "CREATED", "REASON")
	for _, r := range reqs {
		t.row(r.ID, r.ListingID, r.UserEmail, r.Status, r.CreatedAt, r.Reason)
	}
	return t.String()
}
