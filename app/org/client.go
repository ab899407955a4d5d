package org

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/vault"
)

// ClientID is the desktop's registration at every organization server.
const ClientID = "marketdesk-desktop"

// Client calls the organization server as the signed-in person: it adds
// the bearer token, renews it before it expires or once after a 401, and
// saves each rotated refresh token to the keychain before using it.
type Client struct {
	server   string
	http     *http.Client
	vault    *vault.Vault
	lockPath string
	now      func() time.Time
	// orgName names the organization in "sign in to … again".
	orgName func() string
	// signedOut is told when the server refused the refresh token.
	signedOut func(context.Context)

	mu     sync.Mutex // one refresh at a time in this process (the file lock does it across processes)
	sess   session
	loaded bool
}

// Server is the organization server's address.
func (c *Client) Server() string { return c.server }

// Do sends req with the access token. req's URL must be on the server
// (NewRequest builds one). A 401 renews the token and sends req once more,
// so its body must be replayable (http.NewRequest makes it so for bytes and
// strings). A network failure is an *OfflineError.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if err := sameOrigin(c.server, req.URL.String()); err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "%v", err)
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		// After a 401 the request is sent again: a body read once is gone.
		return nil, apperr.New(apperr.Internal, "a request to the organization server needs a replayable body (bytes or a string)")
	}
	token, err := c.token(req.Context(), "")
	if err != nil {
		return nil, err
	}
	resp, err := c.send(req, token)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	drain(resp)
	if token, err = c.token(req.Context(), token); err != nil {
		return nil, err
	}
	if req.Body != nil && req.GetBody != nil {
		if req.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return c.send(req, token)
}

// NewRequest builds a request for path ("/api/v1/…") on the server.
func (c *Client) NewRequest(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, method, c.server+path, body)
}

// GetJSON reads path into v. A 401 after a renewed token says the server
// no longer accepts this sign-in.
func (c *Client) GetJSON(ctx context.Context, path string, v any) error {
	req, err := c.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := statusError(c, resp); err != nil {
		return err
	}
	return json.NewDecoder(io.LimitReader(resp.Body, maxJSONBytes)).Decode(v)
}

const maxJSONBytes = 8 << 20

func statusError(c *Client, resp *http.Response) error {
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return &SignedOutError{Org: c.orgName()}
	case resp.StatusCode >= 500:
		return &OfflineError{Server: c.server, Cause: fmt.Errorf("it answered %s", resp.Status)}
	case resp.StatusCode >= 300:
		var body struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		_ = json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body)
		msg := body.Error.Message
		if msg == "" {
			msg = resp.Status
		}
		return apperr.New(apperr.Code(httpCode(resp.StatusCode)), "the organization server refused: %s", clip(msg))
	}
	return nil
}

func httpCode(status int) apperr.Code {
	switch status {
	case http.StatusForbidden:
		return apperr.Forbidden
	case http.StatusNotFound:
		return apperr.NotFound
	case http.StatusConflict:
		return apperr.Conflict
	}
	return apperr.Invalid
}

func (c *Client) send(req *http.Request, token string) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.http.Do(r)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, &OfflineError{Server: c.server, Cause: err}
	}
	return resp, nil
}

// AccessToken is a valid access token, renewed first when needed.
func (c *Client) AccessToken(ctx context.Context) (string, error) { return c.token(ctx, "") }

// token returns an access token that is not rejected: the one in memory
// while it is fresh, else one another process saved, else a renewed one.
func (c *Client) token(ctx context.Context, rejected string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		if err := c.reload(ctx); err != nil {
			return "", err
		}
	}
	if c.sess.fresh(c.now()) && c.sess.AccessToken != rejected {
		return c.sess.AccessToken, nil
	}
	lock, err := lockRefresh(ctx, c.lockPath)
	if err != nil {
		return "", err
	}
	defer lock.Release()
	// Another process (the app, the CLI) may have renewed it meanwhile: its
	// refresh token is the live one now, ours is spent.
	if err := c.reload(ctx); err != nil {
		return "", err
	}
	if c.sess.fresh(c.now()) && c.sess.AccessToken != rejected {
		return c.sess.AccessToken, nil
	}
	if err := c.refresh(ctx); err != nil {
		return "", err
	}
	return c.sess.AccessToken, nil
}

func (c *Client) reload(ctx context.Context) error {
	s, err := loadSession(ctx, c.vault)
	if errors.Is(err, vault.ErrNotFound) {
		return &SignedOutError{Org: c.orgName()}
	}
	if err != nil {
		return err
	}
	if s.Server != c.server { // a sign-in for another server: never send its tokens here
		return &SignedOutError{Org: c.orgName()}
	}
	c.sess, c.loaded = s, true
	return nil
}

// refresh spends the refresh token and saves the new pair before anything
// uses it. A crash after the server rotated and before the save leaves the
// spent token in the keychain: the next refresh is refused and the person
// signs in again, which is the most a crash may cost.
func (c *Client) refresh(ctx context.Context) error {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.sess.RefreshToken}, "client_id": {ClientID}}
	issued := c.now()
	tok, err := postToken(ctx, c.http, c.sess.tokenURL(), form)
	var refused *grantRefusedError
	if errors.As(err, &refused) {
		_ = c.vault.Delete(ctx, SessionItem) // spent or revoked: useless, and no longer a secret worth keeping
		c.loaded = false
		if c.signedOut != nil {
			c.signedOut(ctx)
		}
		return &SignedOutError{Org: c.orgName()}
	}
	if err != nil {
		return err
	}
	next := c.sess
	next.AccessToken, next.RefreshToken, next.Expiry = tok.AccessToken, tok.RefreshToken, tok.expiry(issued)
	if err := saveSession(ctx, c.vault, next); err != nil {
		return fmt.Errorf("the organization sign-in was renewed but could not be saved to the keychain (you may have to sign in again): %w", err)
	}
	c.sess = next
	return nil
}

// tokenURL is the token endpoint the sign-in used.
func (s session) tokenURL() string {
	if s.TokenURL != "" {
		return s.TokenURL
	}
	return s.Server + "/oauth/token"
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// trimLine keeps a server's word short and on one line in a message.
func trimLine(s string) string { return clip(strings.Join(strings.Fields(s), " ")) }
