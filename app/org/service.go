// Package org is the desktop's connection to its organization server
// (issue 12): sign-in through the system browser, the tokens in the
// keychain, an HTTP client that keeps them fresh, the event stream, and the
// managed policy file. docs/architecture.md, "Organization mode: the
// connection", says what lives where.
package org

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/oauthflow"
	"marketdesk/app/settings"
	"marketdesk/app/vault"
	"marketdesk/db"
)

// Settings keys (the local SQLite settings table) of the connection. The
// tokens are never here: they are in the keychain (SessionItem).
const (
	KeyServer       = "org_server"        // the server's address
	KeyMe           = "org_me"            // who you are there, as last read (JSON of Me)
	KeyConnectedAt  = "org_connected_at"  // when this desktop signed in
	KeySignedOutAt  = "org_signed_out_at" // when the server refused the sign-in
	KeyOfflineSince = "org_offline_since" // first failure to reach the server since it last answered
	KeyLastEventID  = "org_last_event_id" // the event stream's resume position
)

// Me is who you are at the organization (GET /api/v1/me).
type Me struct {
	User struct {
		ID      int64  `json:"id"`
		Email   string `json:"email"`
		Name    string `json:"name"`
		Role    string `json:"role"`
		Manager bool   `json:"manager"`
	} `json:"user"`
	Account struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"account"`
	Manager     bool `json:"manager"`
	Administers bool `json:"administers"`
}

// Config builds a Service.
type Config struct {
	DB    *db.DB       // the data directory's database (settings; the lock file goes beside it)
	Vault *vault.Vault // scoped to the data directory (vault.ForDatabase)
	// HTTPClient talks to the organization server (default NewHTTPClient()).
	HTTPClient *http.Client
	Opener     oauthflow.Opener // the system browser
	Policy     Policy           // the managed policy (LoadPolicy)
	Now        func() time.Time // default time.Now
	// SignInTimeout is how long Connect waits for the browser (default 5 min).
	SignInTimeout time.Duration
}

// Service is the desktop's connection to its organization.
type Service struct {
	cfg      Config
	settings *settings.Store
	mu       sync.Mutex
	client   *Client
}

// New returns the service; it contacts nothing until asked.
func New(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = NewHTTPClient()
	}
	return &Service{cfg: cfg, settings: settings.New(cfg.DB, cfg.Now)}
}

// NewHTTPClient is a client for the organization server: bounded dialling
// and headers, no overall timeout (the event stream is long-lived; callers
// bound requests with their context), and no redirects (an API that
// redirects is misconfigured, and a redirect must not carry the token away).
func NewHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 30 * time.Second
	return &http.Client{Transport: t, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Policy is the managed policy the service was built with.
func (s *Service) Policy() Policy { return s.cfg.Policy }

// Server is the connected server's address, "" in local mode.
func (s *Service) Server(ctx context.Context) string {
	v, _ := s.settings.Get(ctx, KeyServer)
	return v
}

// Client is the client of the connected server, or ErrNotConnected.
func (s *Service) Client(ctx context.Context) (*Client, error) {
	server := s.Server(ctx)
	if server == "" {
		return nil, ErrNotConnected
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil || s.client.server != server {
		s.client = &Client{server: server, http: s.cfg.HTTPClient, vault: s.cfg.Vault, now: s.cfg.Now,
			lockPath: filepath.Join(filepath.Dir(s.cfg.DB.Path), RefreshLockFile),
			orgName:  func() string { return s.orgName(context.Background()) },
			signedOut: func(ctx context.Context) {
				_ = s.settings.Put(ctx, KeySignedOutAt, s.stamp())
			}}
	}
	return s.client, nil
}

// orgName is the organization's name as last read, else its server.
func (s *Service) orgName(ctx context.Context) string {
	if me, ok := s.lastMe(ctx); ok && me.Account.Name != "" {
		return me.Account.Name
	}
	return s.Server(ctx)
}

func (s *Service) lastMe(ctx context.Context) (Me, bool) {
	raw, err := s.settings.Get(ctx, KeyMe)
	if err != nil {
		return Me{}, false
	}
	var me Me
	return me, json.Unmarshal([]byte(raw), &me) == nil
}

func (s *Service) stamp() string { return s.cfg.Now().UTC().Format(time.RFC3339) }

func (s *Service) deleteSettings(ctx context.Context, keys ...string) error {
	var errs []error
	for _, k := range keys {
		errs = append(errs, s.settings.Delete(ctx, k))
	}
	return errors.Join(errs...)
}

// wrapSettings gives a settings failure a message in the product's words.
func wrapSettings(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Wrap(apperr.Unavailable, err, "cannot save the organization connection in the local database: %v", err)
}
