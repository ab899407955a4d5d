package oauthflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/netguard"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/oauthflow"
)

// recordingOpener is the browser seam: it records what it was asked to open.
type recordingOpener struct {
	mu     sync.Mutex
	opened []string
}

func (r *recordingOpener) Open(u string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opened = append(r.opened, u)
	return nil
}

// hostileServer is an authorization server whose metadata names the
// endpoints given (relative ones are on the server itself).
func hostileServer(t *testing.T, metadata func(issuer string) map[string]string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = netguardtest.TLSServerOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/oauth-authorization-server" {
			http.NotFound(w, r)
			return
		}
		m := metadata(srv.URL)
		m["issuer"] = srv.URL
		json.NewEncoder(w).Encode(m)
	}))
	return srv
}

func TestFeedCannotOpenArgumentLikeOrNonHTTPSAuthorizationURL(t *testing.T) {
	for _, bad := range []string{
		"--renderer-cmd-prefix=/usr/bin/xcalc", "-remote=evil", "file:///etc/passwd", "smb://attacker.example/share",
		"javascript:alert(document.cookie)", "http://as.example/authorize", "https://user:pw@as.example/authorize",
	} {
		srv := hostileServer(t, func(issuer string) map[string]string {
			return map[string]string{"authorization_endpoint": bad, "token_endpoint": issuer + "/token"}
		})
		g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv)
		_, err := oauthflow.Discover(context.Background(), g.Client(), srv.URL)
		var refused *oauthflow.EndpointError
		if !errors.As(err, &refused) || refused.Field != "authorization_endpoint" || apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("metadata with authorization_endpoint %q: %v, want an EndpointError", bad, err)
		}
		// Endpoints that reach the flow another way (explicit, stored) are checked there too.
		opener := &recordingOpener{}
		_, err = oauthflow.Run(context.Background(), oauthflow.Request{ClientID: "c", RedirectPath: "/cb", HTTPClient: g.Client(),
			Timeout: time.Second, Endpoints: oauthflow.Endpoints{Issuer: srv.URL, Authorization: bad, Token: srv.URL + "/token"}}, opener)
		if !errors.As(err, &refused) || len(opener.opened) != 0 {
			t.Errorf("Run with authorization endpoint %q: %v; opened %v", bad, err, opener.opened)
		}
	}
}

func TestPlainHTTPTokenEndpointIsRefusedBeforeAnyCodeIsSent(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { plainHits.Add(1) }))
	defer plain.Close()
	for _, field := range []string{"token_endpoint", "revocation_endpoint", "userinfo_endpoint"} {
		srv := hostileServer(t, func(issuer string) map[string]string {
			m := map[string]string{"authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token"}
			m[field] = plain.URL + "/" + field // cleartext: the code and verifier would cross the network in clear
			return m
		})
		g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv)
		_, err := oauthflow.Discover(context.Background(), g.Client(), srv.URL)
		var refused *oauthflow.EndpointError
		if !errors.As(err, &refused) || refused.Field != field {
			t.Errorf("metadata with an http %s: %v", field, err)
		}
	}
	// Explicit endpoints: the browser never opens and the token endpoint never hears of a code.
	opener := &recordingOpener{}
	srv := netguardtest.TLSServerOn(t, "127.0.0.1", http.NotFoundHandler())
	g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv)
	_, err := oauthflow.Run(context.Background(), oauthflow.Request{ClientID: "c", RedirectPath: "/cb", HTTPClient: g.Client(), Timeout: time.Second,
		Endpoints: oauthflow.Endpoints{Authorization: srv.URL + "/authorize", Token: plain.URL + "/token"}}, opener)
	var refusedURL *netguard.RefusedURLError
	if !errors.As(err, &refusedURL) || len(opener.opened) != 0 || plainHits.Load() != 0 {
		t.Fatalf("http token endpoint: %v; opened %v; plain server hits %d", err, opener.opened, plainHits.Load())
	}
}

func TestDiscoveryAcceptsHTTPSAndTheSandbox(t *testing.T) {
	srv := hostileServer(t, func(issuer string) map[string]string {
		return map[string]string{"authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token", "revocation_endpoint": issuer + "/revoke"}
	})
	g := netguardtest.Guard(nil, netguardtest.LoopbackIsPublic, nil, srv)
	ep, err := oauthflow.Discover(context.Background(), g.Client(), srv.URL)
	if err != nil || ep.Revocation != srv.URL+"/revoke" {
		t.Fatalf("honest https metadata: %+v %v", ep, err)
	}
	sandbox := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"issuer": "http://" + r.Host, "authorization_endpoint": "http://" + r.Host + "/authorize", "token_endpoint": "http://" + r.Host + "/token"})
	}))
	defer sandbox.Close()
	g = netguard.New(netguard.Config{Sandbox: func() string { return sandbox.URL }})
	if _, err := oauthflow.Discover(context.Background(), g.Client(), sandbox.URL); err != nil {
		t.Fatalf("the sandbox's http loopback metadata: %v", err)
	}
}
