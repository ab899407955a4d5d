package orgmode

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"marketdesk/app/install"
)

// Admit registers an install with the organization's inventory before the
// browser opens (PUT /api/v1/installations/{app}); the server refuses a
// blocked app, and a member's user-level app without a pre-approval.
// created says the registration is new. Offline, nothing opens: the
// install needs the server.
func (s *Service) Admit(ctx context.Context, listingID, level string) (bool, error) {
	c, err := s.conn.Client(ctx)
	if err != nil {
		return false, err
	}
	status, err := c.SendJSONStatus(ctx, http.MethodPut, "/api/v1/installations/"+url.PathEscape(listingID),
		map[string]string{"scope": level}, nil)
	if err != nil {
		return false, s.needsServer(err)
	}
	return status == http.StatusCreated, nil
}

// Withdraw takes back the registration of an install that failed: the
// server records no removal notice for it.
func (s *Service) Withdraw(ctx context.Context, listingID string) error {
	return s.act(ctx, http.MethodDelete, "/api/v1/installations/"+url.PathEscape(listingID)+"?withdrawn=true", nil, nil)
}

// Removed reports a removal to the organization's inventory; the server
// signs and sends the developer's notice with the person's retention
// choice (the desktop sends none of its own in organization mode).
func (s *Service) Removed(ctx context.Context, listingID string, retainData bool, installationID int64) error {
	q := url.Values{"retain_data": {strconv.FormatBool(retainData)}}
	if installationID > 0 {
		q.Set("installation_id", strconv.FormatInt(installationID, 10))
	}
	return s.act(ctx, http.MethodDelete, "/api/v1/installations/"+url.PathEscape(listingID)+"?"+q.Encode(), nil, nil)
}

func (s *Service) needsServer(err error) error {
	if isOffline(err) {
		return &NeedsServerError{Cause: err}
	}
	return err
}

// AccountApps are the account-level apps on the organization's inventory
// (GET /api/v1/installations shows them to everyone); offline, the last
// answer.
func (s *Service) AccountApps(ctx context.Context) ([]install.AccountApp, error) {
	var body struct {
		Installations []struct {
			AppID       string    `json:"app_id"`
			Scope       string    `json:"scope"`
			UserName    string    `json:"user_name"`
			InstalledAt time.Time `json:"installed_at"`
		} `json:"installations"`
	}
	if err := s.read(ctx, "installations", "/api/v1/installations", &body); err != nil {
		return nil, err
	}
	var out []install.AccountApp
	for _, i := range body.Installations {
		if i.Scope == "account" {
			out = append(out, install.AccountApp{ListingID: i.AppID, InstalledByName: i.UserName, InstalledAt: stamp(i.InstalledAt)})
		}
	}
	return out, nil
}
