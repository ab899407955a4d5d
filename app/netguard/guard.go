package netguard

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"
)

// Resolver looks host names up; *net.Resolver is one. Tests give a map.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Config builds a Guard. Only Sandbox matters in production; the rest are
// seams for tests.
type Config struct {
	// Sandbox returns the built-in sandbox's issuer (http://127.0.0.1:PORT),
	// "" when it is not running: the one origin plain http may reach.
	Sandbox func() string
	// RootCAs, when set, replaces the system's roots (tests trust only their
	// own test server's certificate).
	RootCAs *x509.CertPool
	// Resolver defaults to net.DefaultResolver.
	Resolver Resolver
	// Classify defaults to Classify; a test can say "this 127.0.0.x counts as public".
	Classify func(netip.Addr) Class
	// Timeout of one request, redirects included; default 20 s.
	Timeout time.Duration
}

// Guard decides what may be opened and fetched. Build one in main and hand
// its Client and CheckOpen to every part of the app.
type Guard struct {
	sandbox  func() string
	resolver Resolver
	classify func(netip.Addr) Class
	client   *http.Client
	// anyLoopbackHTTP is for clients built outside netguard (tests): plain
	// http may reach any loopback origin, as the sandbox of a test may be anywhere.
	anyLoopbackHTTP bool
}

// New returns a Guard and builds its client.
func New(c Config) *Guard {
	g := &Guard{sandbox: c.Sandbox, resolver: c.Resolver, classify: c.Classify}
	if g.sandbox == nil {
		g.sandbox = func() string { return "" }
	}
	if g.resolver == nil {
		g.resolver = net.DefaultResolver
	}
	if g.classify == nil {
		g.classify = Classify
	}
	if c.Timeout == 0 {
		c.Timeout = 20 * time.Second
	}
	tlsConfig := &tls.Config{RootCAs: c.RootCAs, MinVersion: tls.VersionTLS12}
	t := &transport{g: g, sandbox: g.base(nil, g.dialSandbox)}
	for _, o := range []Class{Public, Private, Loopback} {
		t.byOrigin[o] = g.base(tlsConfig, g.dialFor(o)) // one pool per class: a connection made for a local source is never reused for a public one
	}
	g.client = &http.Client{Transport: t, CheckRedirect: checkRedirect, Timeout: c.Timeout}
	return g
}

// Client is the HTTP client for everything Marketdesk fetches.
func (g *Guard) Client() *http.Client { return g.client }

// CheckOpen says whether raw may be opened in the system browser.
func (g *Guard) CheckOpen(raw string) error { _, err := g.check(raw); return err }

// CheckFetch says whether raw may be fetched (or posted to). The address is
// checked again when it is dialled.
func (g *Guard) CheckFetch(raw string) error { _, err := g.check(raw); return err }

func (g *Guard) check(raw string) (*url.URL, error) {
	u, err := checkURL(raw, g.sandboxIssuer())
	if err != nil && g != nil && g.anyLoopbackHTTP {
		if v, perr := url.Parse(raw); perr == nil && v.Scheme == "http" && v.User == nil && isLoopbackHost(v.Hostname()) {
			return checkURL(raw, "http://"+v.Host)
		}
	}
	return u, err
}

func (g *Guard) sandboxIssuer() string {
	if g == nil || g.sandbox == nil {
		return ""
	}
	return g.sandbox()
}

// Of returns the guard of a client built by New. For any other client (tests
// inject their own) it returns a guard with the same URL rules, except that
// plain http may reach loopback: such a client has no dial-time checks anyway.
func Of(c *http.Client) *Guard {
	if c != nil {
		if t, ok := c.Transport.(*transport); ok {
			return t.g
		}
	}
	return &Guard{anyLoopbackHTTP: true}
}

// OriginOf is the class of the source at raw (a feed URL): the most public
// class among the addresses its host resolves to, so that a host that is
// public anywhere counts as public. Unknown hosts count as Public.
func (g *Guard) OriginOf(ctx context.Context, raw string) Class {
	if g == nil || g.resolver == nil {
		return Public
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return Public
	}
	addrs, err := g.lookup(ctx, u.Hostname())
	if err != nil || len(addrs) == 0 {
		return Public
	}
	origin := Forbidden
	for _, a := range addrs {
		if c := g.classify(a); c < origin {
			origin = c
		}
	}
	if origin == Forbidden {
		return Public
	}
	return origin
}

func (g *Guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	return g.resolver.LookupNetIP(ctx, "ip", host)
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}
