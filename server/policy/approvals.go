package policy

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
)

// Scopes of a pre-approval.
const (
	ScopeAccount = "account" // everyone in the account may install the app
	ScopeUser    = "user"    // the named user may
	ScopeBlocked = "blocked" // nobody may, and they are told why
)

// Approval is one pre-approval or block.
type Approval struct {
	ID        int64      `json:"id"`
	ListingID string     `json:"listing_id"`
	Scope     string     `json:"scope"`
	UserID    *int64     `json:"user_id,omitempty"`
	Note      string     `json:"note"`
	Message   string     `json:"message,omitempty"`
	Link      string     `json:"link,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	// Lapsed: expires_at has passed, so it no longer counts (computed now).
	Lapsed    bool      `json:"lapsed"`
	GrantedBy *int64    `json:"granted_by,omitempty"`
	GrantedAt time.Time `json:"granted_at"`
}

func (s *service) approvalOf(p store.Preapproval) Approval {
	a := Approval{ID: p.ID, ListingID: p.ListingID, Scope: p.Scope, Note: p.Note, Message: p.Message, Link: p.Link, GrantedAt: p.GrantedAt}
	if p.UserID.Valid {
		a.UserID = &p.UserID.Int64
	}
	if p.GrantedBy.Valid {
		a.GrantedBy = &p.GrantedBy.Int64
	}
	if p.ExpiresAt.Valid {
		a.ExpiresAt = &p.ExpiresAt.Time
		a.Lapsed = !p.ExpiresAt.Time.After(s.now())
	}
	return a
}

func (s *service) approvalsOf(rows []store.Preapproval) []Approval {
	out := make([]Approval, 0, len(rows))
	for _, p := range rows {
		out = append(out, s.approvalOf(p))
	}
	return out
}

// listApprovals: managers see every pre-approval and block of the account;
// others see those that concern them (account-wide, blocks, their own).
func (s *service) listApprovals(w http.ResponseWriter, r *http.Request, c caller) error {
	p := store.ListPreapprovalsParams{AccountID: c.AccountID, ListingID: r.URL.Query().Get("listing_id")}
	if !c.manages() {
		p.UserID = pgtype.Int8{Int64: c.user.ID, Valid: true}
	}
	rows, err := s.db.Queries.ListPreapprovals(r.Context(), p)
	if err != nil {
		return err
	}
	return writePolled(w, r, map[string]any{"approvals": s.approvalsOf(rows)})
}

// Grant is the body of POST /api/v1/approvals: pre-approve listing_id for
// the account or for user_ids, or block it with a message and a link.
// Granting what exists renews it (note, message, link, expiry).
type Grant struct {
	ListingID string     `json:"listing_id"`
	Scope     string     `json:"scope"`
	UserIDs   []int64    `json:"user_ids,omitempty"`
	Note      string     `json:"note,omitempty"`
	Message   string     `json:"message,omitempty"`
	Link      string     `json:"link,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

func (s *service) grant(w http.ResponseWriter, r *http.Request, c caller) error {
	var in Grant
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.checkGrant(&in); err != nil {
		return err
	}
	ctx := r.Context()
	var out []Approval
	err := s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		var err error
		out, err = s.write(ctx, tx, q, c, in, 0)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"approvals": out})
	return nil
}

