package hostileas

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
)

func TestRevocationFailsThenRecovers(t *testing.T) {
	s := New(t, Options{RevocationFailures: 2})
	var got []int
	for range 3 {
		resp, err := s.Client().PostForm(s.Issuer+"/revoke", url.Values{"token": {"t"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, resp.StatusCode)
	}
	attempts, revoked := s.Revocations()
	if got[0] != http.StatusServiceUnavailable || got[1] != http.StatusServiceUnavailable || got[2] != http.StatusOK ||
		attempts != 3 || len(revoked) != 1 {
		t.Fatalf("statuses %v, attempts %d, revoked %v", got, attempts, revoked)
	}
}

func TestMetadataCarriesArbitraryEndpoints(t *testing.T) {
	s := New(t, Options{Metadata: map[string]any{"authorization_endpoint": "--renderer-cmd-prefix=touch /tmp/x", "token_endpoint": "http://127.0.0.1:1/token"}})
	resp, err := s.Client().Get(s.Issuer + "/.well-known/oauth-authorization-server")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatal(resp.Status)
	}
}

// Active follows the tokens' lives: issued, rotated away by a refresh,
// revoked; introspection says the same; refreshes are counted.
func TestActiveFollowsRefreshAndRevocation(t *testing.T) {
	s := New(t, Options{})
	tokens := func(form url.Values) (access, refresh string) {
		resp, err := s.Client().PostForm(s.Issuer+"/token", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Access  string `json:"access_token"`
			Refresh string `json:"refresh_token"`
		}
		json.NewDecoder(resp.Body).Decode(&body)
		return body.Access, body.Refresh
	}
	s.mu.Lock()
	s.codes["c"] = grant{challenge: challenge("v")}
	s.mu.Unlock()
	_, first := tokens(url.Values{"grant_type": {"authorization_code"}, "code": {"c"}, "code_verifier": {"v"}})
	if !s.Active(first) {
		t.Fatal("an issued refresh token is not active")
	}
	_, second := tokens(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first}})
	if s.Active(first) || !s.Active(second) || s.Refreshes() != 1 {
		t.Fatalf("after a refresh: first %v, second %v, refreshes %d", s.Active(first), s.Active(second), s.Refreshes())
	}
	s.Client().PostForm(s.Issuer+"/revoke", url.Values{"token": {second}})
	resp, err := s.Client().PostForm(s.Issuer+"/introspect", url.Values{"token": {second}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Active bool }
	json.NewDecoder(resp.Body).Decode(&out)
	if s.Active(second) || out.Active {
		t.Fatal("a revoked token is still active")
	}
}
