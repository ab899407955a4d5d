// Package install installs apps: it checks the approval policy and the
// keychain, runs the OAuth consent in the system browser, keeps the tokens in
// the keychain and the installation in SQLite. A failure at any step leaves
// no half installation behind.
package install

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
	"marketdesk/app/oauthflow"
	"marketdesk/app/vault"
	"marketdesk/db"
	"marketdesk/db/store"
)

// Statuses of an installation.
const (
	StatusAuthorizing        = "authorizing"
	StatusNeedsConfiguration = "needs_configuration"
	StatusActive             = "active"
	StatusReconnectNeeded    = "reconnect_needed"
	StatusFailed             = "failed"
)

// Installation is one app installed for a user or for the account.
type Installation struct {
	ID              int64    `json:"id"`
	ListingID       string   `json:"listingId"`
	ListingName     string   `json:"listingName"`
	Level           string   `json:"level"` // user | account
	UserID          int64    `json:"userId"`
	InstalledByName string   `json:"installedByName"`
	Status          string   `json:"status"`
	RequestedScopes []string `json:"requestedScopes"`
	GrantedScopes   []string `json:"grantedScopes"`
	// GrantedScopeWords and NewScopeWords are the same scopes in words
	// (the listing's, else the standard ones: catalog.Listing.Describe).
	GrantedScopeWords []catalog.Scope `json:"grantedScopeWords"`
	NewScopeWords     []catalog.Scope `json:"newScopeWords"`
	TokenExpiresAt    string          `json:"tokenExpiresAt"`
	LastRefreshAt     string          `json:"lastRefreshAt"`
	Error             string          `json:"error"`
	CreatedAt         string          `json:"createdAt"`
	NoLongerListed    bool            `json:"noLongerListed"`
	ConfiguredAt      string          `json:"configuredAt"`
	// NewScopes are scopes the listing asks for now that were never
	// consented to: the UI shows "New permissions requested".
	NewScopes []string `json:"newScopes"`
	// AuthorizationChanged: the listing's source or authorization server
	// changed since this installation was made. The installation keeps
	// using the server it was installed with (refresh, reconnect, revocation).
	AuthorizationChanged bool `json:"authorizationChanged"`
	// What the installation was made with (listing_authorization of 0009).
	source, authServer string
}

// Resolver finds the authorization server of a listing.
type Resolver interface {
	// Sandbox returns the built-in sandbox server's endpoints.
	Sandbox(ctx context.Context) (oauthflow.Endpoints, error)
}

// Installer runs installs.
type Installer struct {
	db        *db.DB
	listings  *catalog.Searcher
	approvals *approval.Store
	tokens    Tokens
	vault     *vault.Vault
	resolver  Resolver
	client    *http.Client
	now       func() time.Time
	timeout   time.Duration
	admission Admission // organization mode (admission.go); nil in local mode
}

// Config wires an Installer.
type Config struct {
	DB        *db.DB
	Listings  *catalog.Searcher
	Approvals *approval.Store
	Vault     *vault.Vault
	Resolver  Resolver
	Client    *http.Client
	Now       func() time.Time
	Timeout   time.Duration // of the browser step; default 5 minutes
}

// New returns an Installer.
func New(c Config) *Installer {
	if c.Client == nil {
		c.Client = &http.Client{Timeout: 20 * time.Second}
	}
	if c.Timeout == 0 {
		c.Timeout = oauthflow.DefaultTimeout
	}
	return &Installer{db: c.DB, listings: c.Listings, approvals: c.Approvals, tokens: Tokens{c.Vault}, vault: c.Vault,
		resolver: c.Resolver, client: c.Client, now: c.Now, timeout: c.Timeout}
}

func (in *Installer) stamp() string { return in.now().UTC().Format(time.RFC3339) }

// Prepared is an install that passed every check and may open the browser.
type Prepared struct {
	InstallationID int64
	Listing        catalog.Listing
	endpoints      oauthflow.Endpoints
	// clientID and redirectPath: the listing's for an install, the stored
	// ones for a reconnect (an installation keeps its server).
	clientID, redirectPath string
	// source is the location of the source the app came from (the listing's
	// for an install, the stored one for a reconnect): its origin class
	// decides which addresses the token exchange may reach.
	source string
	// reconnect is the installation as it was, when this is a reconnect: a
	// failed reconnect leaves it (and its tokens) as they were.
	reconnect *Installation
	actor     account.User
	// registered: the organization server recorded this install as new
	// (admission.go); a failure withdraws it.
	registered bool
	// selfApproved: a manager installs without a pre-approval; activation
	// records their install as their approval.
	selfApproved bool
}