// write stores g (one row per user for ScopeUser) with its audit entry and
// events; request is the request it answers, if any.
func (s *service) write(ctx context.Context, tx pgx.Tx, q *store.Queries, c caller, g Grant, request int64) ([]Approval, error) {
	users := []pgtype.Int8{{}}
	if g.Scope == ScopeUser {
		users = users[:0]
		for _, id := range g.UserIDs {
			if _, err := q.PolicyUser(ctx, store.PolicyUserParams{AccountID: c.AccountID, ID: id}); err != nil {
				return nil, notFound(err, "there is no user %d in this account", id)
			}
			users = append(users, pgtype.Int8{Int64: id, Valid: true})
		}
	}
	var expires pgtype.Timestamptz
	if g.ExpiresAt != nil {
		expires = pgtype.Timestamptz{Time: *g.ExpiresAt, Valid: true}
	}
	var out []Approval
	for _, u := range users {
		row, err := q.UpsertPreapproval(ctx, store.UpsertPreapprovalParams{
			AccountID: c.AccountID, ListingID: g.ListingID, Scope: g.Scope, UserID: u,
			Note: g.Note, Message: g.Message, Link: g.Link, ExpiresAt: expires,
			GrantedBy: pgtype.Int8{Int64: c.user.ID, Valid: true},
		})
		if err != nil {
			return nil, err
		}
		a := s.approvalOf(row)
		out = append(out, a)
		action := "approval.granted"
		if g.Scope == ScopeBlocked {
			action = "approval.blocked"
		}
		details := map[string]any{"approval": a.ID, "scope": a.Scope, "user": a.UserID, "note": a.Note,
			"message": a.Message, "link": a.Link, "expires_at": a.ExpiresAt}
		if request != 0 {
			details["request"] = request
		}
		if err := s.record(ctx, tx, q, c, change{action: action, target: g.ListingID, details: details,
			kind: events.ApprovalsChanged, userID: u.Int64, data: a}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkGrant validates and normalises a grant before any write.
func (s *service) checkGrant(g *Grant) error {
	g.ListingID = strings.TrimSpace(g.ListingID)
	if g.ListingID == "" || len(g.ListingID) > 200 {
		return apperr.New(apperr.Invalid, "listing_id is required (at most 200 bytes)")
	}
	switch g.Scope {
	case ScopeAccount, ScopeBlocked:
		if len(g.UserIDs) > 0 {
			return apperr.New(apperr.Invalid, "user_ids are for scope %q only", ScopeUser)
		}
	case ScopeUser:
		if len(g.UserIDs) == 0 || len(g.UserIDs) > 100 {
			return apperr.New(apperr.Invalid, "scope %q needs from 1 to 100 user_ids", ScopeUser)
		}
	default:
		return apperr.New(apperr.Invalid, "scope must be account, user or blocked, got %q", g.Scope)
	}
	if g.Scope != ScopeBlocked && (g.Message != "" || g.Link != "") {
		return apperr.New(apperr.Invalid, "a message and a link are for blocks (scope %q)", ScopeBlocked)
	}
	var err error
	if g.Note, err = text("note", g.Note, 1000); err != nil {
		return err
	}
	if g.Message, err = text("message", g.Message, 500); err != nil {
		return err
	}
	if err := checkLink(g.Link); err != nil {
		return err
	}
	if g.ExpiresAt != nil && !g.ExpiresAt.After(s.now()) {
		return apperr.New(apperr.Invalid, "expires_at must be in the future, got %s", g.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}

func text(name, v string, maxRunes int) (string, error) {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > maxRunes {
		return "", apperr.New(apperr.Invalid, "the %s is longer than %d characters", name, maxRunes)
	}
	return v, nil
}

// checkLink accepts an absolute https URL: desktops open it in the
// system browser, and DESIGN.md allows nothing weaker.
func checkLink(link string) error {
	if link == "" {
		return nil
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(link) > 2048 {
		return apperr.New(apperr.Invalid, "the link must be an https:// URL (at most 2048 bytes), got %q", link)
	}
	return nil
}

func (s *service) revoke(w http.ResponseWriter, r *http.Request, c caller) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	err = s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		row, err := q.DeletePreapproval(ctx, store.DeletePreapprovalParams{AccountID: c.AccountID, ID: id})
		if err != nil {
			return notFound(err, "there is no pre-approval %d in this account", id)
		}
		a := s.approvalOf(row)
		action := "approval.revoked"
		if a.Scope == ScopeBlocked {
			action = "approval.unblocked"
		}
		return s.record(ctx, tx, q, c, change{action: action, target: a.ListingID,
			details: map[string]any{"approval": a.ID, "scope": a.Scope, "user": a.UserID},
			kind:    events.ApprovalsChanged, userID: row.UserID.Int64, data: map[string]any{"id": a.ID, "listing_id": a.ListingID, "revoked": true}})
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// reminders lists what lapses within ?days= (14 by default): managers
// re-certify those before desktops lose them.
func (s *service) reminders(w http.ResponseWriter, r *http.Request, c caller) error {
	days, err := queryInt(r, "days", 14, 366)
	if err != nil {
		return err
	}
	now := s.now()
	rows, err := s.db.Queries.ExpiringPreapprovals(r.Context(), store.ExpiringPreapprovalsParams{
		AccountID: c.AccountID,
		Now:       pgtype.Timestamptz{Time: now, Valid: true},
		Until:     pgtype.Timestamptz{Time: now.Add(time.Duration(days) * 24 * time.Hour), Valid: true},
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"within_days": days, "approvals": s.approvalsOf(rows)})
	return nil
}

// standing is what counts for one user and one app now.
type standing struct {
	block      *store.Preapproval
	forAccount bool
	forUser    bool
}

func (s *service) standingOf(ctx context.Context, q *store.Queries, accountID int64, listingID string, userID int64) (standing, error) {
	rows, err := q.PreapprovalsInForce(ctx, store.PreapprovalsInForceParams{AccountID: accountID, ListingID: listingID,
		UserID: pgtype.Int8{Int64: userID, Valid: true}, Now: pgtype.Timestamptz{Time: s.now(), Valid: true}})
	if err != nil {
		return standing{}, err
	}
	var st standing
	for i := range rows {
		switch rows[i].Scope {
		case ScopeBlocked:
			st.block = &rows[i]
		case ScopeAccount:
			st.forAccount = true
		case ScopeUser:
			st.forUser = true
		}
	}
	return st, nil
}
