// Package auth signs people in on the organization server. The server is the
// OAuth 2.0 authorization server of its desktops (RFC 8252: the system
// browser, code + PKCE S256, a loopback redirect on any port) and federates
// the sign-in to the organization's OpenID provider, where it is a
// confidential OIDC client (zitadel/oidc's rp package). It never sees a
// password. After the provider's callback it records the person (issuer and
// subject) with the role their groups map to, and issues its own short-lived
// opaque access tokens and rotating refresh tokens.
//
// Everything in flight (authorization requests, codes, tokens) is in
// PostgreSQL, hashed, so any replica can finish what another began.
// docs/server-auth.md describes the flow, the endpoints and the settings.
package auth

import (
	"log/slog"
	"net/http"
	"time"

	"marketdesk/server/api"
	"marketdesk/server/config"
	"marketdesk/server/db"
	"marketdesk/server/events"
)

// Endpoint paths.
const (
	AuthorizePath = "/oauth/authorize"
	TokenPath     = "/oauth/token"
	RevokePath    = "/oauth/revoke"
	CallbackPath  = "/auth/callback"
)

// Lifetimes that are not settings: a sign-in at the provider must finish
// within requestTTL; a desktop must redeem its code within codeTTL.
const (
	requestTTL = 10 * time.Minute
	codeTTL    = time.Minute
)

// Options are the service's dependencies.
type Options struct {
	Config config.Auth
	DB     *db.DB
	Logger *slog.Logger
	// Events, when set, hears about role changes made at sign-in.
	Events events.Publisher
	// HTTPClient talks to the provider (default: a client with a 30 s timeout).
	HTTPClient *http.Client
	// Now is the clock (default time.Now); tests move it.
	Now func() time.Time
}

// Service is the sign-in service of one replica. It keeps nothing but the
// provider's discovery document in memory.
type Service struct {
	cfg    config.Auth
	db     *db.DB
	log    *slog.Logger
	events events.Publisher
	now    func() time.Time
	idp    *provider
}

// New returns the service; it does not contact the provider until the first
// sign-in, so a provider outage does not stop the server from starting.
func New(o Options) *Service {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	s := &Service{cfg: o.Config, db: o.DB, log: o.Logger, events: o.Events, now: o.Now}
	s.idp = newProvider(o.Config, o.HTTPClient, s.nonceOf)
	return s
}

// Verifier checks the access tokens this service issued.
func (s *Service) Verifier() *Verifier {
	return &Verifier{db: s.db, audience: Audience(s.cfg), now: s.now}
}

// Audience of the server's access tokens: its public URL.
func Audience(c config.Auth) string { return trimSlash(c.PublicURL) }

// Routes are the sign-in endpoints. All are public: the browser and the
// desktop reach them before there is a token.
func (s *Service) Routes() []api.Route {
	return []api.Route{
		{Method: http.MethodGet, Path: AuthorizePath, Access: api.Public, Summary: "Start a desktop's sign-in (OAuth 2.0 authorization endpoint, PKCE S256, loopback redirect)", Handler: s.authorize},
		{Method: http.MethodGet, Path: CallbackPath, Access: api.Public, Summary: "The organization's OpenID provider returns the browser here", Handler: s.callback},
		{Method: http.MethodPost, Path: TokenPath, Access: api.Public, Summary: "Exchange a code or a refresh token for tokens (OAuth 2.0 token endpoint)", Handler: s.token},
		{Method: http.MethodPost, Path: RevokePath, Access: api.Public, Summary: "Sign a desktop out: revoke its tokens (RFC 7009)", Handler: s.revoke},
	}
}

// Routes is Service.Routes for callers that hold only the options.
func Routes(s *Service) []api.Route { return s.Routes() }
