// Package astest is a small https authorization server for tests of
// issuer-based listings: RFC 8414 metadata, an authorization endpoint that
// approves at once, a token endpoint (code and refresh grants), RFC 7009
// revocation that can be made to fail a number of times first, and an
// introspection endpoint that says whether a token is still active. Browser
// is a double of the system browser that follows its redirects to the
// app's loopback callback.
package astest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// Server is a running test authorization server.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	codes    map[string]string // code → scope
	active   map[string]bool   // issued tokens, false once revoked
	failures int               // revocations to refuse before accepting
	// Authorizations, Refreshes and Revocations count the authorization
	// requests, refresh grants and revocation requests received.
	Authorizations, Refreshes, Revocations int
	// ExpiresIn is the lifetime of access tokens in seconds (default 3600).
	ExpiresIn int
}

// New starts a server on loopback with its own certificate; Client trusts it.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{codes: map[string]string{}, active: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", s.metadata)
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /revoke", s.revoke)
	mux.HandleFunc("POST /introspect", s.introspect)
	s.Server = httptest.NewTLSServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Issuer is the server's issuer URL (https://127.0.0.1:port).
func (s *Server) Issuer() string { return s.URL }

// FailRevocations makes the next n revocations answer 503.
func (s *Server) FailRevocations(n int) {
	s.mu.Lock()
	s.failures = n
	s.mu.Unlock()
}

// Active says whether the server still honours token.
func (s *Server) Active(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.active[token]
}

func (s *Server) metadata(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"issuer": s.URL, "authorization_endpoint": s.URL + "/authorize", "token_endpoint": s.URL + "/token",
		"revocation_endpoint": s.URL + "/revoke", "introspection_endpoint": s.URL + "/introspect",
		"authorization_response_iss_parameter_supported": true,
	})
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := random("code-")
	s.mu.Lock()
	s.Authorizations++
	s.codes[code] = q.Get("scope")
	s.mu.Unlock()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	v := back.Query()
	v.Set("code", code)
	v.Set("state", q.Get("state"))
	v.Set("iss", s.URL)
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	var scope string
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		var ok bool
		if scope, ok = s.codes[r.PostForm.Get("code")]; !ok {
			w.WriteHeader(http.StatusBadRequest)
			writeJSON(w, map[string]string{"error": "invalid_grant"})
			return
		}
		delete(s.codes, r.PostForm.Get("code"))
	case "refresh_token":
		if !s.active[r.PostForm.Get("refresh_token")] {
			w.WriteHeader(http.StatusBadRequest)
			writeJSON(w, map[string]string{"error": "invalid_grant"})
			return
		}
		s.Refreshes++
	default:
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	access, refresh := random("at-"), random("rt-")
	s.active[access], s.active[refresh] = true, true
	expires := s.ExpiresIn
	if expires == 0 {
		expires = 3600
	}
	body := map[string]any{"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": expires}
	if scope != "" {
		body["scope"] = scope
	}
	writeJSON(w, body)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Revocations++
	if s.failures > 0 {
		s.failures--
		http.Error(w, "briefly down", http.StatusServiceUnavailable)
		return
	}
	if _, ok := s.active[r.PostForm.Get("token")]; ok {
		s.active[r.PostForm.Get("token")] = false
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	writeJSON(w, map[string]bool{"active": s.Active(r.PostForm.Get("token"))})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func random(prefix string) string {
	b := make([]byte, 12)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// Browser follows the authorization redirects to the app's loopback
// callback, as the system browser would, trusting the server's certificate.
type Browser struct{ Client *http.Client }

// Open walks the flow in the background (a failure shows as a timeout of
// the flow).
func (b Browser) Open(authURL string) error {
	go func() {
		if resp, err := b.Client.Get(authURL); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}
