package install

import (
	"context"
	"encoding/json"
	"slices"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/db/store"
)

// NewScopes are the scopes the listing asks for now that the installation
// was never asked for (the catalog grew them): the review lists only these.
func (in *Installer) NewScopes(ctx context.Context, inst Installation) ([]string, error) {
	l, err := in.listings.App(ctx, inst.ListingID)
	if err != nil {
		return nil, err
	}
	return newScopes(l, inst), nil
}

func newScopes(l catalog.Listing, inst Installation) []string {
	var fresh []string
	for _, s := range l.Scopes {
		if !slices.Contains(inst.RequestedScopes, s.Name) {
			fresh = append(fresh, s.Name)
		}
	}
	return fresh
}

// PrepareReconnect readies a new consent for an installation: after a
// refused refresh ("reconnect needed") or when the app asks for new scopes.
// Only who may install the app may reconnect it.
func (in *Installer) PrepareReconnect(ctx context.Context, actor account.User, installationID int64) (Prepared, error) {
	inst, err := in.Get(ctx, installationID)
	if err != nil {
		return Prepared{}, err
	}
	if inst.Level == "user" && inst.UserID != actor.ID {
		return Prepared{}, apperr.New(apperr.Forbidden, "this installation belongs to someone else")
	}
	if inst.Level == "account" && !actor.Manager {
		return Prepared{}, apperr.New(apperr.Forbidden, "only marketplace managers can reconnect account-level apps")
	}
	if err := in.vault.Check(ctx); err != nil {
		return Prepared{}, err
	}
	l, err := in.listings.App(ctx, inst.ListingID)
	if err != nil {
		return Prepared{}, err
	}
	// The consent goes to the server the app was installed with, never to
	// one a feed put in its place since (that needs a new installation).
	srv, err := in.InstalledServer(ctx, inst.ID)
	if err != nil {
		return Prepared{}, err
	}
	return Prepared{InstallationID: inst.ID, Listing: l, endpoints: srv.Endpoints, clientID: srv.ClientID,
		redirectPath: srv.RedirectPath, source: srv.Source, reconnect: &inst, actor: actor}, nil
}

// finishReconnect stores the new consent's scopes; the installation keeps
// its configuration state.
func (in *Installer) finishReconnect(ctx context.Context, p Prepared, granted []string, expiresAt string) error {
	requested := make([]string, 0, len(p.Listing.Scopes))
	for _, s := range p.Listing.Scopes {
		requested = append(requested, s.Name)
	}
	status := p.reconnect.Status
	if status == StatusReconnectNeeded || status == StatusAuthorizing {
		status = StatusActive
		if p.Listing.Configuration.Kind == "form" || p.Listing.Configuration.Kind == "external" {
			status = StatusNeedsConfiguration
		}
	}
	req, _ := json.Marshal(requested)
	got, _ := json.Marshal(granted)
	return store.New(in.db.Writer).ReconnectInstallation(ctx, store.ReconnectInstallationParams{
		Status: status, RequestedScopes: string(req), GrantedScopes: string(got), TokenExpiresAt: expiresAt,
		LastRefreshAt: in.stamp(), UpdatedAt: in.stamp(), ID: p.InstallationID,
	})
}
