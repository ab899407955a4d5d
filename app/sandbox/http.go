package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Paths the sandbox serves beside op's (authorize, token, userinfo, revoke,
// keys, introspect, callback).
const (
	consentPath         = "/consent"
	introspectPath      = "/sandbox/introspect"
	oidcDiscoveryPath   = "/.well-known/openid-configuration"
	oauthMetadataPath   = "/.well-known/oauth-authorization-server"
	authorizeCallback   = "/authorize/callback"
	authorizeEndpoint   = "/authorize"
	maxFormBytes        = 64 << 10
	consentCookiePrefix = "sandbox_consent_"
)

// provider is op's provider with the sandbox's stricter authorization request
// checks (op calls ValidateAuthRequest when the Authorizer implements
// op.AuthorizeValidator).
type provider struct {
	*op.Provider
	storage *storage
}

var _ op.AuthorizeValidator = provider{}

// ValidateAuthRequest refuses what op alone would let through or quietly
// drop: a redirect that is not http://127.0.0.1:{port}{path} (shown, never
// redirected to), a scope the app did not register (op would drop it), a
// missing or plain PKCE challenge, and response modes other than query (the
// iss parameter is added to the query). Then op's own checks run.
func (p provider) ValidateAuthRequest(ctx context.Context, req *oidc.AuthRequest, st op.Storage, verifier *op.IDTokenHintVerifier) (string, error) {
	c, ok := p.storage.client(ctx, req.ClientID)
	if !ok {
		return "", oidc.ErrInvalidRequestRedirectURI().WithDescription("Unknown app (client_id).")
	}
	if !c.loopbackRedirectOK(req.RedirectURI) {
		return "", oidc.ErrInvalidRequestRedirectURI().WithDescription(
			"The redirect_uri must be http://127.0.0.1:{port}%s.", c.redirectPath())
	}
	if req.ResponseMode != "" && req.ResponseMode != oidc.ResponseModeQuery {
		return "", oidc.ErrInvalidRequest().WithDescription("Only response_mode=query is supported.")
	}
	for _, scope := range req.Scopes {
		if !c.allowsScope(scope) {
			return "", oidc.ErrInvalidScope().WithDescription("The app did not register the scope %s.", safeText(scope))
		}
	}
	if req.CodeChallenge == "" || req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return "", oidc.ErrInvalidRequest().WithDescription("PKCE is required: send code_challenge with code_challenge_method=S256.")
	}
	sub, err := op.ValidateAuthRequestClient(ctx, req, opClient{Client: c, consentURL: consentPath}, verifier)
	if err != nil {
		return sub, err
	}
	// Last, and shown rather than redirected (ErrInvalidRequestRedirectURI
	// disables the redirect): a request Marketdesk did not announce.
	if !p.storage.flows.expected(expectedFlow{clientID: req.ClientID, redirectURI: req.RedirectURI, state: req.State, challenge: req.CodeChallenge}) {
		return "", oidc.ErrInvalidRequestRedirectURI().WithDescription(
			"This sign-in was not started by Marketdesk, or it has ended. Start the install from Marketdesk.")
	}
	return sub, nil
}

// safeText keeps an error_description within RFC 6749's allowed characters.
func safeText(s string) string {
	if len(s) > 60 {
		s = s[:60]
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '?'
		}
		return r
	}, s)
}

// handler builds the provider and every route for issuer.
func (s *Server) handler(issuer string) (http.Handler, *op.Provider, error) {
	k := s.storage.keys
	config := &op.Config{
		CryptoKey:             k.cryptoKey,
		CryptoKeyId:           k.cryptoKeyID,
		CodeMethodS256:        true,
		GrantTypeRefreshToken: true,
		SupportedScopes:       standardScopes,
	}
	p, err := op.NewProvider(config, s.storage, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, nil, err
	}
	wrapped := provider{Provider: p, storage: s.storage}
	router := op.CreateRouter(wrapped)

	mux := http.NewServeMux()
	mux.Handle("/", addIss(issuer, router))
	mux.HandleFunc("GET "+oidcDiscoveryPath, s.discovery(p, issuer))
	mux.HandleFunc("GET "+oauthMetadataPath, s.discovery(p, issuer))
	mux.HandleFunc("GET "+consentPath, s.consentPage)
	mux.HandleFunc("POST "+consentPath, s.consentDecision)
	mux.HandleFunc("POST "+introspectPath, s.introspect(issuer))
	mux.HandleFunc("POST "+noticesPath, s.receiveNotice)
	return loopbackHostOnly(issuer, mux), p, nil
}

