package netguard

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// RefusedAddressError says a host resolved only to addresses its request may
// not reach (a public feed pointing at loopback or the intranet, link-local).
type RefusedAddressError struct {
	Host   string
	Addr   netip.Addr
	Class  Class
	Origin Class
}

func (e *RefusedAddressError) Error() string {
	return fmt.Sprintf("Marketdesk refused to connect to %s (%s, a %s address) for a source of class %s",
		clip(e.Host), e.Addr, e.Class, e.Origin)
}

// ErrRedirectLeavesHTTPS is a redirect to anything but https.
var ErrRedirectLeavesHTTPS = errors.New("refused a redirect that leaves https")

// transport checks every request's URL, then sends it through the pool of
// its origin class (whose dialer checks the address) or, for plain http,
// through the pool that can reach nothing but the sandbox.
type transport struct {
	g        *Guard
	byOrigin [Loopback + 1]*http.Transport
	sandbox  *http.Transport
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	u, err := t.g.check(req.URL.String())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if u.Scheme == "http" {
		return t.sandbox.RoundTrip(req)
	}
	return t.byOrigin[min(OriginFrom(req.Context()), Loopback)].RoundTrip(req)
}

func (g *Guard) base(tlsConfig *tls.Config, dial func(context.Context, string, string) (net.Conn, error)) *http.Transport {
	return &http.Transport{
		Proxy:                 nil, // a proxy would dial for us and skip the address check
		DialContext:           dial,
		TLSClientConfig:       tlsConfig,
		ForceAttemptHTTP2:     tlsConfig != nil,
		MaxIdleConns:          32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
	}
}

var dialer = &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}

// dialFor resolves the host itself and dials only addresses the origin class
// allows: the check is on the address connected to, after DNS, so a name
// that changes its answer (DNS rebinding) cannot slip past it.
func (g *Guard) dialFor(origin Class) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, portText, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		port, err := strconv.ParseUint(portText, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("bad port in %q", addr)
		}
		addrs, err := g.lookup(ctx, host)
		if err != nil {
			return nil, err
		}
		var lastErr error = fmt.Errorf("%s has no address", clip(host))
		for _, a := range addrs {
			if c := g.classify(a); !origin.allows(c) {
				lastErr = &RefusedAddressError{Host: host, Addr: a, Class: c, Origin: origin}
				continue
			}
			conn, err := dialer.DialContext(ctx, network, netip.AddrPortFrom(a.Unmap(), uint16(port)).String())
			if err == nil {
				return conn, nil
			}
			lastErr = err
		}
		return nil, lastErr
	}
}

// dialSandbox dials the sandbox's own address and nothing else.
func (g *Guard) dialSandbox(ctx context.Context, network, addr string) (net.Conn, error) {
	issuer := g.sandboxIssuer()
	if issuer == "" || "http://"+addr != issuer {
		return nil, fmt.Errorf("plain http may only reach the built-in sandbox, not %s", clip(addr))
	}
	return dialer.DialContext(ctx, network, addr)
}

// checkRedirect follows redirects only from https to https, and never for
// a POST (a notice or a revocation): the 3xx comes back as the answer, which
// their callers count as a failed attempt.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if m := via[0].Method; m != http.MethodGet && m != http.MethodHead {
		return http.ErrUseLastResponse
	}
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if req.URL.Scheme != "https" || via[len(via)-1].URL.Scheme != "https" {
		return fmt.Errorf("%w: to %s", ErrRedirectLeavesHTTPS, clip(req.URL.String()))
	}
	return nil
}

// NoRedirects is the redirect policy of requests that must reach exactly the
// address they were given (notices, revocations): any 3xx is the answer.
func NoRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// IsRefusal says whether err is netguard refusing a URL, an address or a
// redirect (as opposed to the network being down).
func IsRefusal(err error) bool {
	var u *RefusedURLError
	var a *RefusedAddressError
	return errors.As(err, &u) || errors.As(err, &a) || errors.Is(err, ErrRedirectLeavesHTTPS)
}
