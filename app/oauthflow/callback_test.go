package oauthflow

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A local process that knows the loopback port sends a request with a wrong
// or missing state first: it is answered 400 and the flow keeps waiting; the
// browser's answer with the right state then ends it.
func TestWrongStateRequestCannotEndAWaitingInstall(t *testing.T) {
	for name, forged := range map[string]url.Values{
		"wrong state":   {"state": {"forged"}, "error": {"access_denied"}},
		"missing state": {"error": {"access_denied"}},
		"empty state":   {"state": {""}, "code": {"c"}},
	} {
		t.Run(name, func(t *testing.T) {
			opened := make(chan string, 1)
			b := &browser{t: t, opened: opened}
			res := make(chan error, 1)
			go func() { _, err := Run(context.Background(), request(), b); res <- err }()
			redirect, _ := url.Parse(<-opened)

			cb := *redirect
			cb.RawQuery = forged.Encode()
			for range 3 {
				resp, err := http.Get(cb.String())
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("forged callback answered %d, want 400", resp.StatusCode)
				}
			}
			select {
			case err := <-res:
				t.Fatalf("a forged callback ended the flow: %v", err)
			default:
			}
			// The real browser's answer (the right state) still ends it.
			state := stateOf(t, b.authURL)
			cb.RawQuery = url.Values{"state": {state}, "error": {"access_denied"}}.Encode()
			resp, err := http.Get(cb.String())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if err := <-res; !errors.Is(err, ErrDeclined) {
				t.Fatalf("after the right callback: %v, want ErrDeclined", err)
			}
		})
	}
}

// With RFC 9207 advertised, a response without iss, or with another iss, is
// refused; without it advertised, a missing iss is accepted (see the token
// server tests in hostile_test.go for the whole exchange).
func TestIssuerChecks(t *testing.T) {
	ep := Endpoints{Issuer: "https://as.example", Authorization: "https://as.example/authorize", Token: "https://as.example/token"}
	advertised := ep
	advertised.IssParameterSupported = true
	explicit := Endpoints{Authorization: "https://login.example/authorize", Token: "https://api.example/token"}
	cases := []struct {
		name string
		ep   Endpoints
		q    url.Values
		want string // "" accepted
	}{
		{"advertised, no iss", advertised, url.Values{"code": {"c"}}, "promises to name itself"},
		{"advertised, other iss", advertised, url.Values{"code": {"c"}, "iss": {"https://honest.example"}}, "not from the app's server"},
		{"advertised, empty iss", advertised, url.Values{"code": {"c"}, "iss": {""}}, "not from the app's server"},
		{"advertised, its iss", advertised, url.Values{"code": {"c"}, "iss": {"https://as.example"}}, ""},
		{"not advertised, no iss", ep, url.Values{"code": {"c"}}, ""},
		{"not advertised, other iss", ep, url.Values{"code": {"c"}, "iss": {"https://honest.example"}}, "not from the app's server"},
		{"advertised, declined without iss", advertised, url.Values{"error": {"access_denied"}}, "promises to name itself"},
		{"explicit endpoints, iss of another origin", explicit, url.Values{"code": {"c"}, "iss": {"https://honest.example"}}, "not from the app's server"},
		{"explicit endpoints, iss of the login origin", explicit, url.Values{"code": {"c"}, "iss": {"https://login.example"}}, ""},
		{"explicit endpoints, no iss", explicit, url.Values{"code": {"c"}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newCallback("s", tc.ep, "/callback").check(tc.q)
			if tc.want == "" && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func stateOf(t *testing.T, authURL string) string {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("state")
}
