// Package sandbox is the demo authorization server for the embedded catalog,
// so the whole install flow (consent in the system browser, code + PKCE,
// tokens, refresh, revocation) works offline, out of the box. Real catalogs
// point at real authorization servers; Marketdesk talks to both through the
// same client code.
//
// It is an OAuth 2.0 / OpenID Connect provider built on zitadel/oidc's op
// package, listening on loopback only. The embedded catalog's apps are its
// public clients (no secret, PKCE S256 required, loopback redirect with any
// port, RFC 8252 §7.3). There is no login page: the sandbox knows the local
// account's users and consents as the signed-in one, on its own consent page.
// Its keys, pending requests and issued tokens live in the SQLite file
// (tokens only as SHA-256 hashes), so installations survive a restart.
//
// Endpoints, under the issuer http://127.0.0.1:PORT:
//
//	GET  /.well-known/openid-configuration     discovery (OIDC)
//	GET  /.well-known/oauth-authorization-server  the same document (RFC 8414)
//	GET  /authorize                            op: checks, stores the request, redirects to /consent
//	GET  /consent?authRequestID=…              the consent page (Allow / Deny)
//	POST /consent                              the decision
//	GET  /authorize/callback?id=…              op: issues the code, redirects to the app (+ iss, RFC 9207)
//	POST /oauth/token                          op: authorization_code (PKCE) and refresh_token (rotating)
//	GET  /userinfo                             op: claims of the granted scopes
//	POST /revoke                               op: RFC 7009 (client_id, no secret)
//	POST /sandbox/introspect                   RFC 7662 without client authentication (see introspect)
//	GET  /keys                                 JWKS for ID tokens
//
// op's own /oauth/introspect stays, but it requires a confidential client,
// which the sandbox does not have.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"

	"marketdesk/app/vault"
	"marketdesk/db"
)

// Defaults of Config.
const (
	DefaultAccessTokenTTL  = time.Hour
	DefaultRefreshTokenTTL = 30 * 24 * time.Hour
	authRequestTTL         = 10 * time.Minute // from /authorize to the consent decision
	codeTTL                = 2 * time.Minute  // from the code to its exchange
)

// Scope is one permission an app asks for, in plain words.
type Scope struct {
	Name        string
	Description string
	Sensitive   bool
}

// Client is an app of the embedded catalog, registered as a public client.
type Client struct {
	ID           string // the listing id
	Name         string // shown on the consent page
	RedirectPath string // the loopback redirect is http://127.0.0.1:{any port}{RedirectPath}
	Scopes       []Scope
}

// User is a person of the local account; ID becomes the token's subject.
type User struct {
	ID    string
	Name  string
	Email string
}

// Config is what the server needs from the rest of Marketdesk.
type Config struct {
	// ClientByID finds an app by its client id. It is called on every request,
	// because the catalog can change while the server runs.
	ClientByID func(ctx context.Context, id string) (Client, bool)
	// Clients lists the apps; used when ClientByID is nil.
	Clients func() []Client
	// CurrentUser is the signed-in user, for whom the consent page acts.
	CurrentUser func(ctx context.Context) (User, error)
	// UserByID finds a user by id for userinfo (optional: without it, userinfo
	// can only name the signed-in user, and answers just "sub" for others).
	UserByID func(ctx context.Context, id string) (User, error)
	DB       *db.DB
	Now      func() time.Time // defaults to time.Now
	// Vault keeps the sandbox's notice signing secret (noticesecret.go);
	// without it the sandbox refuses every notice.
	Vault *vault.Vault

	AccessTokenTTL  time.Duration // default 1 hour
	RefreshTokenTTL time.Duration // default 30 days
}

// Server is the sandbox authorization server. New, then Start.
type Server struct {
	cfg     Config
	storage *storage
	flows   *flows // announced by Marketdesk: the only ones the sandbox serves

	mu       sync.Mutex
	issuer   string
	provider *op.Provider
	http     *http.Server
	done     chan struct{}
	closed   bool
}

// New checks the configuration and returns a server that is not listening yet.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("sandbox: Config.DB is required")
	}
	if cfg.CurrentUser == nil {
		return nil, errors.New("sandbox: Config.CurrentUser is required")
	}
	if cfg.ClientByID == nil {
		if cfg.Clients == nil {
			return nil, errors.New("sandbox: Config.ClientByID or Config.Clients is required")
		}
		list := cfg.Clients
		cfg.ClientByID = func(_ context.Context, id string) (Client, bool) {
			for _, c := range list() {
				if c.ID == id {
					return c, true
				}
			}
			return Client{}, false
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = DefaultAccessTokenTTL
	}
	if cfg.RefreshTokenTTL <= 0 {
		cfg.RefreshTokenTTL = DefaultRefreshTokenTTL
	}
	s := &Server{cfg: cfg, flows: &flows{now: cfg.Now}}
	s.storage = &storage{cfg: &s.cfg, flows: s.flows}
	return s, nil
}

// Start listens on addr (default "127.0.0.1:0"; loopback only) and serves
// until ctx is done or Close is called. It returns the issuer,
// http://127.0.0.1:PORT.
func (s *Server) Start(ctx context.Context, addr string) (issuer string, err error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() || ip.To4() == nil {
		return "", fmt.Errorf("sandbox: listen address %q is not an IPv4 loopback address", addr)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.http != nil {
		return "", errors.New("sandbox: already started")
	}
	if err := s.storage.open(ctx); err != nil {
		return "", err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp4", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: listen on %s: %w", addr, err)
	}
	issuer = "http://" + ln.Addr().String()
	handler, provider, err := s.handler(issuer)
	if err != nil {
		ln.Close()
		return "", err
	}
	s.issuer, s.provider = issuer, provider
	s.storage.crypto = provider.Crypto()
	s.http = &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	s.done = make(chan struct{})

	srv, done := s.http, s.done
	go func() {
		_ = srv.Serve(ln) // returns http.ErrServerClosed after Shutdown
	}()
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-done:
		}
	}()
	return issuer, nil
}

// Issuer is http://127.0.0.1:PORT once started, "" before.
func (s *Server) Issuer() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issuer
}

// PrepareSigningKey loads (on a first start: generates) the key that signs
// ID tokens, so the first sign-in does not wait for it. The window calls it in
// the background after it has shown; without it the key comes on first use.
func (s *Server) PrepareSigningKey(ctx context.Context) error {
	_, err := s.storage.keys.signingKey(ctx, s.storage)
	return err
}

// Close stops the server (waiting briefly for requests in flight). It is safe
// to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	srv, done := s.http, s.done
	if srv == nil || s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(done)
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return srv.Close()
	}
	return nil
}
