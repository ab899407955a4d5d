// Package orgmode is the desktop's domain services when its data directory
// is connected to an organization (issue 12): who am I, users, requests and
// decisions come from the organization server's API instead of the local
// SQLite account. The bound services of app/account, app/approval and
// app/audit, the installer (app/install), removals (app/manage), the
// catalog's syncer and the CLI ask Active on every call and hand the call
// here when it says yes, so their signatures (and local mode) stay exactly
// as they are. docs/architecture.md, "Local mode and organization mode",
// has the table of what lives where.
//
// Reads keep their last answer in the local settings table: offline, they
// return it. Actions need the server: offline they fail with
// NeedsServerError and change nothing anywhere.
package orgmode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/org"
	"marketdesk/app/settings"
	"marketdesk/db"
)

// NeedsServer is the code of NeedsServerError: the UI says "this needs the
// organization server" instead of a failure.
const NeedsServer apperr.Code = "needs_org_server"

// NeedsServerError says an action needs the organization server, which
// did not answer; nothing was changed, so trying again later loses nothing.
type NeedsServerError struct{ Cause error }

func (e *NeedsServerError) Error() string {
	return fmt.Sprintf("this needs the organization server, which is not reachable now; nothing was changed (%v)", e.Cause)
}
func (e *NeedsServerError) Unwrap() error        { return e.Cause }
func (e *NeedsServerError) AppCode() apperr.Code { return NeedsServer }

// IsNeedsServer reports whether err is a NeedsServerError.
func IsNeedsServer(err error) bool {
	var n *NeedsServerError
	return errors.As(err, &n)
}

// ErrSSOIdentity refuses "Switch user" and local account editing: in
// organization mode you are who the organization's sign-in says.
var ErrSSOIdentity = apperr.New(apperr.Forbidden,
	"this desktop is connected to an organization: your identity is your organization sign-in, and people and roles are managed at the organization")

// Service acts on the organization the data directory is connected to.
type Service struct {
	conn  *org.Service
	cache *settings.Store
	local *account.Store // the stand-in of the SSO identity (identity.go)
	// AppType tells an app's type ("user" or "account") from the local
	// catalog, so a request for an account-level app says so (nil: "user").
	AppType func(ctx context.Context, listingID string) (string, error)
	// ListingName names an app in request lists (nil: its id).
	ListingName func(ctx context.Context, listingID string) string
}

// New returns the service over the connection conn and the data
// directory's database d (the cache of last answers).
func New(conn *org.Service, d *db.DB) *Service {
	return &Service{conn: conn, cache: settings.New(d, time.Now), local: account.New(d, time.Now)}
}

// Active says whether the data directory is in organization mode: it is
// connected (online, offline or signed out), so nothing may fall back to
// the local account.
func (s *Service) Active(ctx context.Context) bool { return s.conn.Server(ctx) != "" }

// cacheKey is the settings key of a read's last answer.
func cacheKey(name string) string { return "orgmode_cache:" + name }

// read asks the server for path into out, saving the answer under name;
// when the server does not answer it returns the last saved answer.
func (s *Service) read(ctx context.Context, name, path string, out any) error {
	c, err := s.conn.Client(ctx)
	if err != nil {
		return err
	}
	err = c.GetJSON(ctx, path, out)
	if err == nil {
		if raw, mErr := json.Marshal(out); mErr == nil {
			_ = s.cache.Put(ctx, cacheKey(name), string(raw)) // a cache that cannot be saved only costs offline reading
		}
		return nil
	}
	if !org.IsOffline(err) {
		return err
	}
	raw, cErr := s.cache.Get(ctx, cacheKey(name))
	if cErr != nil {
		return &NeedsServerError{Cause: err}
	}
	return json.Unmarshal([]byte(raw), out)
}

// act sends an action; offline it is a NeedsServerError.
func (s *Service) act(ctx context.Context, method, path string, in, out any) error {
	c, err := s.conn.Client(ctx)
	if err != nil {
		return err
	}
	return s.needsServer(c.SendJSON(ctx, method, path, in, out))
}

func isOffline(err error) bool { return org.IsOffline(err) }
