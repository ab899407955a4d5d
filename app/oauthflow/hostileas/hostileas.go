// Package hostileas is a small OAuth 2.0 authorization server for tests of
// Marketdesk's trust boundary with authorization servers. It is honest by
// default (RFC 8414 metadata, PKCE S256, iss on every authorization response,
// Bearer tokens, the requested scopes) and misbehaves as told by Options:
// a missing or wrong iss while advertising RFC 9207, a non-Bearer token_type,
// extra scopes, forwarding the browser to another server with the flow's own
// parameters (mix-up, RFC 9700 §4.4), a revocation endpoint that fails N
// times, arbitrary strings in its discovery document. Active says whether it
// still honours a token (also over RFC 7662 introspection), Refreshes and
// Revocations count what it received.
//
// It serves https on 127.0.0.1 only (httptest's TLS server); Client trusts
// its certificate. There is no consent page: /authorize grants at once, the
// browser double (Browser) just follows the redirects.
package hostileas

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// NoIss makes the authorization response carry no iss at all.
const NoIss = "-"

// Options are the server's misbehaviours; the zero value is an honest server.
type Options struct {
	// HideIssSupport leaves authorization_response_iss_parameter_supported
	// out of the metadata (a server without RFC 9207).
	HideIssSupport bool
	// Iss is the iss of the authorization response: "" its own issuer
	// (unless HideIssSupport, then none), NoIss none, anything else as is.
	Iss string
	// TokenType of the token responses; "" is "Bearer". RefreshTokenType
	// overrides it for refreshes.
	TokenType, RefreshTokenType string
	// ExtraScopes are added to the scope of every token response.
	ExtraScopes []string
	// ExpiresIn of the access tokens, in seconds; 0 is 3600.
	ExpiresIn int
	// ForwardTo makes /authorize send the browser to that server's
	// /authorize with the same query (mix-up): the honest server then
	// answers Marketdesk's loopback callback.
	ForwardTo *Server
	// AcceptAnyCode exchanges codes this server never issued (the mix-up
	// attacker, redeeming the code it was handed).
	AcceptAnyCode bool
	// RevocationFailures is how many revocation requests answer 503 before
	// the endpoint recovers.
	RevocationFailures int
	// Metadata overrides fields of the discovery document with any value
	// (e.g. "authorization_endpoint": "--renderer-cmd-prefix=…").
	Metadata map[string]any
}

// Exchange is one authorization_code request the token endpoint received.
type Exchange struct {
	Code, Verifier, RedirectURI, ClientID string
	Issued                                bool // a code this server issued
}

// Server is a running hostile (or honest) authorization server.
type Server struct {
	*httptest.Server
	Issuer string

	mu          sync.Mutex
	opts        Options
	codes       map[string]grant
	refresh     map[string]grant
	exchanges   []Exchange
	revocations int
	revoked     []string
	authorized  int
	refreshes   int
	active      map[string]bool // every token issued; false once revoked or rotated
}

type grant struct{ challenge, redirectURI, scope string }

// New starts a server for the length of t.
func New(t testing.TB, o Options) *Server {
	t.Helper()
	s := &Server{opts: o, codes: map[string]grant{}, refresh: map[string]grant{}, active: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", s.metadata)
	mux.HandleFunc("GET /.well-known/openid-configuration", s.metadata)
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /revoke", s.revoke)
	mux.HandleFunc("POST /introspect", s.introspect)
	s.Server = httptest.NewUnstartedServer(mux)
	ln, err := net.Listen("tcp", "127.0.0.1:0") // loopback only
	if err != nil {
		t.Fatal(err)
	}
	s.Server.Listener = ln
	s.StartTLS()
	s.Issuer = s.URL
	t.Cleanup(s.Close)
	return s
}

// Configure changes the options of the running server.
func (s *Server) Configure(change func(*Options)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(&s.opts)
}

func (s *Server) options() Options {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts
}

// Exchanges are the authorization_code requests received so far.
func (s *Server) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Exchange(nil), s.exchanges...)
}

// Authorizations counts the authorization requests received.
func (s *Server) Authorizations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authorized
}

// Refreshes counts the refresh grants honoured.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// Active says whether the server still honours token (issued by it, neither
// revoked nor rotated away).
func (s *Server) Active(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active[token]
}

// Revocations are the attempts received (failed ones included) and the
// tokens revoked once the endpoint recovered.
func (s *Server) Revocations() (attempts int, revoked []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revocations, append([]string(nil), s.revoked...)
}

