package approval

import (
	"context"
	"time"

	"marketdesk/app/account"
)

// ChangedEvent tells the window approvals or requests changed (the badge).
const ChangedEvent = "approvals:changed"

// Service is pre-approval as the UI sees it (bound to Wails). Every method
// acts as the signed-in user; the store refuses what they may not do.
type Service struct {
	store    *Store
	accounts *account.Store
	emit     func(string, any)
	// Org, when set and active, is the organization the data directory is
	// connected to (app/orgmode): requests and decisions go to its server.
	Org Org
}

// Org is requests and decisions at the organization server.
type Org interface {
	Active(ctx context.Context) bool
	Ask(ctx context.Context, listingID, reason string) (Request, error)
	Cancel(ctx context.Context, requestID int64) error
	MyRequests(ctx context.Context) ([]Request, error)
	Requests(ctx context.Context, status string) ([]Request, error)
	Decide(ctx context.Context, requestID int64, v Verdict) (Request, error)
	PendingCount(ctx context.Context) (int64, error)
	ActionFor(ctx context.Context, listingID string) (Action, error)
	PreApprove(ctx context.Context, listingID string, g Grant) (Approval, error)
	Revoke(ctx context.Context, listingID string) error
	Block(ctx context.Context, listingID, note string) error
	// Apps lays the organization's approvals over the apps listed gives.
	Apps(ctx context.Context, f AppFilter, listed func(context.Context, AppFilter) ([]AppState, error)) ([]AppState, error)
}

// atOrg runs fn at the organization when the data directory is connected
// to one; ok says whether it did.
func atOrg[T any](s *Service, changed bool, fn func(c context.Context, o Org) (T, error)) (out T, ok bool, err error) {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if s.Org == nil || !s.Org.Active(c) {
		return out, false, nil
	}
	out, err = fn(c, s.Org)
	if err == nil && changed {
		s.emit(ChangedEvent, nil)
	}
	return out, true, err
}

// NewService returns the bound approval service.
func NewService(s *Store, accounts *account.Store, emit func(string, any)) *Service {
	if emit == nil {
		emit = func(string, any) {}
	}
	return &Service{store: s, accounts: accounts, emit: emit}
}

// as runs fn as the signed-in user; changed says whether to tell the window.
func as[T any](s *Service, changed bool, fn func(c context.Context, me account.User) (T, error)) (T, error) {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var zero T
	me, err := s.accounts.Current(c)
	if err != nil {
		return zero, err
	}
	out, err := fn(c, me)
	if err == nil && changed {
		s.emit(ChangedEvent, nil)
	}
	return out, err
}

type none = struct{}

// PreApprove approves an app for the account or chosen users.
func (s *Service) PreApprove(listingID string, g Grant) (Approval, error) {
	if a, ok, err := atOrg(s, true, func(c context.Context, o Org) (Approval, error) { return o.PreApprove(c, listingID, g) }); ok {
		return a, err
	}
	return as(s, true, func(c context.Context, me account.User) (Approval, error) {
		return s.store.PreApprove(c, me, listingID, g)
	})
}

// Revoke withdraws an app's approval.
func (s *Service) Revoke(listingID string) error {
	if _, ok, err := atOrg(s, true, func(c context.Context, o Org) (none, error) { return none{}, o.Revoke(c, listingID) }); ok {
		return err
	}
	_, err := as(s, true, func(c context.Context, me account.User) (none, error) {
		return none{}, s.store.Revoke(c, me, listingID)
	})
	return err
}

// Block forbids an app for everyone.
func (s *Service) Block(listingID, note string) error {
	if _, ok, err := atOrg(s, true, func(c context.Context, o Org) (none, error) { return none{}, o.Block(c, listingID, note) }); ok {
		return err
	}
	_, err := as(s, true, func(c context.Context, me account.User) (none, error) {
		return none{}, s.store.Block(c, me, listingID, note)
	})
	return err
}

// BulkPreApprove approves a selection of apps for the whole account.
func (s *Service) BulkPreApprove(listingIDs []string, note string) (BulkResult, error) {
	if r, ok, err := atOrg(s, true, func(c context.Context, o Org) (BulkResult, error) {
		return s.store.bulk(listingIDs, func(id string) error {
			_, err := o.PreApprove(c, id, Grant{ForAccount: true, Note: note})
			return err
		}), nil
	}); ok {
		return r, err
	}
	return as(s, true, func(c context.Context, me account.User) (BulkResult, error) {
		return s.store.BulkPreApprove(c, me, listingIDs, note)
	})
}

