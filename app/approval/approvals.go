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
	"marketdesk/db"
	"marketdesk/db/store"
)

// Approval scopes.
const (
	ScopeAccount = "account"
	ScopeUsers   = "users"
	ScopeBlocked = "blocked"
	ScopeNone    = "none"
)

// Approval is a manager's decision about one app.
type Approval struct {
	ListingID string  `json:"listingId"`
	Scope     string  `json:"scope"` // account, users, blocked, or none
	UserIDs   []int64 `json:"userIds"`
	Note      string  `json:"note"`
	UpdatedAt string  `json:"updatedAt"`
	// Changed names what changed in the app since it was approved ("source",
	// "server", "scopes"): a grant with changes does not count until a
	// manager approves the app again. Empty when nothing changed.
	Changed []string `json:"changed"`
}

// Parts of an app an approval is bound to (Approval.Changed).
const (
	ChangedSource = "source" // the listing now comes from another source
	ChangedServer = "server" // its authorization configuration (server, endpoints, client) changed
	ChangedScopes = "scopes" // it asks for other scopes
)

// changesOf reads what changed in an app since its grant.
func changesOf(ctx context.Context, q *store.Queries, listingID string) ([]string, error) {
	c, err := q.ApprovalChanges(ctx, listingID)
	if errors.Is(err, sql.ErrNoRows) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, part := range []struct {
		changed int64
		name    string
	}{{c.SourceChanged, ChangedSource}, {c.ServerChanged, ChangedServer}, {c.ScopesChanged, ChangedScopes}} {
		if part.changed != 0 {
			out = append(out, part.name)
		}
	}
	return out, nil
}

// Grant is what a manager decides when pre-approving.
type Grant struct {
	ForAccount bool    `json:"forAccount"` // everyone in the account
	UserIDs    []int64 `json:"userIds"`    // else these users
	Note       string  `json:"note"`
}

// Store keeps approvals and requests.
type Store struct {
	db       *db.DB
	accounts *account.Store
	now      func() time.Time
}

// New returns the approval store.
func New(d *db.DB, accounts *account.Store, now func() time.Time) *Store {
	return &Store{db: d, accounts: accounts, now: now}
}

func (s *Store) stamp() string { return s.now().UTC().Format(time.RFC3339) }

// tx runs fn in one write transaction.
func (s *Store) tx(ctx context.Context, fn func(q *store.Queries) error) error {
	return s.db.Write(ctx, fn)
}

// Approval returns the decision about one app (scope "none" when there is none).
func (s *Store) Approval(ctx context.Context, listingID string) (Approval, error) {
	return approvalOf(ctx, store.New(s.db.Reader), listingID)
}

func approvalOf(ctx context.Context, q *store.Queries, listingID string) (Approval, error) {
	a, err := q.GetApproval(ctx, listingID)
	if errors.Is(err, sql.ErrNoRows) {
		return Approval{ListingID: listingID, Scope: ScopeNone, UserIDs: []int64{}, Changed: []string{}}, nil
	}
	if err != nil {
		return Approval{}, err
	}
	ids, err := q.ApprovalUserIDs(ctx, listingID)
	if err != nil {
		return Approval{}, err
	}
	if ids == nil {
		ids = []int64{}
	}
	changed, err := changesOf(ctx, q, listingID)
	return Approval{ListingID: listingID, Scope: a.Scope, UserIDs: ids, Note: a.Note, UpdatedAt: a.UpdatedAt, Changed: changed}, err
}

// listedApp refuses ids that are not in the catalog, or that left it.
func listedApp(ctx context.Context, q *store.Queries, listingID string) (store.ListingBriefRow, error) {
	l, err := q.ListingBrief(ctx, listingID)
	if errors.Is(err, sql.ErrNoRows) {
		return l, apperr.New(apperr.NotFound, "there is no app %q in the catalog", listingID)
	}
	if err == nil && l.NoLongerListed != 0 {
		return l, apperr.New(apperr.Invalid, "%s is no longer listed in the catalog and cannot be approved", l.Name)
	}
	return l, err
}

func cleanNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return "", apperr.New(apperr.Invalid, "the note is longer than 1000 characters")
	}
	return note, nil
}

// PreApprove approves an app for the whole account or for chosen users,
// replacing what was decided before (widen, narrow). Managers only.
func (s *Store) PreApprove(ctx context.Context, actor account.User, listingID string, g Grant) (Approval, error) {
	if err := account.RequireManager(actor, "pre-approve apps"); err != nil {
		return Approval{}, err
	}
	note, err := cleanNote(g.Note)
	if err != nil {
		return Approval{}, err
	}
	if !g.ForAccount && len(g.UserIDs) == 0 {
		return Approval{}, apperr.New(apperr.Invalid, "choose the whole account or at least one user")
	}
	var out Approval
	err = s.tx(ctx, func(q *store.Queries) error {
		if _, err := listedApp(ctx, q, listingID); err != nil {
			return err
		}
		var err error
		if out, err = s.write(ctx, q, actor, listingID, g, note); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "approval.granted", listingID,
			map[string]any{"scope": out.Scope, "userIds": out.UserIDs, "note": note})
	})
	return out, err
}

