package approval

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/db/store"
)

// Check applies the install policy to one user and one app.
func (s *Store) Check(ctx context.Context, user account.User, listingID string) (Decision, error) {
	q := store.New(s.db.Reader)
	l, err := q.ListingBrief(ctx, listingID)
	if errors.Is(err, sql.ErrNoRows) {
		return Decision{}, apperr.New(apperr.NotFound, "there is no app %q in the catalog", listingID)
	}
	if err != nil {
		return Decision{}, err
	}
	acct, err := s.accounts.Account(ctx)
	if err != nil {
		return Decision{}, err
	}
	a, err := approvalOf(ctx, q, listingID)
	if err != nil {
		return Decision{}, err
	}
	approved, err := q.IsApprovedFor(ctx, store.IsApprovedForParams{ListingID: listingID, UserID: user.ID})
	if err != nil {
		return Decision{}, err
	}
	was, err := q.WasApprovedFor(ctx, store.WasApprovedForParams{ListingID: listingID, UserID: user.ID})
	if err != nil {
		return Decision{}, err
	}
	return Decide(Facts{User: user, RequirePreapproval: acct.RequirePreapproval, AppType: l.Type,
		Listed: l.NoLongerListed == 0, Blocked: a.Scope == ScopeBlocked, ApprovedForUser: approved,
		ApprovalChanged: was && !approved}), nil
}

// Action is what an app's detail page offers the signed-in user.
type Action struct {
	// State: install, request, needs_review, pending, denied, blocked,
	// not_listed. A member's "request" of an account-level app (Decision's
	// reason admins_only) asks a manager to install it for the account.
	State    string   `json:"state"`
	Decision Decision `json:"decision"`
	Request  *Request `json:"request"`  // the latest request, for pending and denied
	Approval Approval `json:"approval"` // shown to managers
}

// ActionFor tells the detail page what to show user for an app.
func (s *Store) ActionFor(ctx context.Context, user account.User, listingID string) (Action, error) {
	d, err := s.Check(ctx, user, listingID)
	if err != nil {
		return Action{}, err
	}
	act := Action{Decision: d}
	if user.Manager {
		if act.Approval, err = s.Approval(ctx, listingID); err != nil {
			return Action{}, err
		}
	}
	switch d.Reason {
	case Allowed:
		act.State = "install"
		return act, nil
	case NeedsPreapproval, AdminsOnly:
		act.State = "request"
	case NeedsReview:
		act.State = NeedsReview
	default:
		act.State = d.Reason
		return act, nil
	}
	r, err := store.New(s.db.Reader).LatestRequestFor(ctx, store.LatestRequestForParams{ListingID: listingID, UserID: user.ID})
	if errors.Is(err, sql.ErrNoRows) {
		return act, nil
	}
	if err != nil {
		return Action{}, err
	}
	req := Request{ID: r.ID, ListingID: r.ListingID, UserID: r.UserID, Reason: r.Reason, Status: r.Status,
		DecidedBy: r.DecidedBy.Int64, DecisionNote: r.DecisionNote, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
	switch r.Status {
	case StatusPending:
		act.State, act.Request = "pending", &req
	case StatusDenied:
		act.State, act.Request = "denied", &req
	}
	return act, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
