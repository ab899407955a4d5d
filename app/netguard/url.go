// Package netguard is the one place that decides which URLs Marketdesk may
// open in the system browser and which it may fetch. Everything a feed
// publisher or an authorization server wrote (links, icons, endpoints,
// redirects) passes through it:
//
//   - open in the browser: https only; plain http only for the built-in
//     sandbox's loopback origin. Nothing argument-like, no file:, smb:,
//     javascript:, no userinfo, no control characters.
//   - fetch: the same schemes, redirects only from https to https and never
//     for a POST, and a check of the address actually dialled (after DNS) against
//     the class of the source the request is made for (see Class).
package netguard

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"marketdesk/app/apperr"
)

// RefusedURLError says a URL was refused before anything was opened or sent.
type RefusedURLError struct {
	URL    string // clipped, safe to show
	Reason string
}

func (e *RefusedURLError) Error() string {
	return fmt.Sprintf("Marketdesk refused to use %q: %s", e.URL, e.Reason)
}

// AppCode makes the refusal an invalid_input error for the UI and the CLI.
func (e *RefusedURLError) AppCode() apperr.Code { return apperr.Invalid }

func refuse(raw, format string, args ...any) error {
	return &RefusedURLError{URL: clip(raw), Reason: fmt.Sprintf(format, args...)}
}

// checkURL is the rule for both opening and fetching: an absolute https URL
// with a host, or http to exactly the sandbox's origin. sandbox is the
// sandbox's issuer ("" when it is not running).
func checkURL(raw, sandbox string) (*url.URL, error) {
	for _, r := range raw {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\\' {
			return nil, refuse(raw, "it contains spaces, control characters or backslashes")
		}
	}
	if strings.HasPrefix(raw, "-") {
		return nil, refuse(raw, "it looks like a command-line option, not a web address")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, refuse(raw, "it is not a valid web address")
	}
	switch {
	case u.User != nil:
		return nil, refuse(raw, "web addresses with a user name or password are not allowed")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, refuse(raw, "it is not an absolute web address")
	case u.Scheme == "https":
		return u, nil
	case u.Scheme == "http" && isSandbox(u, sandbox):
		return u, nil
	case u.Scheme == "http":
		return nil, refuse(raw, "only https:// addresses are allowed (plain http would expose it to the network)")
	}
	return nil, refuse(raw, "only https:// web addresses are allowed, not %q", u.Scheme+":")
}

// isSandbox says whether u is on the sandbox's origin (scheme, host and port).
func isSandbox(u *url.URL, sandbox string) bool {
	if sandbox == "" {
		return false
	}
	s, err := url.Parse(sandbox)
	return err == nil && s.Scheme == u.Scheme && s.Host != "" && strings.EqualFold(s.Host, u.Host)
}

func clip(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 120 {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}
