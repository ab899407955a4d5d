package oauthflow

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
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
	// Announce, when set, is told the flow before the browser opens (the
	// built-in sandbox issues codes only for flows Marketdesk announced); the
	// release it returns is called when the flow ends, however it ends.
	Announce func(Started) (release func(), err error)
}

// Started is a flow as its authorization server may expect it: the request's
// client, redirect, state and PKCE challenge, and when the flow gives up.
type Started struct {
	ClientID      string
	RedirectURI   string
	State         string
	CodeChallenge string // S256 of the verifier, as sent in the authorization URL
	Expires       time.Time
}

// Result is what a successful flow yields.
type Result struct {
	Token *oauth2.Token
	// GrantedScopes are the requested scopes the server granted (it may grant
	// fewer; never more: see grantedScopes).
	GrantedScopes []string
	// UnrequestedScopes are scopes the server said it granted beyond the
	// request: reported apart, never recorded or shown as granted.
	UnrequestedScopes []string
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

	cb := newCallback(state, req.Endpoints, req.RedirectPath)
	srv := &http.Server{Handler: cb, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer shutdown(srv)

	if req.Announce != nil {
		deadline, _ := ctx.Deadline()
		release, err := req.Announce(Started{ClientID: req.ClientID, RedirectURI: cfg.RedirectURL, State: state,
			CodeChallenge: oauth2.S256ChallengeFromVerifier(verifier), Expires: deadline})
		if err != nil {
			return Result{}, err
		}
		defer release()
	}
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
	if err := CheckBearer(tok); err != nil {
		return Result{}, err
	}
	granted, extra := grantedScopes(tok, req.Scopes)
	return Result{Token: tok, GrantedScopes: granted, UnrequestedScopes: extra}, nil
}

func exchangeError(tokenURL string, err error) error {
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) {
		return &CallbackError{Reason: fmt.Sprintf("the server refused the code exchange (%s)", retrieve.ErrorCode)}
	}
	return &UnreachableError{URL: tokenURL, Cause: err}
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

// page is the small page the system browser shows after the redirect. It has a
// language and a main landmark (screen readers announce both) and follows the
// system's light or dark theme, with text contrast above 4.5:1 in each.
func page(title, body string) string {
	return `<!doctype html><html lang="en"><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><title>Marketdesk</title>` +
		`<style>:root{color-scheme:light dark}body{font:16px system-ui,sans-serif;margin:0;color:#222;background:#fff}` +
		`main{max-width:32em;margin:20vh auto;padding:0 16px}h1{font-size:1.4em}` +
		`@media (prefers-color-scheme:dark){body{color:#e6e8ee;background:#15181e}}</style>` +
		`<body><main><h1>` + title + `</h1><p>` + body + `</p></main></body></html>`
}
