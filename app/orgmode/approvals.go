package orgmode

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/approval"
)

// serverApproval is a pre-approval or block as the server sends it.
type serverApproval struct {
	ID        int64     `json:"id"`
	ListingID string    `json:"listing_id"`
	Scope     string    `json:"scope"` // account, user, blocked
	UserID    *int64    `json:"user_id"`
	Note      string    `json:"note"`
	Message   string    `json:"message"`
	Lapsed    bool      `json:"lapsed"`
	GrantedAt time.Time `json:"granted_at"`
}

// approvalsOf reads the approvals of one app that concern the signed-in
// person (all of them for managers); lapsed ones do not count.
func (s *Service) approvalsOf(ctx context.Context, listingID string) ([]serverApproval, error) {
	var body struct {
		Approvals []serverApproval `json:"approvals"`
	}
	q := url.Values{"listing_id": {listingID}}
	if err := s.read(ctx, "approvals_"+listingID, "/api/v1/approvals?"+q.Encode(), &body); err != nil {
		return nil, err
	}
	out := body.Approvals[:0]
	for _, a := range body.Approvals {
		if !a.Lapsed {
			out = append(out, a)
		}
	}
	return out, nil
}

// approvalView is the server's rows of one app as the desktop shows one
// approval: blocked, else for the account, else for named users.
func approvalView(listingID string, rows []serverApproval) approval.Approval {
	a := approval.Approval{ListingID: listingID, Scope: approval.ScopeNone}
	for _, r := range rows {
		switch {
		case r.Scope == "blocked":
			return approval.Approval{ListingID: listingID, Scope: approval.ScopeBlocked, Note: r.Message, UpdatedAt: stamp(r.GrantedAt)}
		case r.Scope == "account":
			a.Scope, a.Note, a.UpdatedAt = approval.ScopeAccount, r.Note, stamp(r.GrantedAt)
		case r.Scope == "user" && r.UserID != nil && a.Scope != approval.ScopeAccount:
			a.Scope, a.Note, a.UpdatedAt = approval.ScopeUsers, r.Note, stamp(r.GrantedAt)
			a.UserIDs = append(a.UserIDs, *r.UserID)
		}
	}
	return a
}

// ActionFor is what an app's detail page offers, by the server's
// approvals and requests (the local catalog says whether the app is
// listed and its type). The server decides again at install.
func (s *Service) ActionFor(ctx context.Context, listingID string) (approval.Action, error) {
	m, err := s.me(ctx)
	if err != nil {
		return approval.Action{}, err
	}
	appType := "user"
	if s.AppType != nil {
		if appType, err = s.AppType(ctx, listingID); err != nil {
			return approval.Action{}, err
		}
	}
	rows, err := s.approvalsOf(ctx, listingID)
	if err != nil {
		return approval.Action{}, err
	}
	me := m.User.user()
	me.Manager = me.Manager || m.Manager
	view := approvalView(listingID, rows)
	forMe := view.Scope == approval.ScopeAccount
	for _, id := range view.UserIDs {
		forMe = forMe || id == me.ID
	}
	d := approval.Decide(approval.Facts{User: me, RequirePreapproval: m.Account.RequirePreapproval, AppType: appType,
		Listed: true, Blocked: view.Scope == approval.ScopeBlocked, ApprovedForUser: forMe})
	act := approval.Action{Decision: d, State: d.Reason}
	if me.Manager {
		act.Approval = view
	}
	switch d.Reason {
	case approval.Allowed:
		act.State = "install"
		return act, nil
	case approval.NeedsPreapproval, approval.AdminsOnly:
		// The server takes a member's request for an account-level app too
		// (as local mode does): a manager installs it for the account.
		act.State = "request"
	default:
		return act, nil
	}
	mine, err := s.MyRequests(ctx)
	if err != nil {
		return approval.Action{}, err
	}
	for i := range mine { // newest first
		r := mine[i]
		if r.ListingID != listingID {
			continue
		}
		if r.Status == approval.StatusPending || r.Status == approval.StatusDenied {
			act.State, act.Request = r.Status, &r
		}
		break
	}
	return act, nil
}

// PreApprove approves an app for the account or named people at the
// server, replacing what was there (as in local mode).
func (s *Service) PreApprove(ctx context.Context, listingID string, g approval.Grant) (approval.Approval, error) {
	body := map[string]any{"listing_id": listingID, "scope": "account", "note": g.Note}
	if !g.ForAccount {
		if len(g.UserIDs) == 0 {
			return approval.Approval{}, apperr.New(apperr.Invalid, "choose the account or at least one person")
		}
		body["scope"], body["user_ids"] = "user", g.UserIDs
	}
	if _, err := s.clear(ctx, listingID); err != nil {
		return approval.Approval{}, err
	}
	var out struct {
		Approvals []serverApproval `json:"approvals"`
	}
	if err := s.act(ctx, http.MethodPost, "/api/v1/approvals", body, &out); err != nil {
		return approval.Approval{}, err
	}
	return approvalView(listingID, out.Approvals), nil
}

// Revoke withdraws an app's approvals (and a block) at the server.
func (s *Service) Revoke(ctx context.Context, listingID string) error {
	n, err := s.clear(ctx, listingID)
	if err == nil && n == 0 {
		return apperr.New(apperr.NotFound, "%s has no approval to revoke", listingID)
	}
	return err
}

// Block forbids an app for everyone; note is what people are told.
func (s *Service) Block(ctx context.Context, listingID, note string) error {
	if _, err := s.clear(ctx, listingID); err != nil {
		return err
	}
	return s.act(ctx, http.MethodPost, "/api/v1/approvals", map[string]any{"listing_id": listingID, "scope": "blocked", "message": note}, nil)
}

// clear deletes every approval and block of an app at the server.
func (s *Service) clear(ctx context.Context, listingID string) (int, error) {
	var body struct {
		Approvals []serverApproval `json:"approvals"`
	}
	c, err := s.conn.Client(ctx)
	if err != nil {
		return 0, err
	}
	if err := c.GetJSON(ctx, "/api/v1/approvals?"+url.Values{"listing_id": {listingID}}.Encode(), &body); err != nil {
		return 0, s.needsServer(err)
	}
	for _, a := range body.Approvals {
		if err := s.act(ctx, http.MethodDelete, fmt.Sprintf("/api/v1/approvals/%d", a.ID), nil, nil); err != nil {
			return 0, err
		}
	}
	return len(body.Approvals), nil
}
