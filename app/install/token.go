package install

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/oauthflow"
	"marketdesk/db/store"
)

// AccessToken is a valid access token of an installation, for scripts.
type AccessToken struct {
	AccessToken string    `json:"accessToken"`
	TokenType   string    `json:"tokenType"`
	Expiry      time.Time `json:"expiry"`
	Scopes      []string  `json:"scopes"`
}

// ErrNotInstalled says the user has no installation of the app.
func errNotInstalled(listingID string) error {
	return apperr.New(apperr.NotFound, "%s is not installed", listingID)
}

// Token returns a valid access token of user's installation of an app,
// refreshing it first when it expires within a minute. A rotated refresh
// token is saved at once; a refresh the server rejects puts the
// installation in "reconnect needed".
func (in *Installer) Token(ctx context.Context, user account.User, listingID string) (AccessToken, error) {
	row, err := store.New(in.db.Reader).LiveInstallationFor(ctx, store.LiveInstallationForParams{
		ListingID: listingID, UserID: sql.NullInt64{Int64: user.ID, Valid: true}})
	if errors.Is(err, sql.ErrNoRows) {
		return AccessToken{}, errNotInstalled(listingID)
	}
	if err != nil {
		return AccessToken{}, err
	}
	inst := installationOf(row, "", false)
	switch inst.Status {
	case StatusAuthorizing:
		return AccessToken{}, apperr.New(apperr.Conflict, "%s is still being authorized", listingID)
	case StatusReconnectNeeded:
		return AccessToken{}, apperr.New(apperr.Conflict, "%s needs to be reconnected: open it in Marketdesk and choose Reconnect", listingID)
	}
	tok, err := in.tokens.Load(ctx, inst.ID)
	if err != nil {
		return AccessToken{}, err
	}
	// A token stored before Marketdesk checked token_type is never printed
	// unless it is a Bearer token either.
	if err := oauthflow.CheckBearer(tok); err != nil {
		return AccessToken{}, apperr.New(apperr.Conflict, "%s has a token that is not a Bearer token, which Marketdesk cannot use: reconnect it", listingID)
	}
	if tok.Expiry.IsZero() || time.Until(tok.Expiry) > time.Minute {
		return AccessToken{AccessToken: tok.AccessToken, TokenType: tok.TokenType, Expiry: tok.Expiry, Scopes: inst.GrantedScopes}, nil
	}
	fresh, err := in.refresh(ctx, inst, tok)
	if err != nil {
		return AccessToken{}, err
	}
	return AccessToken{AccessToken: fresh.AccessToken, TokenType: fresh.TokenType, Expiry: fresh.Expiry, Scopes: inst.GrantedScopes}, nil
}

func (in *Installer) refresh(ctx context.Context, inst Installation, tok *oauth2.Token) (*oauth2.Token, error) {
	srv, err := in.InstalledServer(ctx, inst.ID) // the server it was installed with, not the feed's of today
	if err != nil {
		return nil, err
	}
	cfg := oauth2.Config{ClientID: srv.ClientID, Endpoint: oauth2.Endpoint{TokenURL: srv.Endpoints.Token, AuthStyle: oauth2.AuthStyleInParams}}
	expired := *tok
	expired.Expiry = time.Now().Add(-time.Second) // make the source refresh now
	fresh, err := cfg.TokenSource(context.WithValue(in.forSource(ctx, srv.Source), oauth2.HTTPClient, in.client), &expired).Token()
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) {
		_ = store.New(in.db.Writer).SetInstallationStatus(ctx, store.SetInstallationStatusParams{
			Status: StatusReconnectNeeded, Error: "the app's server refused the refresh (" + retrieve.ErrorCode + ")",
			UpdatedAt: in.stamp(), ID: inst.ID})
		return nil, apperr.New(apperr.Conflict, "%s needs to be reconnected: its server refused to refresh the token", inst.ListingID)
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.Unavailable, err, "could not refresh the token of %s: %v", inst.ListingID, err)
	}
	// A refresh answered with another token type is refused before anything
	// is saved: the installation keeps its state and its stored token.
	if err := oauthflow.CheckBearer(fresh); err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "could not refresh the token of %s: %v", inst.ListingID, err)
	}
	if fresh.RefreshToken == "" {
		fresh.RefreshToken = tok.RefreshToken // the server kept the old one
	}
	if err := in.tokens.Save(ctx, inst.ID, fresh); err != nil {
		return nil, err
	}
	err = store.New(in.db.Writer).RecordTokenRefresh(ctx, store.RecordTokenRefreshParams{
		TokenExpiresAt: expiry(fresh.Expiry), LastRefreshAt: in.stamp(), UpdatedAt: in.stamp(), ID: inst.ID})
	return fresh, err
}
