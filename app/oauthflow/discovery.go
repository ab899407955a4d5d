// Package oauthflow is Marketdesk's OAuth 2.0 client for native apps (RFC 8252):
// the authorization code flow with PKCE in the system browser, a one-shot
// callback listener on the loopback interface, and discovery of the server's
// endpoints (RFC 8414, OpenID Connect Discovery).
package oauthflow

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"marketdesk/app/apperr"
	"marketdesk/app/netguard"
)

// Endpoints of an authorization server.
type Endpoints struct {
	Issuer        string `json:"issuer"`
	Authorization string `json:"authorization_endpoint"`
	Token         string `json:"token_endpoint"`
	Revocation    string `json:"revocation_endpoint"`
	Userinfo      string `json:"userinfo_endpoint"`
	Introspection string `json:"introspection_endpoint"`
	// IssParameterSupported is RFC 9207's promise that every authorization
	// response carries iss: a callback without it is then refused.
	IssParameterSupported bool `json:"authorization_response_iss_parameter_supported"`
}

// UnreachableError says the authorization server did not answer.
type UnreachableError struct {
	URL   string
	Cause error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("the app's authorization server at %s did not answer (%v); check your connection and try again", e.URL, e.Cause)
}
func (e *UnreachableError) Unwrap() error { return e.Cause }

// Discover reads the server's metadata: RFC 8414 first, then OpenID Connect
// discovery. The metadata's issuer must be the issuer asked for (RFC 8414 §3.3).
func Discover(ctx context.Context, client *http.Client, issuer string) (Endpoints, error) {
	issuer = strings.TrimSuffix(issuer, "/")
	var lastErr error
	for _, path := range []string{"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"} {
		ep, err := fetchMetadata(ctx, client, issuer+path)
		if err != nil {
			lastErr = err
			continue
		}
		if strings.TrimSuffix(ep.Issuer, "/") != issuer {
			return Endpoints{}, fmt.Errorf("the server at %s says it is %q: refusing a mismatched issuer", issuer, ep.Issuer)
		}
		if ep.Authorization == "" || ep.Token == "" {
			return Endpoints{}, fmt.Errorf("the metadata of %s lacks the authorization or token endpoint", issuer)
		}
		if err := ep.Check(client); err != nil {
			return Endpoints{}, err
		}
		return ep, nil
	}
	return Endpoints{}, lastErr
}

func fetchMetadata(ctx context.Context, client *http.Client, url string) (Endpoints, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Endpoints{}, err
	}
	resp, err := client.Do(req)
	if netguard.IsRefusal(err) { // not a network failure: retrying will not help
		return Endpoints{}, fmt.Errorf("Marketdesk will not contact the app's authorization server: %w", err)
	}
	if err != nil {
		return Endpoints{}, &UnreachableError{URL: url, Cause: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Endpoints{}, fmt.Errorf("%s answered %s", url, resp.Status)
	}
	var ep Endpoints
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&ep); err != nil {
		return Endpoints{}, fmt.Errorf("%s is not valid server metadata: %v", url, err)
	}
	return ep, nil
}

// EndpointError says an authorization server's endpoint was refused (not
// https, argument-like, …): nothing was opened, sent or recorded.
type EndpointError struct {
	Field string // authorization_endpoint, token_endpoint, ...
	Cause error  // a *netguard.RefusedURLError
}

func (e *EndpointError) Error() string {
	return fmt.Sprintf("the app's authorization server gave an unsafe %s: %v", e.Field, e.Cause)
}
func (e *EndpointError) Unwrap() error        { return e.Cause }
func (e *EndpointError) AppCode() apperr.Code { return apperr.Invalid }

// Check validates the endpoints through netguard, the one place deciding
// what may be opened and fetched: the authorization endpoint is opened in
// the browser, the others are posted to. client's guard knows the sandbox
// (the one origin plain http may reach). Empty optional endpoints pass.
func (ep Endpoints) Check(client *http.Client) error {
	g := netguard.Of(client)
	if ep.Authorization != "" {
		if err := g.CheckOpen(ep.Authorization); err != nil {
			return &EndpointError{Field: "authorization_endpoint", Cause: err}
		}
	}
	for _, f := range []struct{ name, url string }{
		{"token_endpoint", ep.Token}, {"revocation_endpoint", ep.Revocation},
		{"userinfo_endpoint", ep.Userinfo}, {"introspection_endpoint", ep.Introspection},
	} {
		if f.url == "" {
			continue
		}
		if err := g.CheckFetch(f.url); err != nil {
			return &EndpointError{Field: f.name, Cause: err}
		}
	}
	return nil
}
