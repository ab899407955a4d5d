package oauthflow

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"sync"
)

// callback serves the loopback redirect. Only the request carrying this
// flow's state ends the flow, and only once: any other local process can
// connect to the port, so a request with a wrong or missing state is answered
// 400 and the flow keeps waiting for the browser.
type callback struct {
	state, path string
	endpoints   Endpoints
	mu          sync.Mutex
	handled     bool
	done        chan struct{}
	code        string
	err         error
}

func newCallback(state string, ep Endpoints, path string) *callback {
	return &callback{state: state, endpoints: ep, path: path, done: make(chan struct{})}
}

func (c *callback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != c.path {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(c.state)) != 1 {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, page("This link is not for the sign-in Marketdesk is waiting for",
			"Its state does not match (a forged or stale link). Marketdesk keeps waiting; you can close this window."))
		return
	}
	c.mu.Lock()
	first := !c.handled
	if first {
		c.handled = true
		c.code, c.err = c.check(q)
		close(c.done)
	}
	err := c.err
	c.mu.Unlock()
	switch {
	case !first:
		w.WriteHeader(http.StatusConflict)
		fmt.Fprint(w, page("This sign-in was already handled", "You can close this window."))
	case err != nil:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, page("Nothing was installed", html.EscapeString(err.Error())+" You can close this window."))
	default:
		fmt.Fprint(w, page("You can close this window", "Marketdesk is finishing the installation."))
	}
}

// check validates the callback that carries the right state: issuer
// (RFC 9207), then error or code.
func (c *callback) check(q url.Values) (string, error) {
	if err := c.checkIssuer(q); err != nil {
		return "", err
	}
	if e := q.Get("error"); e != "" {
		if e == "access_denied" {
			return "", ErrDeclined
		}
		return "", &CallbackError{Reason: fmt.Sprintf("the server answered %q: %s", e, q.Get("error_description"))}
	}
	code := q.Get("code")
	if code == "" {
		return "", &CallbackError{Reason: "the callback has no authorization code"}
	}
	return code, nil
}

// checkIssuer is the mix-up defence of RFC 9207 (RFC 9700 §4.4): the
// response must come from the server this listing's flow was sent to, not
// from another server the browser was forwarded to.
//   - The issuer is known (discovery): iss, when present, must be exactly it;
//     and when the server advertises authorization_response_iss_parameter_supported,
//     a response without iss is refused.
//   - The issuer is unknown (a listing with explicit endpoints): an iss whose
//     origin is neither the authorization nor the token endpoint's names
//     another server, and is refused.
func (c *callback) checkIssuer(q url.Values) error {
	iss, has := q.Get("iss"), q.Has("iss")
	want := c.endpoints.Issuer
	switch {
	case want != "" && has && iss != want:
		return &CallbackError{Reason: fmt.Sprintf("the callback came from %q, not from the app's server %q", iss, want)}
	case want != "" && !has && c.endpoints.IssParameterSupported:
		return &CallbackError{Reason: fmt.Sprintf("the app's server %q promises to name itself in the callback (RFC 9207), but this callback does not: it may come from another server", want)}
	case want == "" && has && origin(iss) != origin(c.endpoints.Authorization) && origin(iss) != origin(c.endpoints.Token):
		return &CallbackError{Reason: fmt.Sprintf("the callback came from %q, not from the app's server", iss)}
	}
	return nil
}

// origin is scheme://host[:port] of a URL, "" when it has none.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func (c *callback) wait(ctx context.Context) (string, error) {
	select {
	case <-c.done:
		return c.code, c.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", ErrTimeout
		}
		return "", ErrCancelled
	}
}
