package auth

import (
	"context"
	"net/http"
	"sync"

	"github.com/zitadel/oidc/v3/pkg/client/rp"
	"github.com/zitadel/oidc/v3/pkg/oidc"

	"marketdesk/app/apperr"
	"marketdesk/server/config"
)

// Scopes asked of the organization's provider.
var scopes = []string{oidc.ScopeOpenID, oidc.ScopeEmail, oidc.ScopeProfile, "groups"}

// provider is the organization's OpenID provider as a relying party sees it.
// Discovery runs at the first sign-in and is kept once it succeeded; a
// failure is retried at the next sign-in.
type provider struct {
	cfg    config.Auth
	client *http.Client
	nonce  func(context.Context) string

	mu    sync.Mutex
	party rp.RelyingParty
}

func newProvider(cfg config.Auth, client *http.Client, nonce func(context.Context) string) *provider {
	return &provider{cfg: cfg, client: client, nonce: nonce}
}

// relyingParty discovers the provider once. The server's own PKCE verifier,
// state and nonce are kept in PostgreSQL, not in rp's cookies.
func (p *provider) relyingParty(ctx context.Context) (rp.RelyingParty, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.party != nil {
		return p.party, nil
	}
	if !p.cfg.Enabled() {
		return nil, apperr.New(apperr.Unavailable, "sign-in is not configured on this server (auth.issuer is empty)")
	}
	party, err := rp.NewRelyingPartyOIDC(ctx, p.cfg.Issuer, p.cfg.ClientID, p.cfg.ClientSecret, p.cfg.CallbackURL(), scopes,
		rp.WithHTTPClient(p.client), rp.WithVerifierOpts(rp.WithNonce(p.nonce)))
	if err != nil {
		return nil, apperr.Wrap(apperr.Unavailable, err, "the organization's identity provider at %s is not reachable or its discovery document is not valid: %v", p.cfg.Issuer, err)
	}
	p.party = party
	return party, nil
}

type nonceKey struct{}

// withNonce carries the nonce the ID token must hold to rp's verifier.
func withNonce(ctx context.Context, nonce string) context.Context {
	return context.WithValue(ctx, nonceKey{}, nonce)
}

func (s *Service) nonceOf(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	if n == "" {
		// No nonce in the context: never match, so an ID token cannot be
		// accepted outside a sign-in this server started.
		return "\x00no-sign-in-in-progress"
	}
	return n
}
