// Package policy is the organization server's policy API: who am I, the
// account's settings, users and roles, pre-approvals (for the account, for
// named users, blocks with a message and a link, with an optional expiry),
// requests for pre-approval, and the audit log with its export. It enforces
// DESIGN.md's rules 1-7 for every desktop, with the identity from the token.
//
// Every change writes its audit entry and publishes its event in the same
// transaction (rule 7): both exist exactly when the change commits.
package policy

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/api"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/identity"
)

// Options tune the policy API; the zero value is production's.
type Options struct {
	Logger *slog.Logger
	// Now is the clock that decides whether a pre-approval has lapsed
	// (tests move it); time.Now when nil.
	Now func() time.Time
	// RequestLimit is how many requests a user may create per
	// RequestWindow (10 per minute when zero).
	RequestLimit  int
	RequestWindow time.Duration
	// Chat tells the account's chat webhook of new requests and decisions.
	Chat Chat
}

// service is the handlers' shared state.
type service struct {
	db     *db.DB
	pub    events.Publisher
	log    *slog.Logger
	now    func() time.Time
	limit  int
	window time.Duration
	chat   Chat
}

// Routes are the policy API's routes, the OpenAPI document's among them.
func Routes(d *db.DB, pub events.Publisher, o Options) []api.Route {
	s := &service{db: d, pub: pub, log: o.Logger, now: o.Now, limit: o.RequestLimit, window: o.RequestWindow, chat: o.Chat}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.limit <= 0 {
		s.limit = 10
	}
	if s.window <= 0 {
		s.window = time.Minute
	}
	r := func(method, path string, a api.Access, summary string, h handler) api.Route {
		return api.Route{Method: method, Path: path, Access: a, Summary: summary, Handler: s.as(a, h)}
	}
	return []api.Route{
		{Method: "GET", Path: OpenAPIPath, Access: api.Public, Summary: "This API's OpenAPI 3.1 document", Handler: serveOpenAPI},
		r("GET", "/api/v1/me", api.SignedIn, "Who am I: user, role, manager privilege, account", s.me),
		r("GET", "/api/v1/account", api.SignedIn, "The account and its settings", s.getAccount),
		r("PUT", "/api/v1/account", api.Administers, "Change the account's name and whether apps need pre-approval", s.putAccount),
		r("GET", "/api/v1/users", api.Administers, "The account's users and their roles", s.listUsers),
		r("PUT", "/api/v1/users/{id}/role", api.Administers, "Change a user's role and manager privilege", s.setRole),
		r("DELETE", "/api/v1/users/{id}", api.Administers, "Remove a user from the account", s.removeUser),
		r("GET", "/api/v1/approvals", api.SignedIn, "Pre-approvals and blocks (members: those that concern them)", s.listApprovals),
		r("POST", "/api/v1/approvals", api.Manages, "Pre-approve an app for the account or named users, or block it", s.grant),
		r("DELETE", "/api/v1/approvals/{id}", api.Manages, "Revoke a pre-approval or lift a block", s.revoke),
		r("GET", "/api/v1/approvals/reminders", api.Manages, "Pre-approvals that lapse within the next days", s.reminders),
		r("GET", "/api/v1/requests", api.SignedIn, "Requests: a member's own; all for managers", s.listRequests),
		r("POST", "/api/v1/requests", api.SignedIn, "Ask for pre-approval of an app (rate-limited per user)", s.createRequest),
		r("GET", "/api/v1/requests/{id}", api.SignedIn, "One request: the requester's own, or any for managers", s.getRequestRoute),
		r("DELETE", "/api/v1/requests/{id}", api.SignedIn, "Cancel one's own pending request", s.cancelRequest),
		r("POST", "/api/v1/requests/{id}/decision", api.Manages, "Approve or deny a pending request with a note", s.decide),
		r("GET", "/api/v1/audit", api.Administers, "The audit log, newest first, paged by id", s.auditPage),
		r("GET", "/api/v1/audit/export", api.Administers, "The whole audit log as CSV or JSON, streamed", s.auditExport),
	}
}

// caller is the person a handler acts for, as the database knows them now.
type caller struct {
	identity.Identity
	user store.User
}

func (c caller) manages() bool { return manages(c.user) }
func (c caller) administers() bool {
	return c.user.Role == "owner" || c.user.Role == "admin"
}

type handler func(w http.ResponseWriter, r *http.Request, c caller) error

// as loads the caller from the database before the handler runs and checks
// the route's access again with the role stored there: a token lives for
// minutes, and a role taken away by an owner must not outlive it.
func (s *service) as(a api.Access, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.caller(r.Context())
		if err == nil && !allowed(a, c) {
			err = apperr.New(apperr.Forbidden, "%s %s is not for your role (%s) any more", r.Method, r.Pattern, c.user.Role)
		}
		if err == nil {
			err = h(w, r, c)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	}
}

func (s *service) caller(ctx context.Context) (caller, error) {
	id, ok := identity.From(ctx)
	if !ok {
		return caller{}, apperr.New(identity.Unauthenticated, "sign in first")
	}
	u, err := s.db.Queries.PolicyUser(ctx, store.PolicyUserParams{AccountID: id.AccountID, ID: id.UserID})
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return caller{}, apperr.New(identity.Unauthenticated, "your user is no longer in this account: sign in again")
		}
		return caller{}, err
	}
	return caller{Identity: id, user: u}, nil
}

func allowed(a api.Access, c caller) bool {
	switch a {
	case api.SignedIn:
		return true
	case api.Administers:
		return c.administers()
	case api.Manages:
		return c.manages()
	case api.OwnerOnly:
		return c.user.Role == "owner"
	}
	return false
}
