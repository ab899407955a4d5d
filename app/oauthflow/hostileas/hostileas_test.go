package hostileas

import (
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
