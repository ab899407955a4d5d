package sandbox

import (
	"net"
	"net/url"
	"slices"
	"strconv"
	"time"

	"marketdesk/app/catalog"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// standardScopes are allowed for every client, besides its own.
var standardScopes = []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail, oidc.ScopeOfflineAccess}

// opClient is a catalog app as op sees it: a native public client.
type opClient struct {
	Client
	consentURL string // the issuer's /consent
}

var _ op.Client = opClient{}

func (c opClient) GetID() string { return c.ID }

// RedirectURIs is the registered loopback redirect without a port; op's native
// client check then lets the port vary (RFC 8252 §7.3). Our own check in
// validateAuthRequest is stricter (only http://127.0.0.1, a port, no query).
func (c opClient) RedirectURIs() []string           { return []string{"http://127.0.0.1" + c.redirectPath()} }
func (c opClient) PostLogoutRedirectURIs() []string { return nil }
func (c opClient) ApplicationType() op.ApplicationType {
	return op.ApplicationTypeNative
}
func (c opClient) AuthMethod() oidc.AuthMethod { return oidc.AuthMethodNone }
func (c opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c opClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
}
func (c opClient) LoginURL(authRequestID string) string {
	return c.consentURL + "?authRequestID=" + url.QueryEscape(authRequestID)
}
func (c opClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c opClient) IDTokenLifetime() time.Duration      { return time.Hour }
func (c opClient) DevMode() bool                       { return false }
func (c opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
func (c opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}
func (c opClient) IsScopeAllowed(scope string) bool     { return c.allowsScope(scope) }
func (c opClient) IDTokenUserinfoClaimsAssertion() bool { return false }
func (c opClient) ClockSkew() time.Duration             { return 0 }

func (c Client) redirectPath() string {
	if c.RedirectPath == "" {
		return "/callback"
	}
	return c.RedirectPath
}

func (c Client) allowsScope(name string) bool {
	return slices.Contains(standardScopes, name) ||
		slices.ContainsFunc(c.Scopes, func(s Scope) bool { return s.Name == name })
}

// scope describes a granted scope name in plain words for the consent page;
// the standard scopes' words are the catalog's (one source for the review,
// Installed and this page).
func (c Client) scope(name string) Scope {
	for _, s := range c.Scopes {
		if s.Name == name {
			return s
		}
	}
	if s, ok := catalog.StandardScope(name); ok {
		return Scope{Name: s.Name, Description: s.Description, Sensitive: s.Sensitive}
	}
	return Scope{Name: name, Description: name}
}

// loopbackRedirectOK is RFC 8252 §7.3 as Marketdesk uses it: http, host
// exactly 127.0.0.1, an explicit port (any), the registered path, nothing else.
func (c Client) loopbackRedirectOK(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil || host != "127.0.0.1" {
		return false
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return false
	}
	return u.Path == c.redirectPath() && u.RawPath == ""
}
