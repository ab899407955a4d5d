package catalog

// standardScopes are the OpenID Connect scopes every authorization server
// knows, in plain words. They are the one source of these words: the
// sandbox's consent page, the review before an install, Installed and
// Manage all read them here.
var standardScopes = map[string]Scope{
	"openid":         {Name: "openid", Description: "Know who you are in this account"},
	"profile":        {Name: "profile", Description: "See your name"},
	"email":          {Name: "email", Description: "See your email address"},
	"offline_access": {Name: "offline_access", Description: "Keep this access when you are not using the app, until you remove it", Sensitive: true},
}

// StandardScope returns a standard scope in words.
func StandardScope(name string) (Scope, bool) {
	s, ok := standardScopes[name]
	return s, ok
}

// Describe puts scope names in words: the listing's own words first, then
// the standard ones; an unknown name stands for itself.
func (l Listing) Describe(names []string) []Scope {
	out := make([]Scope, 0, len(names))
	for _, name := range names {
		out = append(out, l.describe(name))
	}
	return out
}

func (l Listing) describe(name string) Scope {
	for _, s := range l.Scopes {
		if s.Name == name {
			return s
		}
	}
	if s, ok := StandardScope(name); ok {
		return s
	}
	return Scope{Name: name, Description: name}
}

// consentScopes are what the consent page will show: the listing's scopes
// and, for the sandbox, offline_access, which it always grants (Marketdesk
// keeps installations working with refresh tokens).
func consentScopes(l Listing) []Scope {
	out := append([]Scope{}, l.Scopes...)
	if l.OAuth.Sandbox && !l.asks("offline_access") {
		s, _ := StandardScope("offline_access")
		out = append(out, s)
	}
	return out
}

func (l Listing) asks(name string) bool {
	for _, s := range l.Scopes {
		if s.Name == name {
			return true
		}
	}
	return false
}