// BulkRevoke revokes the approvals of a selection of apps.
func (s *Service) BulkRevoke(listingIDs []string) (BulkResult, error) {
	if r, ok, err := atOrg(s, true, func(c context.Context, o Org) (BulkResult, error) {
		return s.store.bulk(listingIDs, func(id string) error { return o.Revoke(c, id) }), nil
	}); ok {
		return r, err
	}
	return as(s, true, func(c context.Context, me account.User) (BulkResult, error) {
		return s.store.BulkRevoke(c, me, listingIDs)
	})
}

// Apps lists every app with its approval state (Admin → Apps).
func (s *Service) Apps(f AppFilter) ([]AppState, error) {
	if r, ok, err := atOrg(s, false, func(c context.Context, o Org) ([]AppState, error) {
		// The local catalog's apps: the organization checked the manager,
		// and the local database holds no approvals to show.
		listed := func(c context.Context, f AppFilter) ([]AppState, error) {
			return s.store.Apps(c, account.User{Manager: true}, f)
		}
		return o.Apps(c, f, listed)
	}); ok {
		return r, err
	}
	return as(s, false, func(c context.Context, me account.User) ([]AppState, error) { return s.store.Apps(c, me, f) })
}

// ActionFor says what an app's detail page offers the signed-in user.
func (s *Service) ActionFor(listingID string) (Action, error) {
	if a, ok, err := atOrg(s, false, func(c context.Context, o Org) (Action, error) { return o.ActionFor(c, listingID) }); ok {
		return a, err
	}
	return as(s, false, func(c context.Context, me account.User) (Action, error) { return s.store.ActionFor(c, me, listingID) })
}

// Ask requests pre-approval of an app, with an optional reason.
func (s *Service) Ask(listingID, reason string) (Request, error) {
	if r, ok, err := atOrg(s, true, func(c context.Context, o Org) (Request, error) { return o.Ask(c, listingID, reason) }); ok {
		return r, err
	}
	return as(s, true, func(c context.Context, me account.User) (Request, error) {
		return s.store.Ask(c, me, listingID, reason)
	})
}

// Cancel withdraws one of the signed-in user's pending requests.
func (s *Service) Cancel(requestID int64) error {
	if _, ok, err := atOrg(s, true, func(c context.Context, o Org) (none, error) { return none{}, o.Cancel(c, requestID) }); ok {
		return err
	}
	_, err := as(s, true, func(c context.Context, me account.User) (none, error) {
		return none{}, s.store.Cancel(c, me, requestID)
	})
	return err
}

// MyRequests lists the signed-in user's requests.
func (s *Service) MyRequests() ([]Request, error) {
	if r, ok, err := atOrg(s, false, func(c context.Context, o Org) ([]Request, error) { return o.MyRequests(c) }); ok {
		return r, err
	}
	return as(s, false, func(c context.Context, me account.User) ([]Request, error) { return s.store.MyRequests(c, me) })
}

// Requests lists the request queue, optionally by status (managers only).
func (s *Service) Requests(status string) ([]Request, error) {
	if r, ok, err := atOrg(s, false, func(c context.Context, o Org) ([]Request, error) { return o.Requests(c, status) }); ok {
		return r, err
	}
	return as(s, false, func(c context.Context, me account.User) ([]Request, error) { return s.store.Requests(c, me, status) })
}

// Decide approves or denies a request (managers only).
func (s *Service) Decide(requestID int64, v Verdict) (Request, error) {
	if r, ok, err := atOrg(s, true, func(c context.Context, o Org) (Request, error) { return o.Decide(c, requestID, v) }); ok {
		return r, err
	}
	return as(s, true, func(c context.Context, me account.User) (Request, error) {
		return s.store.DecideRequest(c, me, requestID, v)
	})
}

// PendingCount is the number on the managers' badge (0 for others).
func (s *Service) PendingCount() (int64, error) {
	if n, ok, err := atOrg(s, false, func(c context.Context, o Org) (int64, error) { return o.PendingCount(c) }); ok {
		return n, err
	}
	return as(s, false, func(c context.Context, me account.User) (int64, error) {
		if !me.Manager {
			return 0, nil
		}
		return s.store.PendingCount(c, me)
	})
}

// Decisions are the decisions on the signed-in user's requests they were not
// told about yet (local mode; the organization's come with its events).
func (s *Service) Decisions() ([]Request, error) {
	if r, ok, err := atOrg(s, false, func(c context.Context, o Org) ([]Request, error) { return []Request{}, nil }); ok {
		return r, err
	}
	return as(s, false, func(c context.Context, me account.User) ([]Request, error) { return s.store.Decisions(c, me) })
}

// SeeDecisions records that the signed-in user was told about the decisions
// up to the request upTo.
func (s *Service) SeeDecisions(upTo int64) error {
	_, err := as(s, false, func(c context.Context, me account.User) (none, error) {
		return none{}, s.store.SeeDecisions(c, me, upTo)
	})
	return err
}
