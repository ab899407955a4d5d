package auth

import (
	"net"
	"net/url"
	"strings"
)

// loopbackRedirect checks a desktop's redirect_uri (RFC 8252 §7.3): plain
// http to the loopback IP literal 127.0.0.1 or [::1], any port (the desktop
// listens on an ephemeral one), any path, no query fragment or user info.
// "localhost" is refused: a name can resolve elsewhere, an IP literal cannot.
func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.User != nil || u.Fragment != "" || u.Opaque != "" {
		return nil, false
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil || port == "" || strings.TrimLeft(port, "0123456789") != "" {
		return nil, false
	}
	if host != "127.0.0.1" && host != "::1" {
		return nil, false
	}
	if u.Path == "" || !strings.HasPrefix(u.Path, "/") {
		return nil, false
	}
	return u, true
}

// withParams returns redirect with params added to its query.
func withParams(redirect string, params url.Values) string {
	u, _ := url.Parse(redirect) // checked by loopbackRedirect before it was stored
	q := u.Query()
	for k, vs := range params {
		for _, v := range vs {
			q.Add(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
