package config_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/server/config"
)

// Sign-in is off by default; the file sets it up and the environment
// overrides single keys, lists comma-separated.
func TestAuthBlockFromFileAndEnv(t *testing.T) {
	cfg, err := config.Load(nil, env(map[string]string{"MARKETDESK_SERVER_DATABASE_URL": "postgres:///md"}), &bytes.Buffer{})
	if err != nil || cfg.Auth.Enabled() {
		t.Fatalf("default: enabled %v, err %v", cfg.Auth.Enabled(), err)
	}
	file := writeFile(t, `{"database_url": "postgres:///md", "auth": {
		"public_url": "https://md.example.org", "issuer": "https://idp.example.org",
		"client_id": "marketdesk-server", "client_secret": "from-file",
		"admin_groups": ["it-admins"], "access_token_ttl": "5m"}}`)
	cfg, err = config.Load(nil, env(map[string]string{
		"MARKETDESK_SERVER_CONFIG":              file,
		"MARKETDESK_SERVER_AUTH_CLIENT_SECRET":  "from-env",
		"MARKETDESK_SERVER_AUTH_MANAGER_GROUPS": "buyers, approvers",
		"MARKETDESK_SERVER_AUTH_UNMAPPED":       "refuse",
	}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Auth
	if !a.Enabled() || a.ClientSecret != "from-env" || !slices.Equal(a.AdminGroups, []string{"it-admins"}) ||
		!slices.Equal(a.ManagerGroups, []string{"buyers", "approvers"}) || !slices.Equal(a.OwnerGroups, []string{"marketdesk-owners"}) ||
		a.Unmapped != "refuse" || time.Duration(a.AccessTokenTTL) != 5*time.Minute || a.CallbackURL() != "https://md.example.org/auth/callback" {
		t.Fatalf("auth = %+v", a)
	}
}

func TestAuthBlockRefusals(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"AUTH_ISSUER": "https://idp"}, "auth.public_url, auth.client_id, auth.client_secret are not set"},
		{map[string]string{"AUTH_ISSUER": "idp.example.org", "AUTH_PUBLIC_URL": "https://md", "AUTH_CLIENT_ID": "c", "AUTH_CLIENT_SECRET": "s"}, "auth.issuer"},
		{map[string]string{"AUTH_ISSUER": "https://idp", "AUTH_PUBLIC_URL": "https://md", "AUTH_CLIENT_ID": "c", "AUTH_CLIENT_SECRET": "s", "AUTH_UNMAPPED": "guest"}, "auth.unmapped"},
		{map[string]string{"AUTH_ISSUER": "https://idp", "AUTH_PUBLIC_URL": "https://md", "AUTH_CLIENT_ID": "c", "AUTH_CLIENT_SECRET": "s", "AUTH_REFRESH_TOKEN_TTL": "1m"}, "refresh_token_ttl longer"},
		{map[string]string{"AUTH_ACCESS_TOKEN_TTL": "ten minutes"}, "MARKETDESK_SERVER_AUTH_ACCESS_TOKEN_TTL"},
		{map[string]string{"AUTH_FIRST_USER_OWNER": "maybe"}, "use true or false"},
	} {
		vars := map[string]string{"MARKETDESK_SERVER_DATABASE_URL": "postgres:///md"}
		for k, v := range tc.vars {
			vars["MARKETDESK_SERVER_"+k] = v
		}
		_, err := config.Load(nil, env(vars), &bytes.Buffer{})
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an invalid_input error mentioning %q", tc.vars, err, tc.want)
		}
	}
}
