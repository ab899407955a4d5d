package oauthflow

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"marketdesk/app/apperr"
)

// DefaultTimeout is how long Marketdesk waits for the person in the browser.
const DefaultTimeout = 5 * time.Minute

// Errors of a flow; each leaves nothing behind.
var (
	ErrDeclined  = apperr.New(apperr.Conflict, "you declined; nothing was installed")
	ErrCancelled = apperr.New(apperr.Conflict, "the installation was cancelled; nothing was installed")
	ErrTimeout   = apperr.New(apperr.Conflict, "no answer from the browser within 5 minutes; nothing was installed")
)

// CallbackError is a callback that was refused (wrong state, wrong issuer,
// an error from the server).
type CallbackError struct{ Reason string }

func (e *CallbackError) Error() string        { return "the authorization was refused: " + e.Reason }
func (e *CallbackError) AppCode() apperr.Code { return apperr.Invalid }

// Opener opens a URL in the system browser (never in the app's webview).
type Opener interface {
	Open(url string) error
}

// Request is one authorization to run.
type Request struct {
	ClientID     string
	Scopes       []string
	Endpoints    Endpoints
	RedirectPath string // registered path; the loopback port varies (RFC 8252 §7.3)
	HTTPClient   *http.Client
	Timeout      time.Duration
	// Waiting is told the authorization URL once the listener is ready, for
	// "Open again" and "Copy link".
	Waiting func(authURL string)
}

// Result is what a successful flow yields.
type Result struct {
	Token *oauth2.Token
	// GrantedScopes are the scopes the server granted (it may grant fewer).
	GrantedScopes []string
}

// Run performs the whole flow: listen on 127.0.0.1, open the browser, take
// one callback, check it, and exchange the code with the PKCE verifier.
func Run(ctx context.Context, req Request, opener Opener) (Result, error) {
	if err := req.Endpoints.Check(req.HTTPClient); err != nil {
		return Result{}, err // discovered, explicit or stored: nothing opens, nothing is sent
	}
	if req.Timeout == 0 {
		req.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, req.Timeout)
	defer cancel()

	ln, err := net.Listen("tcp", "127.0.0.1:0") // loopback only, never all interfaces
	if err != nil {
		return Result{}, fmt.Errorf("cannot listen on the loopback interface: %w", err)
	}
	cfg := oauth2.Config{
		ClientID:    req.ClientID,
		Scopes:      req.Scopes,
		Endpoint:    oauth2.Endpoint{AuthURL: req.Endpoints.Authorization, TokenURL: req.Endpoints.Token, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL: fmt.Sprintf("http://%s%s", ln.Addr().String(), req.RedirectPath),
	}
	state := randomState()
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))

	cb := newCallback(state, req.Endpoints.Issuer, req.RedirectPath)
	srv := &http.Server{Handler: cb, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer shutdown(srv)

	if req.Waiting != nil {
		req.Waiting(authURL)
	}
	if err := opener.Open(authURL); err != nil {
		return Result{}, fmt.Errorf("could not open the browser (%v); use Copy link and open it yourself", err)
	}
	code, err := cb.wait(ctx)
	if err != nil {
		return Result{}, err
	}
	if req.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, req.HTTPClient)
	}
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Result{}, exchangeError(req.Endpoints.Token, err)
	}
	return Result{Token: tok, GrantedScopes: grantedScopes(tok, req.Scopes)}, nil
}

func exchangeError(tokenURL string, err error) error {
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) {
		return &CallbackError{Reason: fmt.Sprintf("the server refused the code exchange (%s)", retrieve.ErrorCode)}
	}
	return &UnreachableError{URL: tokenURL, Cause: err}
}

// grantedScopes reads the "scope" of the token response; absent means all
// requested scopes were granted (RFC 6749 §5.1).
func grantedScopes(tok *oauth2.Token, requested []string) []string {
	if s, ok := tok.Extra("scope").(string); ok && s != "" {
		return strings.Fields(s)
	}
	return requested
}

func randomState() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func shutdown(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
}

// callback serves the redirect once and hands the code (or the reason) over.
type callback struct {
	state, issuer, path string
	once                sync.Once
	done                chan struct{}
	code                string
	err                 error
}

func newCallback(state, issuer, path string) *callback {
	return &callback{state: state, issuer: issuer, path: path, done: make(chan struct{})}
}

func (c *callback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != c.path {
		http.NotFound(w, r)
		return
	}
	handled := false
	c.once.Do(func() {
		handled = true
		c.code, c.err = c.check(r)
		close(c.done)
	})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	switch {
	case !handled:
		w.WriteHeader(http.StatusConflict)
		fmt.Fprint(w, page("This sign-in was already handled", "You can close this window."))
	case c.err != nil:
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, page("Nothing was installed", html.EscapeString(c.err.Error())+" You can close this window."))
	default:
		fmt.Fprint(w, page("You can close this window", "Marketdesk is finishing the installation."))
	}
}

// check validates one callback: state (constant time), issuer (RFC 9207),
// then error or code.
func (c *callback) check(r *http.Request) (string, error) {
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(c.state)) != 1 {
		return "", &CallbackError{Reason: "the callback's state does not match this sign-in (a forged or stale link)"}
	}
	if iss := q.Get("iss"); iss != "" && c.issuer != "" && iss != c.issuer {
		return "", &CallbackError{Reason: fmt.Sprintf("the callback came from %q, not from the app's server %q", iss, c.issuer)}
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

func page(title, body string) string {
	return `<!doctype html><meta charset="utf-8"><title>Marketdesk</title>` +
		`<body style="font:16px system-ui,sans-serif;max-width:32em;margin:20vh auto;color:#222">` +
		`<h1 style="font-size:1.4em">` + title + `</h1><p>` + body + `</p></body>`
}
