package org

import (
	"errors"
	"net/netip"
	"net/url"
	"strings"

	"marketdesk/app/apperr"
)

// ServerURL checks and normalises an organization server's address: https,
// or plain http to a loopback IP literal (a server on this machine, for
// development and tests); no user name, query or fragment. The result has
// no trailing slash, so paths are appended as "/api/v1/…".
func ServerURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", apperr.New(apperr.Invalid, "%q is not a server address (write it as https://marketdesk.example.org)", clip(raw))
	}
	switch {
	case u.User != nil:
		return "", apperr.New(apperr.Invalid, "a server address with a user name or password is not allowed")
	case u.RawQuery != "" || u.Fragment != "":
		return "", apperr.New(apperr.Invalid, "a server address has no ?query or #fragment")
	case u.Scheme == "https":
	case u.Scheme == "http" && loopbackIP(u.Hostname()):
	case u.Scheme == "http":
		return "", apperr.New(apperr.Invalid, "the organization server must use https:// (plain http only for a server on this machine, 127.0.0.1 or [::1])")
	default:
		return "", apperr.New(apperr.Invalid, "the organization server's address must start with https://")
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

func loopbackIP(host string) bool {
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// sameOrigin says whether raw is on the server's origin: the bearer token
// is never sent anywhere else.
func sameOrigin(server, raw string) error {
	s, err1 := url.Parse(server)
	u, err2 := url.Parse(raw)
	if err1 != nil || err2 != nil || s.Scheme != u.Scheme || !strings.EqualFold(s.Host, u.Host) {
		return errors.New("refusing to send the organization's token to " + clip(raw))
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return s
}
