package approval

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/db/store"
)

// Request statuses.
const (
	StatusPending   = "pending"
	StatusApproved  = "approved"
	StatusDenied    = "denied"
	StatusCancelled = "cancelled"
)

// Request is a user's ask for pre-approval.
type Request struct {
	ID           int64  `json:"id"`
	ListingID    string `json:"listingId"`
	ListingName  string `json:"listingName"`
	ListingType  string `json:"listingType"` // user | account: a member's request for an account-level app is decided by installing it
	UserID       int64  `json:"userId"`
	UserName     string `json:"userName"`
	UserEmail    string `json:"userEmail"`
	Reason       string `json:"reason"`
	Status       string `json:"status"`
	DecidedBy    int64  `json:"decidedBy"`
	DecisionNote string `json:"decisionNote"`
	CreatedAt    string `json:"createdAt"`
	DecidedAt    string `json:"decidedAt"`
}

func requestOf(r store.GetRequestRow) Request {
	return Request{ID: r.ID, ListingID: r.ListingID, ListingName: r.ListingName, ListingType: r.ListingType, UserID: r.UserID, UserName: r.UserName,
		UserEmail: r.UserEmail, Reason: r.Reason, Status: r.Status, DecidedBy: r.DecidedBy.Int64,
		DecisionNote: r.DecisionNote, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}

// Ask records user's request for pre-approval of an app. A second pending
// request for the same app is refused; an app the user may already install
// needs no request. A member may ask for an account-level app too: a
// manager then installs it for the account, which approves the request
// (ApproveByInstall).
func (s *Store) Ask(ctx context.Context, user account.User, listingID, reason string) (Request, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 1000 {
		return Request{}, apperr.New(apperr.Invalid, "the reason is longer than 1000 characters")
	}
	d, err := s.Check(ctx, user, listingID)
	if err != nil {
		return Request{}, err
	}
	switch d.Reason {
	case Allowed:
		return Request{}, apperr.New(apperr.Conflict, "you may already install this app")
	case AdminsOnly:
		if err := notInstalledForAccount(ctx, store.New(s.db.Reader), listingID); err != nil {
			return Request{}, err
		}
	case NotListed, Blocked:
		return Request{}, apperr.New(apperr.Invalid, "this app cannot be requested: it is %s", strings.ReplaceAll(d.Reason, "_", " "))
	}
	var out Request
	err = s.tx(ctx, func(q *store.Queries) error {
		id, err := q.InsertRequest(ctx, store.InsertRequestParams{ListingID: listingID, UserID: user.ID, Reason: reason, CreatedAt: s.stamp()})
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE constraint failed") {
				return apperr.New(apperr.Conflict, "you already asked for this app; the request is pending")
			}
			return err
		}
		row, err := q.GetRequest(ctx, id)
		if err != nil {
			return err
		}
		out = requestOf(row)
		return audit.Record(ctx, q, s.now(), user.Actor(), "request.created", listingID, map[string]any{"request": id, "reason": reason})
	})
	return out, err
}

// Cancel withdraws the user's own pending request.
func (s *Store) Cancel(ctx context.Context, user account.User, requestID int64) error {
	return s.tx(ctx, func(q *store.Queries) error {
		n, err := q.CancelRequest(ctx, store.CancelRequestParams{DecidedAt: s.stamp(), ID: requestID, UserID: user.ID})
		if err != nil {
			return err
		}
		if n == 0 {
			return s.whyNotPending(ctx, q, requestID, user.ID)
		}
		return audit.Record(ctx, q, s.now(), user.Actor(), "request.cancelled", requestIDTarget(requestID), nil)
	})
}

// Verdict is a manager's decision on a request.
type Verdict struct {
	Approve    bool   `json:"approve"`
	ForAccount bool   `json:"forAccount"` // approve for everyone, not only the requester
	Note       string `json:"note"`
}

// DecideRequest approves (for the requester or everyone) or denies a
// pending request. Of two concurrent decisions exactly one wins; the other
// gets "already decided". Managers only.
func (s *Store) DecideRequest(ctx context.Context, actor account.User, requestID int64, d Verdict) (Request, error) {
	if err := account.RequireManager(actor, "decide requests"); err != nil {
		return Request{}, err
	}
	note, err := cleanNote(d.Note)
	if err != nil {
		return Request{}, err
	}
	status := StatusDenied
	if d.Approve {
		status = StatusApproved
	}
	if d.Approve {
		if err := s.approvableByVerdict(ctx, requestID); err != nil {
			return Request{}, err
		}
	}
	var out Request
	err = s.tx(ctx, func(q *store.Queries) error {
		n, err := q.DecideRequest(ctx, store.DecideRequestParams{Status: status, DecidedBy: sql.NullInt64{Int64: actor.ID, Valid: true},
			DecisionNote: note, DecidedAt: s.stamp(), ID: requestID})
		if err != nil {
			return err
		}
		if n == 0 {
			return s.whyNotPending(ctx, q, requestID, 0)
		}
		row, err := q.GetRequest(ctx, requestID)
		if err != nil {
			return err
		}
		out = requestOf(row)
		if d.Approve {
			if err := s.widen(ctx, q, actor, out, d.ForAccount, note); err != nil {
				return err
			}
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "request."+status, out.ListingID,
			map[string]any{"request": requestID, "requester": out.UserEmail, "forAccount": d.ForAccount, "note": note})
	})
	return out, err
}

