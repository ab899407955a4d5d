package orgmode

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"marketdesk/app/approval"
)

// serverRequest is a request as the server sends it.
type serverRequest struct {
	ID           int64      `json:"id"`
	ListingID    string     `json:"listing_id"`
	AppType      string     `json:"app_type"`
	UserID       int64      `json:"user_id"`
	UserName     string     `json:"user_name"`
	UserEmail    string     `json:"user_email"`
	Reason       string     `json:"reason"`
	Status       string     `json:"status"`
	DecidedBy    *int64     `json:"decided_by"`
	DecisionNote string     `json:"decision_note"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at"`
}

func (s *Service) request(ctx context.Context, r serverRequest) approval.Request {
	out := approval.Request{ID: r.ID, ListingID: r.ListingID, ListingName: r.ListingID, UserID: r.UserID,
		UserName: r.UserName, UserEmail: r.UserEmail, Reason: r.Reason, Status: r.Status,
		DecisionNote: r.DecisionNote, CreatedAt: stamp(r.CreatedAt)}
	if s.ListingName != nil {
		if name := s.ListingName(ctx, r.ListingID); name != "" {
			out.ListingName = name
		}
	}
	if r.DecidedBy != nil {
		out.DecidedBy = *r.DecidedBy
	}
	if r.DecidedAt != nil {
		out.DecidedAt = stamp(*r.DecidedAt)
	}
	return out
}

func (s *Service) requests(ctx context.Context, name string, q url.Values) ([]approval.Request, error) {
	var body struct {
		Requests []serverRequest `json:"requests"`
	}
	if err := s.read(ctx, name, "/api/v1/requests?"+q.Encode(), &body); err != nil {
		return nil, err
	}
	out := make([]approval.Request, 0, len(body.Requests))
	for _, r := range body.Requests {
		out = append(out, s.request(ctx, r))
	}
	return out, nil
}

// Ask requests pre-approval of an app at the organization; an
// account-level app's request says so, for the managers to install it.
func (s *Service) Ask(ctx context.Context, listingID, reason string) (approval.Request, error) {
	appType := "user"
	if s.AppType != nil {
		t, err := s.AppType(ctx, listingID)
		if err != nil {
			return approval.Request{}, err
		}
		if t != "" {
			appType = t
		}
	}
	var out serverRequest
	in := map[string]string{"listing_id": listingID, "app_type": appType, "reason": reason}
	if err := s.act(ctx, http.MethodPost, "/api/v1/requests", in, &out); err != nil {
		return approval.Request{}, err
	}
	return s.request(ctx, out), nil
}

// Cancel withdraws one of the signed-in person's pending requests.
func (s *Service) Cancel(ctx context.Context, requestID int64) error {
	return s.act(ctx, http.MethodDelete, fmt.Sprintf("/api/v1/requests/%d", requestID), nil, nil)
}

// MyRequests lists the signed-in person's own requests.
func (s *Service) MyRequests(ctx context.Context) ([]approval.Request, error) {
	return s.requests(ctx, "my_requests", url.Values{"mine": {"true"}})
}

// Requests lists the organization's queue, optionally by status
// (managers; the server gives members their own only).
func (s *Service) Requests(ctx context.Context, status string) ([]approval.Request, error) {
	q := url.Values{}
	if status != "" {
		q.Set("status", status)
	}
	return s.requests(ctx, "requests_"+status, q)
}

// Decide approves (for the requester or the whole account) or denies a
// request with a note; the server refuses non-managers.
func (s *Service) Decide(ctx context.Context, requestID int64, v approval.Verdict) (approval.Request, error) {
	in := map[string]any{"approve": v.Approve, "note": v.Note, "for_account": v.ForAccount}
	var out serverRequest
	if err := s.act(ctx, http.MethodPost, fmt.Sprintf("/api/v1/requests/%d/decision", requestID), in, &out); err != nil {
		return approval.Request{}, err
	}
	return s.request(ctx, out), nil
}

// PendingCount is the managers' badge: pending requests (0 for others).
func (s *Service) PendingCount(ctx context.Context) (int64, error) {
	m, err := s.Me(ctx)
	if err != nil || !m.Manager {
		return 0, err
	}
	pending, err := s.Requests(ctx, approval.StatusPending)
	return int64(len(pending)), err
}