// Prepare checks the policy, the keychain and the server, then records the
// installation as "authorizing". Nothing is opened yet.
func (in *Installer) Prepare(ctx context.Context, actor account.User, listingID string) (Prepared, error) {
	selfApproved, err := in.allowed(ctx, actor, listingID)
	if err != nil {
		return Prepared{}, err
	}
	if err := in.vault.Check(ctx); err != nil {
		return Prepared{}, err // the fix is in the message; the browser never opens
	}
	l, err := in.listings.App(ctx, listingID)
	if err != nil {
		return Prepared{}, err
	}
	source := l.Authorization().Source
	ep, err := in.endpoints(in.forSource(ctx, source), l.OAuth)
	if err != nil {
		return Prepared{}, err
	}
	id, err := in.record(ctx, actor, l, ep)
	if err != nil {
		return Prepared{}, err
	}
	// Organization mode: the server decides before the browser opens.
	registered, err := in.admit(ctx, l)
	if err != nil {
		return Prepared{}, in.fail(id, err)
	}
	return Prepared{InstallationID: id, Listing: l, endpoints: ep, clientID: l.OAuth.ClientID,
		redirectPath: l.OAuth.RedirectPath, source: source, actor: actor, registered: registered, selfApproved: selfApproved}, nil
}

func refusal(reason string) error {
	switch reason {
	case approval.AdminsOnly:
		return apperr.New(apperr.Forbidden, "only marketplace managers can install account-level apps")
	case approval.NeedsPreapproval:
		return apperr.New(apperr.Forbidden, "this app needs pre-approval before you can install it: request it from your admins")
	case approval.NeedsReview:
		return apperr.New(apperr.Forbidden, "this app changed since your admins approved it (where it comes from, its authorization server or its permissions): a manager must review it again")
	case approval.Blocked:
		return apperr.New(apperr.Forbidden, "your admins blocked this app")
	}
	return apperr.New(apperr.Invalid, "this app is no longer listed and cannot be installed")
}

func (in *Installer) endpoints(ctx context.Context, c catalog.OAuthClient) (oauthflow.Endpoints, error) {
	switch {
	case c.Sandbox:
		return in.resolver.Sandbox(ctx)
	case c.Issuer != "":
		ep, err := oauthflow.Discover(ctx, in.client, c.Issuer)
		if err != nil {
			return ep, discoveryError(err)
		}
		return ep, nil
	}
	return oauthflow.Endpoints{Authorization: c.AuthorizationEndpoint, Token: c.TokenEndpoint, Revocation: c.RevocationEndpoint}, nil
}

// record inserts the installation as "authorizing", with what it is bound
// to: the listing's source and authorization configuration, and the
// resolved endpoints it will keep using (the sandbox's are found at use:
// its port changes from run to run).
func (in *Installer) record(ctx context.Context, actor account.User, l catalog.Listing, ep oauthflow.Endpoints) (int64, error) {
	scopes := make([]string, 0, len(l.Scopes))
	for _, s := range l.Scopes {
		scopes = append(scopes, s.Name)
	}
	requested, _ := json.Marshal(scopes)
	params := store.InsertInstallationParams{
		ListingID: l.ID, Level: l.Type, InstalledBy: sql.NullInt64{Int64: actor.ID, Valid: true}, InstalledByName: actor.Name,
		RequestedScopes: string(requested), CreatedAt: in.stamp(), UpdatedAt: in.stamp(),
		Source: l.Authorization().Source, AuthServer: l.Authorization().Server,
		ClientID: l.OAuth.ClientID, RedirectPath: l.OAuth.RedirectPath,
	}
	if l.OAuth.Sandbox {
		params.Sandbox = 1
	} else {
		params.Issuer, params.AuthorizationEndpoint, params.TokenEndpoint, params.RevocationEndpoint =
			ep.Issuer, ep.Authorization, ep.Token, ep.Revocation
	}
	if l.Type == catalog.TypeUser {
		params.UserID = sql.NullInt64{Int64: actor.ID, Valid: true}
	}
	id, err := store.New(in.db.Writer).InsertInstallation(ctx, params)
	if err != nil && isUnique(err) {
		return 0, apperr.New(apperr.Conflict, "%s is already installed", l.Name)
	}
	return id, err
}