// widen adds the requester (or everyone) to the app's approval.
func (s *Store) widen(ctx context.Context, q *store.Queries, actor account.User, r Request, forAccount bool, note string) error {
	if _, err := listedApp(ctx, q, r.ListingID); err != nil {
		return err
	}
	current, err := approvalOf(ctx, q, r.ListingID)
	if err != nil {
		return err
	}
	g := Grant{ForAccount: forAccount || current.Scope == ScopeAccount, Note: note}
	if !g.ForAccount {
		g.UserIDs = append([]int64{r.UserID}, current.UserIDs...)
		if current.Scope != ScopeUsers {
			g.UserIDs = []int64{r.UserID}
		}
	}
	out, err := s.write(ctx, q, actor, r.ListingID, g, note)
	if err != nil {
		return err
	}
	return audit.Record(ctx, q, s.now(), actor.Actor(), "approval.granted", r.ListingID,
		map[string]any{"scope": out.Scope, "userIds": out.UserIDs, "note": note, "request": r.ID})
}

func (s *Store) whyNotPending(ctx context.Context, q *store.Queries, requestID, ownerID int64) error {
	row, err := q.GetRequest(ctx, requestID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && ownerID != 0 && row.UserID != ownerID) {
		return apperr.New(apperr.NotFound, "there is no request %d", requestID)
	}
	if err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, "this request was already %s", row.Status)
}

// Requests lists requests, newest first, optionally by status. Managers only.
func (s *Store) Requests(ctx context.Context, actor account.User, status string) ([]Request, error) {
	if err := account.RequireManager(actor, "see the request queue"); err != nil {
		return nil, err
	}
	return s.list(ctx, status, 0)
}

// MyRequests lists the user's own requests.
func (s *Store) MyRequests(ctx context.Context, user account.User) ([]Request, error) {
	return s.list(ctx, "", user.ID)
}

func (s *Store) list(ctx context.Context, status string, userID int64) ([]Request, error) {
	rows, err := store.New(s.db.Reader).ListRequests(ctx, store.ListRequestsParams{Status: status, UserID: userID})
	return requestsOf(rows, err)
}

// requestsOf converts the rows of any query that selects a request as
// GetRequest does.
func requestsOf[R store.ListRequestsRow | store.UnseenDecisionsRow](rows []R, err error) ([]Request, error) {
	if err != nil {
		return nil, err
	}
	out := make([]Request, 0, len(rows))
	for _, r := range rows {
		out = append(out, requestOf(store.GetRequestRow(r)))
	}
	return out, nil
}

// PendingCount is the number on the managers' badge. Managers only.
func (s *Store) PendingCount(ctx context.Context, actor account.User) (int64, error) {
	if err := account.RequireManager(actor, "see the request queue"); err != nil {
		return 0, err
	}
	return store.New(s.db.Reader).CountPendingRequests(ctx)
}

func requestIDTarget(id int64) string { return "request " + itoa(id) }

// approvableByVerdict refuses a plain approval of a request for an
// account-level app: a pre-approval means nothing for it, installing it for
// the account is what the member asked for (and approves the request).
func (s *Store) approvableByVerdict(ctx context.Context, requestID int64) error {
	q := store.New(s.db.Reader)
	r, err := q.GetRequest(ctx, requestID)
	if err != nil {
		return s.whyNotPending(ctx, q, requestID, 0)
	}
	l, err := q.ListingBrief(ctx, r.ListingID)
	if err == nil && l.Type == "account" {
		return apperr.New(apperr.Conflict, "%s is an account-level app: install it for the account to approve this request", r.ListingName)
	}
	return nil
}

func notInstalledForAccount(ctx context.Context, q *store.Queries, listingID string) error {
	_, err := q.LiveInstallationFor(ctx, store.LiveInstallationForParams{ListingID: listingID})
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, "this app is already installed for the account")
}

// ApproveByInstall approves the pending requests for an account-level app
// a manager just installed for the account, in the install's transaction,
// each with its audit entry.
func ApproveByInstall(ctx context.Context, q *store.Queries, now time.Time, actor account.User, listingID string) error {
	ids, err := q.ApprovePendingRequestsFor(ctx, store.ApprovePendingRequestsForParams{DecidedBy: sql.NullInt64{Int64: actor.ID, Valid: true},
		DecisionNote: "", DecidedAt: now.UTC().Format(time.RFC3339), ListingID: listingID})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := audit.Record(ctx, q, now, actor.Actor(), "request.approved", listingID,
			map[string]any{"request": id, "installedForAccount": true}); err != nil {
			return err
		}
	}
	return nil
}

// Decisions are the decisions on user's requests they were not told about
// yet, oldest first (local mode's toasts and My requests badge).
func (s *Store) Decisions(ctx context.Context, user account.User) ([]Request, error) {
	return requestsOf(store.New(s.db.Reader).UnseenDecisions(ctx, user.ID))
}

// SeeDecisions records that user was told about the decisions up to the
// request upTo (a decision made meanwhile stays news).
func (s *Store) SeeDecisions(ctx context.Context, user account.User, upTo int64) error {
	return s.tx(ctx, func(q *store.Queries) error {
		return q.MarkDecisionsSeen(ctx, store.MarkDecisionsSeenParams{UserID: user.ID, ID: upTo})
	})
}
