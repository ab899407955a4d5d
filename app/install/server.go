package install

import (
	"context"
	"database/sql"
	"errors"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/netguard"
	"marketdesk/app/oauthflow"
	"marketdesk/db/store"
)

// Server is the authorization server an installation was made with: what
// refresh, reconnect and revocation use, whatever the feed says today (a
// feed that changes its issuer or endpoints does not move existing
// installations to another server).
type Server struct {
	Endpoints    oauthflow.Endpoints
	ClientID     string
	RedirectPath string
	Sandbox      bool // the built-in sandbox: its endpoints are found at use
	// Source is the location of the source the app was installed from: its
	// origin class (catalog.SourceOrigin) is that of every request to this
	// server, so an intranet feed's server stays reachable and a public
	// feed's server never reaches the intranet.
	Source string
}

// InstalledServer returns the server installation id was made with.
func (in *Installer) InstalledServer(ctx context.Context, id int64) (Server, error) {
	row, err := store.New(in.db.Reader).GetInstallation(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Server{}, apperr.New(apperr.NotFound, "there is no installation %d", id)
	}
	if err != nil {
		return Server{}, err
	}
	return in.serverOf(ctx, row)
}

func (in *Installer) serverOf(ctx context.Context, row store.Installation) (Server, error) {
	srv := Server{ClientID: row.ClientID, RedirectPath: row.RedirectPath, Sandbox: row.Sandbox != 0, Source: row.Source}
	var err error
	switch {
	case srv.Sandbox:
		srv.Endpoints, err = in.resolver.Sandbox(ctx)
	case row.TokenEndpoint == "" && row.Issuer != "":
		// Installed before 0009 kept endpoints: discover them from the
		// issuer it was installed with (stored by the migration), once.
		srv.Endpoints, err = oauthflow.Discover(in.forSource(ctx, row.Source), in.client, row.Issuer)
		if err != nil {
			return srv, discoveryError(err)
		}
		err = store.New(in.db.Writer).PinDiscoveredEndpoints(ctx, store.PinDiscoveredEndpointsParams{
			AuthorizationEndpoint: srv.Endpoints.Authorization, TokenEndpoint: srv.Endpoints.Token,
			RevocationEndpoint: srv.Endpoints.Revocation, ID: row.ID})
	case row.TokenEndpoint == "":
		err = apperr.New(apperr.Invalid, "installation %d does not know its authorization server: remove it and install the app again", row.ID)
	default:
		srv.Endpoints = oauthflow.Endpoints{Issuer: row.Issuer, Authorization: row.AuthorizationEndpoint,
			Token: row.TokenEndpoint, Revocation: row.RevocationEndpoint}
	}
	return srv, err
}

// forSource marks ctx's requests as made for the source at location (its
// origin class, see catalog.SourceOrigin), judged by the installer's client.
func (in *Installer) forSource(ctx context.Context, location string) context.Context {
	return catalog.WithSourceOrigin(ctx, in.client, location)
}

// discoveryError is a failed discovery as the UI and the CLI see it: a
// refusal (an unsafe endpoint, an address the app's source may not reach)
// keeps its own code, invalid_input, since trying again will not help; any
// other failure (no answer, an error status, bad metadata) is unavailable.
func discoveryError(err error) error {
	code := apperr.Unavailable
	if netguard.IsRefusal(err) { // an *oauthflow.EndpointError wraps a netguard refusal too
		code = apperr.Invalid
	}
	return apperr.Wrap(code, err, "%s", err.Error())
}
