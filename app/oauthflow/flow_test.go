package oauthflow

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// browser is a double of the system browser: it receives the authorization
// URL and plays the redirect back to the loopback listener as told.
type browser struct {
	t       *testing.T
	answer  func(redirect *url.URL, state string) url.Values // query of the callback(s)
	second  bool                                             // call the callback twice
	status  []int
	opened  chan string
	authURL string
	done    chan struct{} // closed when the callbacks were played (if set)
}

func (b *browser) Open(authURL string) error {
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || len(q.Get("state")) < 43 {
		b.t.Errorf("authorization URL lacks PKCE S256 or a 32-byte state: %s", authURL)
	}
	redirect, _ := url.Parse(q.Get("redirect_uri"))
	b.authURL = authURL
	if b.opened != nil {
		b.opened <- redirect.String()
	}
	if b.answer == nil {
		return nil
	}
	go func() {
		if b.done != nil {
			defer close(b.done)
		}
		for i := 0; i < 1+boolInt(b.second); i++ {
			cb := *redirect
			cb.RawQuery = b.answer(redirect, q.Get("state")).Encode()
			resp, err := http.Get(cb.String())
			if err != nil {
				if i == 0 {
					b.t.Errorf("callback: %v", err)
				}
				b.status = append(b.status, -1) // refused: the listener is gone
				return
			}
			resp.Body.Close()
			b.status = append(b.status, resp.StatusCode)
		}
	}()
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func request() Request {
	return Request{
		ClientID:     "app",
		Scopes:       []string{"meeting:read"},
		Endpoints:    Endpoints{Issuer: "http://127.0.0.1:1", Authorization: "http://127.0.0.1:1/authorize", Token: "http://127.0.0.1:1/token"},
		RedirectPath: "/callback",
		Timeout:      5 * time.Second,
	}
}

func TestRefusedCallbacks(t *testing.T) {
	cases := map[string]struct {
		answer func(*url.URL, string) url.Values
		want   string
	}{
		"other issuer": {func(_ *url.URL, s string) url.Values {
			return url.Values{"state": {s}, "code": {"c"}, "iss": {"https://evil.example"}}
		}, "not from the app's server"},
		"declined":     {func(_ *url.URL, s string) url.Values { return url.Values{"state": {s}, "error": {"access_denied"}} }, "you declined"},
		"server error": {func(_ *url.URL, s string) url.Values { return url.Values{"state": {s}, "error": {"server_error"}} }, "server_error"},
		"no code":      {func(_ *url.URL, s string) url.Values { return url.Values{"state": {s}} }, "no authorization code"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			b := &browser{t: t, answer: tc.answer}
			_, err := Run(context.Background(), request(), b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestDeclinedIsTyped(t *testing.T) {
	b := &browser{t: t, answer: func(_ *url.URL, s string) url.Values { return url.Values{"state": {s}, "error": {"access_denied"}} }}
	if _, err := Run(context.Background(), request(), b); !errors.Is(err, ErrDeclined) {
		t.Fatalf("err = %v, want ErrDeclined", err)
	}
}

func TestSecondCallbackIsRefused(t *testing.T) {
	b := &browser{t: t, second: true, done: make(chan struct{}), answer: func(_ *url.URL, s string) url.Values {
		return url.Values{"state": {s}, "error": {"access_denied"}}
	}}
	Run(context.Background(), request(), b)
	<-b.done
	// Either the listener answers 409 or it is already closed: never a second success.
	if len(b.status) != 2 || (b.status[1] != http.StatusConflict && b.status[1] != -1) {
		t.Fatalf("callback statuses = %v, want the second refused", b.status)
	}
}

func TestCancelAndTimeout(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &browser{t: t, opened: make(chan string, 1)}
	go func() { <-b.opened; cancel() }()
	if _, err := Run(ctx, request(), b); !errors.Is(err, ErrCancelled) {
		t.Fatalf("cancel: %v", err)
	}
	req := request()
	req.Timeout = 50 * time.Millisecond
	if _, err := Run(context.Background(), req, &browser{t: t}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("timeout: %v", err)
	}
}

// The listener answers on 127.0.0.1 only: not on the machine's other addresses.
func TestListenerIsLoopbackOnly(t *testing.T) {
	b := &browser{t: t, opened: make(chan string, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Run(ctx, request(), b)
	redirect, _ := url.Parse(<-b.opened)
	if redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" {
		t.Fatalf("redirect_uri = %s, want http://127.0.0.1:{port}/callback", redirect)
	}
	addrs, _ := net.InterfaceAddrs()
	tried := 0
	for _, a := range addrs {
		ip, _, _ := net.ParseCIDR(a.String())
		if ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
			continue
		}
		tried++
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(ip.String(), redirect.Port()), time.Second)
		if err == nil {
			conn.Close()
			t.Errorf("the callback listener answers on %s", ip)
		}
	}
	if conn, err := net.DialTimeout("tcp", redirect.Host, time.Second); err != nil {
		t.Errorf("the listener does not answer on loopback: %v", err)
	} else {
		conn.Close()
	}
	t.Logf("checked %d non-loopback addresses", tried)
}

// The page the system browser shows after the redirect has a language and a
// main landmark (axe checks it in frontend/e2e/a11y.test.mjs, light and dark).
func TestResultPageHasLanguageAndMainLandmark(t *testing.T) {
	got := page("You can close this window", "Marketdesk is finishing the installation.")
	for _, want := range []string{`<html lang="en">`, `<main><h1>You can close this window</h1>`, `prefers-color-scheme:dark`} {
		if !strings.Contains(got, want) {
			t.Errorf("result page lacks %s:\n%s", want, got)
		}
	}
}
