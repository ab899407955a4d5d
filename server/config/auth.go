package config

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"marketdesk/app/apperr"
)

// Auth is the sign-in block (key "auth"): the server signs its desktops in
// through the organization's OpenID provider and issues its own tokens
// (server/auth, docs/server-auth.md). Empty Issuer: sign-in is off and every
// route that needs a token answers 401.
type Auth struct {
	// PublicURL is this server as desktops reach it (https://marketdesk.example.org):
	// the audience of its access tokens and the base of its redirect URL.
	PublicURL string `json:"public_url"`
	// Issuer, ClientID and ClientSecret are the organization's OpenID
	// provider and the server's registration there (a confidential client).
	Issuer       string `json:"issuer"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	// RedirectURL is registered at the provider; default PublicURL + "/auth/callback".
	RedirectURL string `json:"redirect_url"`
	// GroupsClaim names the claim with the person's groups (default "groups").
	GroupsClaim string `json:"groups_claim"`
	// OwnerGroups, AdminGroups and ManagerGroups map provider groups to
	// roles and to the marketplace-manager privilege (granted to admins).
	OwnerGroups   []string `json:"owner_groups"`
	AdminGroups   []string `json:"admin_groups"`
	ManagerGroups []string `json:"manager_groups"`
	// Unmapped is what a new person in no mapped group becomes: "member"
	// (default) or "refuse".
	Unmapped string `json:"unmapped"`
	// FirstUserOwner makes the first person who signs in the account's owner.
	FirstUserOwner bool `json:"first_user_owner"`
	// AccountName names the account created at the first sign-in.
	AccountName string `json:"account_name"`
	// DesktopClients are the client_ids desktops may use (public clients,
	// PKCE S256, loopback redirect on any port).
	DesktopClients []string `json:"desktop_clients"`
	// Token lifetimes.
	AccessTokenTTL  Duration `json:"access_token_ttl"`
	RefreshTokenTTL Duration `json:"refresh_token_ttl"`
}

// Unmapped values.
const (
	UnmappedMember = "member"
	UnmappedRefuse = "refuse"
)

func authDefaults() Auth {
	return Auth{
		GroupsClaim:     "groups",
		OwnerGroups:     []string{"marketdesk-owners"},
		AdminGroups:     []string{"marketdesk-admins"},
		ManagerGroups:   []string{"marketdesk-managers"},
		Unmapped:        UnmappedMember,
		FirstUserOwner:  true,
		AccountName:     "Marketdesk",
		DesktopClients:  []string{"marketdesk-desktop"},
		AccessTokenTTL:  Duration(10 * time.Minute),
		RefreshTokenTTL: Duration(30 * 24 * time.Hour),
	}
}

// Enabled reports whether sign-in is configured.
func (a Auth) Enabled() bool { return a.Issuer != "" }

// CallbackURL is RedirectURL, or its default.
func (a Auth) CallbackURL() string {
	if a.RedirectURL != "" {
		return a.RedirectURL
	}
	return strings.TrimSuffix(a.PublicURL, "/") + "/auth/callback"
}

// authEnv are the auth block's environment variables (MARKETDESK_SERVER_AUTH_*);
// lists are comma-separated, durations Go durations.
var authEnv = []struct {
	env string
	set func(*Auth, string) error
}{
	{"AUTH_PUBLIC_URL", func(a *Auth, v string) error { a.PublicURL = v; return nil }},
	{"AUTH_ISSUER", func(a *Auth, v string) error { a.Issuer = v; return nil }},
	{"AUTH_CLIENT_ID", func(a *Auth, v string) error { a.ClientID = v; return nil }},
	{"AUTH_CLIENT_SECRET", func(a *Auth, v string) error { a.ClientSecret = v; return nil }},
	{"AUTH_REDIRECT_URL", func(a *Auth, v string) error { a.RedirectURL = v; return nil }},
	{"AUTH_GROUPS_CLAIM", func(a *Auth, v string) error { a.GroupsClaim = v; return nil }},
	{"AUTH_OWNER_GROUPS", func(a *Auth, v string) error { a.OwnerGroups = list(v); return nil }},
	{"AUTH_ADMIN_GROUPS", func(a *Auth, v string) error { a.AdminGroups = list(v); return nil }},
	{"AUTH_MANAGER_GROUPS", func(a *Auth, v string) error { a.ManagerGroups = list(v); return nil }},
	{"AUTH_UNMAPPED", func(a *Auth, v string) error { a.Unmapped = v; return nil }},
	{"AUTH_FIRST_USER_OWNER", func(a *Auth, v string) error { return setBool(&a.FirstUserOwner, v) }},
	{"AUTH_ACCOUNT_NAME", func(a *Auth, v string) error { a.AccountName = v; return nil }},
	{"AUTH_DESKTOP_CLIENTS", func(a *Auth, v string) error { a.DesktopClients = list(v); return nil }},
	{"AUTH_ACCESS_TOKEN_TTL", func(a *Auth, v string) error { return setDuration(&a.AccessTokenTTL, v) }},
	{"AUTH_REFRESH_TOKEN_TTL", func(a *Auth, v string) error { return setDuration(&a.RefreshTokenTTL, v) }},
}

func applyAuthEnv(a *Auth, getenv func(string) string) error {
	for _, e := range authEnv {
		v := getenv(EnvPrefix + e.env)
		if v == "" {
			continue
		}
		if err := e.set(a, v); err != nil {
			return apperr.New(apperr.Invalid, "%s%s=%q: %v", EnvPrefix, e.env, v, err)
		}
	}
	return nil
}

func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func setBool(b *bool, v string) error {
	switch strings.ToLower(v) {
	case "true", "1", "yes":
		*b = true
	case "false", "0", "no":
		*b = false
	default:
		return apperr.New(apperr.Invalid, "use true or false")
	}
	return nil
}

func setDuration(d *Duration, v string) error {
	p, err := time.ParseDuration(v)
	if err != nil {
		return apperr.New(apperr.Invalid, "not a duration such as 10m")
	}
	*d = Duration(p)
	return nil
}

// Validate checks the block when sign-in is on.
func (a Auth) Validate() error {
	if !a.Enabled() {
		return nil
	}
	missing := []string{}
	for _, f := range []struct{ key, val string }{{"public_url", a.PublicURL}, {"client_id", a.ClientID}, {"client_secret", a.ClientSecret}} {
		if f.val == "" {
			missing = append(missing, "auth."+f.key)
		}
	}
	if len(missing) > 0 {
		return apperr.New(apperr.Invalid, "auth.issuer is set, so sign-in is on, but %s %s not set (docs/server-auth.md)",
			strings.Join(missing, ", "), map[bool]string{true: "is", false: "are"}[len(missing) == 1])
	}
	for _, u := range []struct{ key, val string }{{"issuer", a.Issuer}, {"public_url", a.PublicURL}, {"redirect_url", a.CallbackURL()}} {
		p, err := url.Parse(u.val)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return apperr.New(apperr.Invalid, "auth.%s %q must be an http(s) URL", u.key, u.val)
		}
	}
	if a.Unmapped != UnmappedMember && a.Unmapped != UnmappedRefuse {
		return apperr.New(apperr.Invalid, "auth.unmapped %q: use %q or %q", a.Unmapped, UnmappedMember, UnmappedRefuse)
	}
	if len(a.DesktopClients) == 0 || slices.Contains(a.DesktopClients, "") {
		return apperr.New(apperr.Invalid, "auth.desktop_clients must list at least one client_id, none empty")
	}
	if a.AccessTokenTTL <= 0 || a.RefreshTokenTTL <= a.AccessTokenTTL {
		return apperr.New(apperr.Invalid, "auth token lifetimes: access_token_ttl must be positive and refresh_token_ttl longer (got %s and %s)",
			time.Duration(a.AccessTokenTTL), time.Duration(a.RefreshTokenTTL))
	}
	return nil
}
