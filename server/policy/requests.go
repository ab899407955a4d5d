package policy

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
)

// Request statuses.
const (
	StatusPending   = "pending"
	StatusApproved  = "approved"
	StatusDenied    = "denied"
	StatusCancelled = "cancelled"
)

// Request is a user's ask for pre-approval of an app.
type Request struct {
	ID           int64      `json:"id"`
	ListingID    string     `json:"listing_id"`
	AppType      string     `json:"app_type"`
	UserID       int64      `json:"user_id"`
	UserName     string     `json:"user_name"`
	UserEmail    string     `json:"user_email"`
	Reason       string     `json:"reason"`
	Status       string     `json:"status"`
	DecidedBy    *int64     `json:"decided_by,omitempty"`
	DecisionNote string     `json:"decision_note"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
}

func requestOf(r store.Request, name, email string) Request {
	out := Request{ID: r.ID, ListingID: r.ListingID, AppType: r.AppType, UserID: r.UserID, UserName: name, UserEmail: email,
		Reason: r.Reason, Status: r.Status, DecisionNote: r.DecisionNote, CreatedAt: r.CreatedAt}
	if r.DecidedBy.Valid {
		out.DecidedBy = &r.DecidedBy.Int64
	}
	if r.DecidedAt.Valid {
		out.DecidedAt = &r.DecidedAt.Time
	}
	return out
}

func getRequest(ctx context.Context, q *store.Queries, accountID, id int64) (Request, error) {
	row, err := q.GetAppRequest(ctx, store.GetAppRequestParams{AccountID: accountID, ID: id})
	if err != nil {
		return Request{}, notFound(err, "there is no request %d", id)
	}
	return requestOf(row.Request, row.UserName, row.UserEmail), nil
}

// NewRequest is the body of POST /api/v1/requests. app_type "account" asks
// the managers for an account-level app (they install it for everyone).
type NewRequest struct {
	ListingID string `json:"listing_id"`
	AppType   string `json:"app_type,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

func (s *service) createRequest(w http.ResponseWriter, r *http.Request, c caller) error {
	// Counted first, refused attempts included: the limit protects the
	// database and the managers' queue from a desktop in a loop.
	if err := s.hit(r.Context(), c.user.ID, "requests.create"); err != nil {
		return err
	}
	var in NewRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := checkNewRequest(&in); err != nil {
		return err
	}
	ctx := r.Context()
	var out Request
	err := s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		if err := s.needsRequest(ctx, q, c, in); err != nil {
			return err
		}
		id, err := q.InsertAppRequest(ctx, store.InsertAppRequestParams{AccountID: c.AccountID, ListingID: in.ListingID,
			AppType: in.AppType, UserID: c.user.ID, Reason: in.Reason})
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "you already asked for this app; the request is pending")
		}
		if err != nil {
			return err
		}
		if out, err = getRequest(ctx, q, c.AccountID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, q, c, change{action: "request.created", target: in.ListingID,
			details: map[string]any{"request": id, "app_type": in.AppType, "reason": in.Reason},
			kind:    events.RequestCreated, userID: c.user.ID, data: out})
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func checkNewRequest(in *NewRequest) error {
	in.ListingID = strings.TrimSpace(in.ListingID)
	if in.ListingID == "" || len(in.ListingID) > 200 {
		return apperr.New(apperr.Invalid, "listing_id is required (at most 200 bytes)")
	}
	switch in.AppType {
	case "":
		in.AppType = "user"
	case "user", "account":
	default:
		return apperr.New(apperr.Invalid, "app_type must be user or account, got %q", in.AppType)
	}
	var err error
	in.Reason, err = text("reason", in.Reason, 1000)
	return err
}

// needsRequest refuses a request that cannot or need not be made: the app
// is blocked (with the block's message and link), or already pre-approved.
func (s *service) needsRequest(ctx context.Context, q *store.Queries, c caller, in NewRequest) error {
	st, err := s.standingOf(ctx, q, c.AccountID, in.ListingID, c.user.ID)
	if err != nil {
		return err
	}
	if st.block != nil {
		return &BlockedError{ListingID: in.ListingID, Message: st.block.Message, Link: st.block.Link}
	}
	if in.AppType == "account" {
		if st.forAccount {
			return apperr.New(apperr.Conflict, "this account-level app is already pre-approved for the account: a marketplace manager installs it")
		}
		return nil
	}
	a, err := q.GetAccount(ctx, c.AccountID)
	if err != nil {
		return err
	}
	if !a.RequirePreapproval {
		return apperr.New(apperr.Conflict, "this account does not require pre-approval: you may install the app")
	}
	if st.forAccount || st.forUser {
		return apperr.New(apperr.Conflict, "this app is already pre-approved for you: you may install it")
	}
	return nil
}