// write stores an approval inside q's transaction (no audit: callers record).
func (s *Store) write(ctx context.Context, q *store.Queries, actor account.User, listingID string, g Grant, note string) (Approval, error) {
	scope := ScopeUsers
	if g.ForAccount {
		scope = ScopeAccount
	}
	if err := q.UpsertApproval(ctx, store.UpsertApprovalParams{ListingID: listingID, Scope: scope, Note: note, ApprovedBy: actor.ID, UpdatedAt: s.stamp()}); err != nil {
		return Approval{}, err
	}
	if err := q.ClearApprovalUsers(ctx, listingID); err != nil {
		return Approval{}, err
	}
	if scope == ScopeUsers {
		for _, id := range g.UserIDs {
			if _, err := q.GetUser(ctx, id); errors.Is(err, sql.ErrNoRows) {
				return Approval{}, apperr.New(apperr.NotFound, "there is no user %d", id)
			} else if err != nil {
				return Approval{}, err
			}
			if err := q.AddApprovalUser(ctx, store.AddApprovalUserParams{ListingID: listingID, UserID: id}); err != nil {
				return Approval{}, err
			}
		}
	}
	return approvalOf(ctx, q, listingID)
}

// Revoke withdraws an app's approval (or block). Installations stay; the
// Installed page marks them "no longer approved". Managers only.
func (s *Store) Revoke(ctx context.Context, actor account.User, listingID string) error {
	if err := account.RequireManager(actor, "revoke approvals"); err != nil {
		return err
	}
	return s.tx(ctx, func(q *store.Queries) error {
		n, err := q.DeleteApproval(ctx, listingID)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "%s has no approval to revoke", listingID)
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "approval.revoked", listingID, nil)
	})
}

// Block forbids an app for everyone. Managers only.
func (s *Store) Block(ctx context.Context, actor account.User, listingID, note string) error {
	if err := account.RequireManager(actor, "block apps"); err != nil {
		return err
	}
	note, err := cleanNote(note)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(q *store.Queries) error {
		if _, err := q.ListingBrief(ctx, listingID); errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "there is no app %q in the catalog", listingID)
		}
		if err := q.UpsertApproval(ctx, store.UpsertApprovalParams{ListingID: listingID, Scope: ScopeBlocked, Note: note, ApprovedBy: actor.ID, UpdatedAt: s.stamp()}); err != nil {
			return err
		}
		if err := q.ClearApprovalUsers(ctx, listingID); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "approval.blocked", listingID, map[string]any{"note": note})
	})
}

// BulkResult says what a bulk action did to each app.
type BulkResult struct {
	Done   []string          `json:"done"`
	Failed map[string]string `json:"failed"` // listing id → reason
}

// BulkPreApprove approves several apps for the whole account. Managers only.
func (s *Store) BulkPreApprove(ctx context.Context, actor account.User, listingIDs []string, note string) (BulkResult, error) {
	if err := account.RequireManager(actor, "pre-approve apps"); err != nil {
		return BulkResult{}, err
	}
	return s.bulk(listingIDs, func(id string) error {
		_, err := s.PreApprove(ctx, actor, id, Grant{ForAccount: true, Note: note})
		return err
	}), nil
}

// BulkRevoke revokes several approvals. Managers only.
func (s *Store) BulkRevoke(ctx context.Context, actor account.User, listingIDs []string) (BulkResult, error) {
	if err := account.RequireManager(actor, "revoke approvals"); err != nil {
		return BulkResult{}, err
	}
	return s.bulk(listingIDs, func(id string) error { return s.Revoke(ctx, actor, id) }), nil
}

func (s *Store) bulk(ids []string, fn func(string) error) BulkResult {
	res := BulkResult{Done: []string{}, Failed: map[string]string{}}
	for _, id := range ids {
		if err := fn(id); err != nil {
			res.Failed[id] = err.Error()
		} else {
			res.Done = append(res.Done, id)
		}
	}
	return res
}

// AppState is one app as the Admin apps list shows it.
type AppState struct {
	ListingID       string `json:"listingId"`
	Name            string `json:"name"`
	Developer       string `json:"developer"`
	Type            string `json:"type"`
	State           string `json:"state"` // account, users, blocked, none
	UserCount       int64  `json:"userCount"`
	Note            string `json:"note"`
	ApprovedAt      string `json:"approvedAt"`
	PendingRequests int64  `json:"pendingRequests"`
	NoLongerListed  bool   `json:"noLongerListed"`
	// ChangedSinceApproved: the app's source, authorization server or
	// scopes changed since its grant; the grant does not count until a
	// manager approves it again.
	ChangedSinceApproved bool `json:"changedSinceApproved"`
}

// AppFilter narrows the Admin apps list.
type AppFilter struct {
	State  string `json:"state"` // "", account, users, blocked, none, changed
	Text   string `json:"text"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
}

// Apps lists every app with its approval state. Managers only.
func (s *Store) Apps(ctx context.Context, actor account.User, f AppFilter) ([]AppState, error) {
	if err := account.RequireManager(actor, "see the approval list"); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	rows, err := store.New(s.db.Reader).AdminApps(ctx, store.AdminAppsParams{State: f.State, Text: strings.TrimSpace(f.Text), Off: int64(f.Offset), Lim: int64(f.Limit)})
	if err != nil {
		return nil, err
	}
	out := make([]AppState, 0, len(rows))
	for _, r := range rows {
		state := r.Scope
		if state == "" {
			state = ScopeNone
		}
		out = append(out, AppState{ListingID: r.ID, Name: r.Name, Developer: r.DeveloperName, Type: r.Type, State: state,
			UserCount: r.UserCount, Note: r.Note, ApprovedAt: r.ApprovedAt, PendingRequests: r.PendingRequests, NoLongerListed: r.NoLongerListed != 0,
			ChangedSinceApproved: r.Changed != 0})
	}
	return out, nil
}