// loopbackHostOnly refuses requests addressed to any other host name than
// the issuer's 127.0.0.1:PORT: a web page that rebinds its own domain to
// 127.0.0.1 (DNS rebinding) must not reach the consent page or the tokens.
func loopbackHostOnly(issuer string, next http.Handler) http.Handler {
	host := strings.TrimPrefix(issuer, "http://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Host != host {
			http.Error(w, "wrong host: use "+issuer, http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// metadata is the discovery document (OIDC Discovery and RFC 8414 alike),
// describing what the sandbox really supports.
type metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	IntrospectionEndpoint             string   `json:"introspection_endpoint"`
	JwksURI                           string   `json:"jwks_uri"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	RevocationEndpointAuthMethods     []string `json:"revocation_endpoint_auth_methods_supported"`
	IntrospectionEndpointAuthMethods  []string `json:"introspection_endpoint_auth_methods_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	AuthorizationResponseIssParameter bool     `json:"authorization_response_iss_parameter_supported"`
	ServiceDocumentation              string   `json:"service_documentation,omitempty"`
}

func (s *Server) discovery(p *op.Provider, issuer string) http.HandlerFunc {
	doc := metadata{
		Issuer:                            issuer,
		AuthorizationEndpoint:             p.AuthorizationEndpoint().Absolute(issuer),
		TokenEndpoint:                     p.TokenEndpoint().Absolute(issuer),
		UserinfoEndpoint:                  p.UserinfoEndpoint().Absolute(issuer),
		RevocationEndpoint:                p.RevocationEndpoint().Absolute(issuer),
		IntrospectionEndpoint:             issuer + introspectPath,
		JwksURI:                           p.KeysEndpoint().Absolute(issuer),
		ScopesSupported:                   standardScopes,
		ResponseTypesSupported:            []string{string(oidc.ResponseTypeCode)},
		ResponseModesSupported:            []string{string(oidc.ResponseModeQuery)},
		GrantTypesSupported:               []string{string(oidc.GrantTypeCode), string(oidc.GrantTypeRefreshToken)},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		TokenEndpointAuthMethodsSupported: []string{string(oidc.AuthMethodNone)},
		RevocationEndpointAuthMethods:     []string{string(oidc.AuthMethodNone)},
		IntrospectionEndpointAuthMethods:  []string{string(oidc.AuthMethodNone)},
		CodeChallengeMethodsSupported:     []string{string(oidc.CodeChallengeMethodS256)},
		ClaimsSupported:                   []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "email", "scope"},
		AuthorizationResponseIssParameter: true,
	}
	body, _ := json.MarshalIndent(doc, "", "  ")
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Write(body)
	}
}

// introspect is RFC 7662 without client authentication (the sandbox's
// clients are public, and op's /oauth/introspect demands a confidential
// client): POST token=... answers {active, scope, client_id, sub, exp, ...}
// for an access or a refresh token. Holding the token is the credential.
func (s *Server) introspect(issuer string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "cannot parse form", http.StatusBadRequest)
			return
		}
		resp := &oidc.IntrospectionResponse{}
		if row, ok := s.lookupToken(r.Context(), r.PostForm.Get("token")); ok {
			fillIntrospection(resp, row, issuer)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(resp)
	}
}

// addIss adds RFC 9207's iss parameter to every authorization response op
// redirects to an app (code or error), since op does not send it.
func addIss(issuer string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == authorizeEndpoint || r.URL.Path == authorizeCallback {
			w = &issWriter{ResponseWriter: w, issuer: issuer}
		}
		next.ServeHTTP(w, r)
	})
}

type issWriter struct {
	http.ResponseWriter
	issuer string
}

func (w *issWriter) WriteHeader(code int) {
	if code >= 300 && code < 400 {
		if loc := w.Header().Get("Location"); loc != "" {
			w.Header().Set("Location", withIss(loc, w.issuer))
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// withIss adds iss to a redirect to an app carrying an authorization
// response; redirects within the sandbox (to the consent page) are kept.
func withIss(location, issuer string) string {
	u, err := url.Parse(location)
	if err != nil || u.Host == "" || "http://"+u.Host == issuer {
		return location
	}
	q := u.Query()
	if (q.Has("code") || q.Has("error")) && !q.Has("iss") {
		q.Set("iss", issuer)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redirectToApp sends an authorization error (with state and iss) to the
// app's validated redirect_uri.
func redirectToApp(w http.ResponseWriter, r *http.Request, redirectURI, issuer string, params url.Values) {
	u, err := url.Parse(redirectURI)
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = slices.Clone(vs)
	}
	q.Set("iss", issuer)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}