func (s *Server) metadata(w http.ResponseWriter, _ *http.Request) {
	o := s.options()
	doc := map[string]any{
		"issuer":                                s.Issuer,
		"authorization_endpoint":                s.Issuer + "/authorize",
		"token_endpoint":                        s.Issuer + "/token",
		"revocation_endpoint":                   s.Issuer + "/revoke",
		"introspection_endpoint":                s.Issuer + "/introspect",
		"response_types_supported":              []string{"code"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"none"},
	}
	if !o.HideIssSupport {
		doc["authorization_response_iss_parameter_supported"] = true
	}
	for k, v := range o.Metadata {
		doc[k] = v
	}
	writeJSON(w, http.StatusOK, doc)
}

// authorize grants at once (no consent page) and redirects to the
// redirect_uri with the code, the state and the configured iss.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	o := s.options()
	s.mu.Lock()
	s.authorized++
	s.mu.Unlock()
	if o.ForwardTo != nil {
		http.Redirect(w, r, o.ForwardTo.Issuer+"/authorize?"+r.URL.RawQuery, http.StatusFound)
		return
	}
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" {
		http.Error(w, "redirect_uri must be a loopback http URL", http.StatusBadRequest)
		return
	}
	if q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		http.Error(w, "response_type=code and PKCE S256 are required", http.StatusBadRequest)
		return
	}
	code := random()
	s.mu.Lock()
	s.codes[code] = grant{challenge: q.Get("code_challenge"), redirectURI: redirect.String(), scope: q.Get("scope")}
	s.mu.Unlock()
	back := url.Values{"code": {code}, "state": {q.Get("state")}}
	switch {
	case o.Iss == NoIss:
	case o.Iss != "":
		back.Set("iss", o.Iss)
	case !o.HideIssSupport:
		back.Set("iss", s.Issuer)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	o := s.options()
	f := r.PostForm
	var g grant
	var ok bool
	tokenType := o.TokenType
	s.mu.Lock()
	switch f.Get("grant_type") {
	case "authorization_code":
		g, ok = s.codes[f.Get("code")]
		delete(s.codes, f.Get("code"))
		s.exchanges = append(s.exchanges, Exchange{Code: f.Get("code"), Verifier: f.Get("code_verifier"),
			RedirectURI: f.Get("redirect_uri"), ClientID: f.Get("client_id"), Issued: ok})
		switch {
		case ok && (challenge(f.Get("code_verifier")) != g.challenge || f.Get("redirect_uri") != g.redirectURI):
			ok = false
		case !ok && o.AcceptAnyCode:
			g, ok = grant{scope: "meeting:read"}, true
		}
	case "refresh_token":
		g, ok = s.refresh[f.Get("refresh_token")]
		delete(s.refresh, f.Get("refresh_token")) // rotation
		s.active[f.Get("refresh_token")] = false
		if ok {
			s.refreshes++
		}
		if o.RefreshTokenType != "" {
			tokenType = o.RefreshTokenType
		}
	}
	if !ok {
		s.mu.Unlock()
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	access, refresh := random(), random()
	s.refresh[refresh] = g
	s.active[access], s.active[refresh] = true, true
	s.mu.Unlock()
	if tokenType == "" {
		tokenType = "Bearer"
	}
	expires := o.ExpiresIn
	if expires == 0 {
		expires = 3600
	}
	body := map[string]any{"access_token": access, "token_type": tokenType, "expires_in": expires, "refresh_token": refresh}
	// No scope parameter when there is none (RFC 6749 §5.1: as requested).
	if scope := strings.TrimSpace(strings.Join(append(strings.Fields(g.scope), o.ExtraScopes...), " ")); scope != "" {
		body["scope"] = scope
	}
	writeJSON(w, http.StatusOK, body)
}

// revoke fails RevocationFailures times with 503, then revokes (RFC 7009).
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revocations++
	if s.revocations <= s.opts.RevocationFailures {
		http.Error(w, "briefly down", http.StatusServiceUnavailable)
		return
	}
	s.revoked = append(s.revoked, r.PostForm.Get("token"))
	delete(s.refresh, r.PostForm.Get("token"))
	if _, issued := s.active[r.PostForm.Get("token")]; issued {
		s.active[r.PostForm.Get("token")] = false
	}
	w.WriteHeader(http.StatusOK)
}

// introspect answers RFC 7662's active flag.
func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"active": s.Active(r.PostForm.Get("token"))})
}

func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
