package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
	"marketdesk/app/org"
	"marketdesk/app/orgmode"
	"marketdesk/app/settings"
)

// orgMode is the organization the data directory is connected to, or nil
// in local mode (and when this build or the policy file offers none: the
// local commands then say what the local database says).
func orgMode(ctx context.Context, env Env, cat *Catalog) (*orgmode.Service, func()) {
	if env.OpenOrg == nil {
		return nil, func() {}
	}
	// Local mode opens nothing more than before (no keychain, no policy file).
	if server, err := settings.New(cat.DB, time.Now).Get(ctx, org.KeyServer); err != nil || server == "" {
		return nil, func() {}
	}
	conn, closeOrg, err := env.OpenOrg(ctx)
	if err != nil {
		return nil, func() {}
	}
	om := orgmode.New(conn, cat.DB)
	if !om.Active(ctx) {
		closeOrg()
		return nil, func() {}
	}
	om.AppType = func(ctx context.Context, id string) (string, error) {
		l, err := cat.Searcher.App(ctx, id)
		return l.Type, err
	}
	return om, closeOrg
}

// adminAtOrg runs the account, approval, request and audit commands at the
// organization (docs/architecture.md, "Local mode and organization mode").
func adminAtOrg(ctx context.Context, inv Invocation, om *orgmode.Service, approvals *approval.Store) (any, string, error) {
	switch inv.Command {
	case "init", "users add", "users role", "users remove", "users switch":
		return nil, "", om.Refusal() // people and roles are the organization's (its identity provider)
	case "requests create":
		r, err := om.Ask(ctx, inv.Args[0], inv.Flags["reason"])
		return r, fmt.Sprintf("request %d for %s: %s\n", r.ID, inv.Args[0], r.Status), err
	case "requests cancel":
		id, err := requestID(inv.Args[0])
		if err != nil {
			return nil, "", err
		}
		return map[string]int64{"cancelled": id}, fmt.Sprintf("request %d cancelled\n", id), om.Cancel(ctx, id)
	case "approvals block":
		err := om.Block(ctx, inv.Args[0], inv.Flags["note"])
		return map[string]string{"blocked": inv.Args[0]}, inv.Args[0] + ": blocked\n", err
	case "approvals unblock":
		err := om.Revoke(ctx, inv.Args[0])
		return map[string]string{"unblocked": inv.Args[0]}, inv.Args[0] + ": unblocked (not approved)\n", err
	case "users list":
		users, err := om.Users(ctx)
		return users, usersText(users), err
	case "approvals list":
		apps, err := om.Apps(ctx, approval.AppFilter{State: inv.Flags["state"]}, func(c context.Context, f approval.AppFilter) ([]approval.AppState, error) {
			return approvals.Apps(c, account.User{Manager: true}, f) // the local catalog; the server checked the manager
		})
		return apps, appsText(apps), err
	case "approvals grant":
		g, err := grantOf(ctx, om.Users, inv.Flags["users"], inv.Flags["note"])
		if err != nil {
			return nil, "", err
		}
		a, err := om.PreApprove(ctx, inv.Args[0], g)
		return a, fmt.Sprintf("%s: pre-approved (%s)\n", inv.Args[0], scopeText(a.Scope, len(a.UserIDs))), err
	case "approvals revoke":
		err := om.Revoke(ctx, inv.Args[0])
		return map[string]string{"revoked": inv.Args[0]}, inv.Args[0] + ": approval revoked\n", err
	case "requests list":
		if me, err := om.Me(ctx); err == nil && !me.Manager { // a member sees their own, as in the window
			reqs, err := om.MyRequests(ctx)
			reqs = withStatus(reqs, inv.Flags["status"])
			return reqs, requestsText(reqs), err
		}
		reqs, err := om.Requests(ctx, inv.Flags["status"])
		return reqs, requestsText(reqs), err
	case "requests approve", "requests deny":
		id, err := strconv.ParseInt(inv.Args[0], 10, 64)
		if err != nil {
			return nil, "", apperr.New(apperr.Invalid, "a request id is a number, got %q", inv.Args[0])
		}
		v := approval.Verdict{Approve: inv.Command == "requests approve", ForAccount: inv.Flags["for-account"] == "true", Note: inv.Flags["note"]}
		r, err := om.Decide(ctx, id, v)
		return r, fmt.Sprintf("request %d: %s\n", id, r.Status), err
	case "audit export":
		entries, err := om.Audit(ctx, audit.Filter{Action: inv.Flags["action"], Limit: 10000})
		if err != nil {
			return nil, "", err
		}
		return auditOut(inv, entries)
	}
	return nil, "", apperr.New(apperr.Invalid, "unknown command %s", inv.Command)
}