func (s *service) getRequestRoute(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	out, err := getRequest(r.Context(), s.db.Queries, c.AccountID, id)
	if err != nil {
		return err
	}
	if out.UserID != c.user.ID && !c.manages() {
		return apperr.New(apperr.NotFound, "there is no request %d", id)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// listRequests: newest first, ?status=, ?before_id= and ?limit= to page;
// managers see everyone's unless ?mine=true, others only their own.
func (s *service) listRequests(w http.ResponseWriter, r *http.Request, c caller) error {
	before, err := queryInt(r, "before_id", 0, 1<<62)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100, 500)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 100
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "", StatusPending, StatusApproved, StatusDenied, StatusCancelled:
	default:
		return apperr.New(apperr.Invalid, "status must be pending, approved, denied or cancelled, got %q", status)
	}
	p := store.ListAppRequestsParams{AccountID: c.AccountID, Status: status, BeforeID: before, MaxRows: int32(limit)}
	if !c.manages() || r.URL.Query().Get("mine") == "true" {
		p.UserID = pgtype.Int8{Int64: c.user.ID, Valid: true}
	}
	rows, err := s.db.Queries.ListAppRequests(r.Context(), p)
	if err != nil {
		return err
	}
	out := make([]Request, 0, len(rows))
	for _, row := range rows {
		out = append(out, requestOf(row.Request, row.UserName, row.UserEmail))
	}
	return writePolled(w, r, map[string]any{"requests": out})
}

func (s *service) cancelRequest(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		n, err := q.CancelAppRequest(ctx, store.CancelAppRequestParams{AccountID: c.AccountID, ID: id, UserID: c.user.ID})
		if err != nil {
			return err
		}
		if n == 0 {
			return whyNotPending(ctx, q, c, id, true)
		}
		out, err := getRequest(ctx, q, c.AccountID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, q, c, change{action: "request.cancelled", target: out.ListingID,
			details: map[string]any{"request": id}, kind: events.RequestCancelled, userID: c.user.ID, data: out})
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// whyNotPending explains a request that could not be cancelled or decided:
// not there (or not the caller's to see), not the caller's own, or decided.
func whyNotPending(ctx context.Context, q *store.Queries, c caller, id int64, ownOnly bool) error {
	req, err := getRequest(ctx, q, c.AccountID, id)
	if err != nil {
		return err
	}
	mine := req.UserID == c.user.ID
	switch {
	case !mine && !c.manages():
		return apperr.New(apperr.NotFound, "there is no request %d", id)
	case !mine && ownOnly:
		return apperr.New(apperr.Forbidden, "only the requester can cancel a request; managers decide it")
	}
	return apperr.New(apperr.Conflict, "this request was already %s", req.Status)
}

// Decision is the body of POST /api/v1/requests/{id}/decision. Approving
// pre-approves the app for the requester (for the whole account with
// for_account, and always for an account-level app), optionally until
// expires_at.
type Decision struct {
	Approve    *bool      `json:"approve"`
	Note       string     `json:"note,omitempty"`
	ForAccount bool       `json:"for_account,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
}

func (s *service) decide(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in Decision
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Approve == nil {
		return apperr.New(apperr.Invalid, "approve (true or false) is required")
	}
	if in.Note, err = text("note", in.Note, 1000); err != nil {
		return err
	}
	ctx := r.Context()
	var out Request
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		var err error
		out, err = s.decideInTx(ctx, tx, q, c, id, in)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *service) decideInTx(ctx context.Context, tx pgx.Tx, q *store.Queries, c caller, id int64, in Decision) (Request, error) {
	status := StatusDenied
	if *in.Approve {
		status = StatusApproved
	}
	// Of two managers deciding at once, the update lets exactly one win.
	n, err := q.DecideAppRequest(ctx, store.DecideAppRequestParams{Status: status, DecidedBy: pgtype.Int8{Int64: c.user.ID, Valid: true},
		Note: in.Note, AccountID: c.AccountID, ID: id})
	if err != nil {
		return Request{}, err
	}
	if n == 0 {
		return Request{}, whyNotPending(ctx, q, c, id, false)
	}
	out, err := getRequest(ctx, q, c.AccountID, id)
	if err != nil {
		return Request{}, err
	}
	if *in.Approve {
		if err := s.approveRequest(ctx, tx, q, c, out, in); err != nil {
			return Request{}, err
		}
	}
	return out, s.record(ctx, tx, q, c, change{action: "request." + status, target: out.ListingID,
		details: map[string]any{"request": id, "requester": out.UserEmail, "for_account": in.ForAccount, "note": in.Note},
		kind:    events.RequestDecided, userID: out.UserID, data: out})
}

// approveRequest writes the pre-approval an approval stands for. A blocked
// app is not approved past its block: the manager lifts the block first.
func (s *service) approveRequest(ctx context.Context, tx pgx.Tx, q *store.Queries, c caller, req Request, in Decision) error {
	st, err := s.standingOf(ctx, q, c.AccountID, req.ListingID, req.UserID)
	if err != nil {
		return err
	}
	if st.block != nil {
		return apperr.New(apperr.Conflict, "%s is blocked: lift the block before approving requests for it", req.ListingID)
	}
	g := Grant{ListingID: req.ListingID, Scope: ScopeUser, UserIDs: []int64{req.UserID}, Note: in.Note, ExpiresAt: in.ExpiresAt}
	if in.ForAccount || req.AppType == "account" {
		g.Scope, g.UserIDs = ScopeAccount, nil
	}
	if err := s.checkGrant(&g); err != nil {
		return err
	}
	_, err = s.write(ctx, tx, q, c, g, req.ID)
	return err
}