// Authorize runs the consent in the system browser and finishes the
// installation. On any failure it removes what it wrote.
func (in *Installer) Authorize(ctx context.Context, p Prepared, opener oauthflow.Opener, waiting func(authURL string)) (Installation, error) {
	scopes := make([]string, 0, len(p.Listing.Scopes))
	for _, s := range p.Listing.Scopes {
		scopes = append(scopes, s.Name)
	}
	res, err := oauthflow.Run(in.forSource(ctx, p.source), oauthflow.Request{
		ClientID: p.clientID, Scopes: scopes, Endpoints: p.endpoints,
		RedirectPath: p.redirectPath, HTTPClient: in.client, Timeout: in.timeout, Waiting: waiting,
		Announce: in.announcer(p.Listing),
	}, opener)
	if err != nil && p.reconnect != nil {
		return Installation{}, err // the installation keeps its state and its old tokens
	}
	if err != nil {
		in.withdraw(p)
		return Installation{}, in.fail(p.InstallationID, err)
	}
	if p.reconnect != nil {
		if err := in.tokens.Save(ctx, p.InstallationID, res.Token); err != nil {
			return Installation{}, err
		}
		if err := in.finishReconnect(context.WithoutCancel(ctx), p, res.GrantedScopes, expiry(res.Token.Expiry)); err != nil {
			return Installation{}, err
		}
		return in.Get(ctx, p.InstallationID)
	}
	if err := in.tokens.Save(ctx, p.InstallationID, res.Token); err != nil {
		in.withdraw(p)
		return Installation{}, in.fail(p.InstallationID, err)
	}
	status := StatusActive
	if p.Listing.Configuration.Kind != "none" && p.Listing.Configuration.Kind != "" {
		status = StatusNeedsConfiguration
	}
	if err := in.activate(context.WithoutCancel(ctx), p, status, res.GrantedScopes, expiry(res.Token.Expiry)); err != nil {
		in.withdraw(p)
		return Installation{}, in.fail(p.InstallationID, err)
	}
	return in.Get(ctx, p.InstallationID)
}

// activate finishes an installation and records it in the audit log, in one
// transaction.
func (in *Installer) activate(ctx context.Context, p Prepared, status string, granted []string, expiresAt string) error {
	return in.db.Write(ctx, func(q *store.Queries) error {
		body, _ := json.Marshal(granted)
		if err := q.ActivateInstallation(ctx, store.ActivateInstallationParams{Status: status, GrantedScopes: string(body),
			TokenExpiresAt: expiresAt, LastRefreshAt: in.stamp(), UpdatedAt: in.stamp(), ID: p.InstallationID}); err != nil {
			return err
		}
		if p.selfApproved {
			if err := audit.Record(ctx, q, in.now(), p.actor.Actor(), "approval.self_approved", p.Listing.ID,
				map[string]any{"installation": p.InstallationID, "note": "a manager's own install is their approval"}); err != nil {
				return err
			}
		}
		if p.Listing.Type == catalog.TypeAccount {
			if err := approval.ApproveByInstall(ctx, q, in.now(), p.actor, p.Listing.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, q, in.now(), p.actor.Actor(), "installation.created", p.Listing.ID,
			map[string]any{"installation": p.InstallationID, "level": p.Listing.Type, "grantedScopes": granted, "status": status})
	})
}

// fail marks an installation failed and deletes anything it stored; the
// original error is returned.
func (in *Installer) fail(id int64, cause error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = in.tokens.Delete(ctx, id)
	_ = store.New(in.db.Writer).SetInstallationStatus(ctx, store.SetInstallationStatusParams{
		Status: StatusFailed, Error: cause.Error(), UpdatedAt: in.stamp(), ID: id,
	})
	return cause
}

// RecoverInterrupted fails the installations a crash left "authorizing" for
// longer than the flow's timeout, and deletes their keychain items.
func (in *Installer) RecoverInterrupted(ctx context.Context) (int, error) {
	cutoff := in.now().Add(-in.timeout).UTC().Format(time.RFC3339)
	ids, err := store.New(in.db.Reader).StaleAuthorizations(ctx, cutoff)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		in.fail(id, errors.New("Marketdesk stopped during the authorization; nothing was installed"))
	}
	return len(ids), nil
}

// Get returns one installation.
func (in *Installer) Get(ctx context.Context, id int64) (Installation, error) {
	r, err := store.New(in.db.Reader).GetInstallation(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Installation{}, apperr.New(apperr.NotFound, "there is no installation %d", id)
	}
	if err != nil {
		return Installation{}, err
	}
	return in.withNewScopes(ctx, installationOf(r, "", false)), nil
}

