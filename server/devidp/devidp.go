// Package devidp is a development OpenID Connect provider: users and
// clients come from a JSON file, sign-in is a password form, and everything
// else (requests, codes, tokens, the signing key) lives in memory. It lets
// the organization server's SSO run offline, in tests, `make` targets and
// demos. It is never meant for production: passwords are plain text in the
// file and nothing survives a restart.
//
// It is built on zitadel/oidc's op package. Endpoints, under the issuer:
//
//	GET  /.well-known/openid-configuration  discovery (only what is listed here)
//	GET  /authorize                         op: checks the request, redirects to /login
//	GET  /login?authRequestID=…             the password form (CSRF token + cookie)
//	POST /login                             checks CSRF and password, redirects to the callback
//	GET  /authorize/callback?id=…           op: issues the code, redirects to the client
//	POST /oauth/token                       op: authorization_code with PKCE (S256)
//	GET  /userinfo                          op: claims of the granted scopes
//	GET  /keys                              JWKS of the ID token signing key
//	GET  /healthz                           200 while serving
//
// op's other endpoints (introspection, revocation, end_session, device
// authorization) are not routed and not advertised.
package devidp

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"marketdesk/app/apperr"
)

// Config is what a provider needs.
type Config struct {
	// Issuer is the provider's base URL, e.g. http://127.0.0.1:9998; it must
	// be the URL clients reach it at (it is checked in every ID token).
	Issuer    string
	Directory Directory
	Logger    *slog.Logger     // default slog.Default()
	Now       func() time.Time // default time.Now
}

// Provider is the development identity provider, an http.Handler.
type Provider struct {
	issuer  string
	log     *slog.Logger
	storage *storage
	handler http.Handler
}

// New checks the configuration, generates the signing key and builds the routes.
func New(cfg Config) (*Provider, error) {
	if err := checkIssuer(cfg.Issuer); err != nil {
		return nil, err
	}
	if err := cfg.Directory.Validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	key, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	p := &Provider{issuer: strings.TrimSuffix(cfg.Issuer, "/"), log: cfg.Logger,
		storage: newStorage(cfg.Directory, key, cfg.Now)}
	if p.handler, err = p.routes(); err != nil {
		return nil, err
	}
	return p, nil
}

func checkIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return apperr.New(apperr.Invalid, "devidp: the issuer %q must be an http(s) URL without a path, like http://127.0.0.1:9998", issuer)
	}
	return nil
}

// Issuer is the provider's issuer URL.
func (p *Provider) Issuer() string { return p.issuer }

func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }

// routes serves op's endpoints that the provider implements, and nothing
// else of op's: what is not routed cannot be reached or advertised.
func (p *Provider) routes() (http.Handler, error) {
	config := &op.Config{
		CodeMethodS256:  true,
		AuthMethodPost:  true,
		SupportedScopes: supportedScopes,
		SupportedClaims: claimsSupported,
	}
	_, _ = rand.Read(config.CryptoKey[:]) // encrypts the opaque access tokens; never fails (Go 1.24+)
	config.CryptoKeyId = randomString(6)
	var opts []op.Option
	if strings.HasPrefix(p.issuer, "http://") {
		opts = append(opts, op.WithAllowInsecure())
	}
	provider, err := op.NewProvider(config, p.storage, op.StaticIssuer(p.issuer), opts...)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "devidp: cannot build the provider: %v", err)
	}
	opRouter := op.CreateRouter(authorizer{Provider: provider, dir: p.storage.dir})

	mux := http.NewServeMux()
	mux.HandleFunc("GET "+oidc.DiscoveryEndpoint, p.discovery(provider))
	for _, route := range []string{
		"GET " + provider.AuthorizationEndpoint().Relative(),
		"POST " + provider.AuthorizationEndpoint().Relative(),
		"GET " + callbackPath,
		"POST " + provider.TokenEndpoint().Relative(),
		"GET " + provider.UserinfoEndpoint().Relative(),
		"POST " + provider.UserinfoEndpoint().Relative(),
		"GET " + provider.KeysEndpoint().Relative(),
	} {
		mux.Handle(route, opRouter)
	}
	mux.HandleFunc("GET "+loginPath, p.loginPage)
	mux.HandleFunc("POST "+loginPath, p.loginSubmit)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	return p.logRequests(p.issuerHostOnly(mux)), nil
}

// issuerHostOnly refuses requests addressed to another host than the
// issuer's: a web page that rebinds its own domain to 127.0.0.1 (DNS
// rebinding) must not read the login page or post it. A proxy in front
// (--issuer) must pass the Host header through.
func (p *Provider) issuerHostOnly(next http.Handler) http.Handler {
	u, _ := url.Parse(p.issuer) // checked by New
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Host, u.Host) {
			http.Error(w, "wrong host: this provider answers at "+p.issuer, http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// callbackPath is where the login hands the request back to op, which
// issues the code (op's /authorize + "/callback").
const callbackPath = "/authorize/callback"

// logRequests logs every request at debug level, and failures at info.
func (p *Provider) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 400 {
			level = slog.LevelInfo
		}
		p.log.Log(r.Context(), level, "devidp request", "method", r.Method, "path", r.URL.Path, "status", rec.status)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// authorizer is op's provider with the stricter checks of a development
// provider that should fail loudly rather than guess (op calls
// ValidateAuthRequest instead of its own when the Authorizer has it).
type authorizer struct {
	*op.Provider
	dir Directory
}

var _ op.AuthorizeValidator = authorizer{}

// ValidateAuthRequest refuses, without redirecting, an unknown client or a
// redirect_uri that is not registered exactly; then, answering at the
// registered redirect_uri: response types other than code, response modes
// other than query, a request without the openid scope, prompt=none (there
// are no sessions), a PKCE method other than S256, and a public client
// without PKCE. op's own checks run last.
func (a authorizer) ValidateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ op.Storage, verifier *op.IDTokenHintVerifier) (string, error) {
	c, ok := a.dir.client(req.ClientID)
	if !ok {
		return "", oidc.ErrInvalidRequestRedirectURI().WithDescription("unknown client_id")
	}
	if !slices.Contains(c.RedirectURIs, req.RedirectURI) {
		return "", oidc.ErrInvalidRequestRedirectURI().WithDescription("the redirect_uri is not registered for this client")
	}
	switch {
	case req.ResponseType != oidc.ResponseTypeCode:
		return "", oidc.ErrInvalidRequest().WithDescription("only response_type=code is supported")
	case req.ResponseMode != "" && req.ResponseMode != oidc.ResponseModeQuery:
		return "", oidc.ErrInvalidRequest().WithDescription("only response_mode=query is supported")
	case !slices.Contains(req.Scopes, oidc.ScopeOpenID):
		return "", oidc.ErrInvalidScope().WithDescription("the openid scope is required")
	case slices.Contains(req.Prompt, oidc.PromptNone):
		return "", oidc.ErrLoginRequired().WithDescription("there is no session: the user must sign in")
	case req.CodeChallenge != "" && req.CodeChallengeMethod != oidc.CodeChallengeMethodS256:
		return "", oidc.ErrInvalidRequest().WithDescription("code_challenge_method must be S256")
	case c.Public && req.CodeChallenge == "":
		return "", oidc.ErrInvalidRequest().WithDescription("a public client must use PKCE (code_challenge with S256)")
	}
	return op.ValidateAuthRequestClient(ctx, req, opClient{c}, verifier)
}
