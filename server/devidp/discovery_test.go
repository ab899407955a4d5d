package devidp

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Discovery lists exactly the endpoints that answer; op's others are not
// routed.
func TestDiscoveryAdvertisesOnlyServedEndpoints(t *testing.T) {
	b := setup(t)
	var doc map[string]any
	resp, err := http.Get(b.issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()

	var endpoints []string
	for k, v := range doc {
		if strings.HasSuffix(k, "_endpoint") || k == "jwks_uri" {
			endpoints = append(endpoints, k)
			if !strings.HasPrefix(v.(string), b.issuer+"/") {
				t.Errorf("%s = %v, not under the issuer", k, v)
			}
		}
	}
	slices.Sort(endpoints)
	want := []string{"authorization_endpoint", "jwks_uri", "token_endpoint", "userinfo_endpoint"}
	if !slices.Equal(endpoints, want) {
		t.Errorf("advertised endpoints %v, want %v", endpoints, want)
	}
	// Each advertised endpoint is routed (op answers 400/401 to an empty request, never 404).
	for _, k := range want {
		method := http.MethodGet
		if k == "token_endpoint" {
			method = http.MethodPost
		}
		req, _ := http.NewRequest(method, doc[k].(string), nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed {
			t.Errorf("%s answers %d", k, resp.StatusCode)
		}
	}
	for _, path := range []string{"/oauth/introspect", "/revoke", "/end_session", "/device_authorization", "/ready"} {
		resp, err := http.Post(b.issuer+path, "application/x-www-form-urlencoded", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s answers %d, want 404", path, resp.StatusCode)
		}
	}
	if got := doc["code_challenge_methods_supported"]; !slices.Equal(toStrings(got), []string{"S256"}) {
		t.Errorf("code_challenge_methods_supported %v", got)
	}
	if got := toStrings(doc["scopes_supported"]); !slices.Contains(got, ScopeGroups) {
		t.Errorf("scopes_supported %v", got)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

// A request for another host name (DNS rebinding) is refused.
func TestOtherHostRefused(t *testing.T) {
	b := setup(t)
	req, _ := http.NewRequest(http.MethodGet, b.issuer+"/.well-known/openid-configuration", nil)
	req.Host = "rebound.example:80"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("status %d, want 421", resp.StatusCode)
	}
}