// Installed lists what user sees on the Installed page: their apps and the account's.
func (in *Installer) Installed(ctx context.Context, user account.User) ([]Installation, error) {
	rows, err := store.New(in.db.Reader).InstalledFor(ctx, sql.NullInt64{Int64: user.ID, Valid: true})
	if err != nil {
		return nil, err
	}
	out := make([]Installation, 0, len(rows))
	for _, r := range rows {
		out = append(out, in.withNewScopes(ctx, installationOf(store.Installation{ID: r.ID, ListingID: r.ListingID, Level: r.Level, UserID: r.UserID,
			InstalledBy: r.InstalledBy, InstalledByName: r.InstalledByName, Status: r.Status, RequestedScopes: r.RequestedScopes,
			GrantedScopes: r.GrantedScopes, TokenExpiresAt: r.TokenExpiresAt, LastRefreshAt: r.LastRefreshAt, Error: r.Error,
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Source: r.Source, AuthServer: r.AuthServer}, r.ListingName, r.NoLongerListed != 0)))
	}
	return in.withAccountApps(ctx, out, "")
}

func (in *Installer) withNewScopes(ctx context.Context, inst Installation) Installation {
	inst.NewScopes = []string{}
	l, err := in.listings.App(ctx, inst.ListingID)
	if err != nil {
		inst.GrantedScopeWords, inst.NewScopeWords = catalog.Listing{}.Describe(inst.GrantedScopes), []catalog.Scope{}
		return inst // a delisted app asks for nothing new
	}
	inst.NewScopes = append(inst.NewScopes, newScopes(l, inst)...)
	inst.GrantedScopeWords, inst.NewScopeWords = l.Describe(inst.GrantedScopes), l.Describe(inst.NewScopes)
	a := l.Authorization()
	inst.AuthorizationChanged = a.Source != inst.source || a.Server != inst.authServer
	return inst
}

func installationOf(r store.Installation, name string, delisted bool) Installation {
	i := Installation{ID: r.ID, ListingID: r.ListingID, ListingName: name, Level: r.Level, UserID: r.UserID.Int64,
		InstalledByName: r.InstalledByName, Status: r.Status, TokenExpiresAt: r.TokenExpiresAt,
		LastRefreshAt: r.LastRefreshAt, Error: r.Error, CreatedAt: r.CreatedAt, NoLongerListed: delisted,
		ConfiguredAt: r.ConfiguredAt, source: r.Source, authServer: r.AuthServer}
	_ = json.Unmarshal([]byte(r.RequestedScopes), &i.RequestedScopes)
	_ = json.Unmarshal([]byte(r.GrantedScopes), &i.GrantedScopes)
	if i.ListingName == "" {
		i.ListingName = r.ListingID
	}
	return i
}

func expiry(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// SandboxResolver finds the built-in sandbox server by its current issuer
// (its port changes from run to run) and reads its metadata like any other.
type SandboxResolver struct {
	Issuer func() string
	Client *http.Client
	Expect func(oauthflow.Started) (release func(), err error) // the sandbox's ExpectFlow
}

// Sandbox discovers the sandbox's endpoints.
func (r SandboxResolver) Sandbox(ctx context.Context) (oauthflow.Endpoints, error) {
	issuer := r.Issuer()
	if issuer == "" {
		return oauthflow.Endpoints{}, errNoSandbox
	}
	client := r.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return oauthflow.Discover(ctx, client, issuer)
}

// For returns user's live installation of an app (theirs or the account's),
// or nil when there is none.
func (in *Installer) For(ctx context.Context, user account.User, listingID string) (*Installation, error) {
	row, err := store.New(in.db.Reader).LiveInstallationFor(ctx, store.LiveInstallationForParams{
		ListingID: listingID, UserID: sql.NullInt64{Int64: user.ID, Valid: true}})
	if errors.Is(err, sql.ErrNoRows) {
		elsewhere, err := in.withAccountApps(ctx, nil, listingID)
		if err != nil || len(elsewhere) == 0 {
			return nil, err
		}
		return &elsewhere[0], nil
	}
	if err != nil {
		return nil, err
	}
	inst := in.withNewScopes(ctx, installationOf(row, "", false))
	return &inst, nil
}

// Endpoints resolves the authorization server of a listing (the sandbox's,
// discovered, or the feed's explicit ones).
func (in *Installer) Endpoints(ctx context.Context, l catalog.Listing) (oauthflow.Endpoints, error) {
	return in.endpoints(in.forSource(ctx, l.Authorization().Source), l.OAuth)
}

// TokenOf returns an installation's stored token (for revocation at removal).
func (in *Installer) TokenOf(ctx context.Context, id int64) (*oauth2.Token, error) {
	return in.tokens.Load(ctx, id)
}

// ForgetToken deletes an installation's token from the keychain.
func (in *Installer) ForgetToken(ctx context.Context, id int64) error {
	return in.tokens.Delete(ctx, id)
}
