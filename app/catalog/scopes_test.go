package catalog

import "testing"

// The review shows every scope the sandbox's consent page will: the
// listing's and offline_access, in words; a real server's listing shows its own.
func TestConsentScopesAndWords(t *testing.T) {
	own := Scope{Name: "notes:read", Description: "Read your notes", Sensitive: true}
	sandboxed := Listing{Scopes: []Scope{own}, OAuth: OAuthClient{Sandbox: true}}
	got := consentScopes(sandboxed)
	if len(got) != 2 || got[0] != own || got[1].Name != "offline_access" || got[1].Description == "offline_access" || !got[1].Sensitive {
		t.Fatalf("sandbox consent scopes: %+v", got)
	}
	if got := consentScopes(Listing{Scopes: []Scope{own}}); len(got) != 1 {
		t.Fatalf("a real server's consent scopes: %+v", got)
	}
	words := sandboxed.Describe([]string{"notes:read", "offline_access", "email", "x:y"})
	want := []string{"Read your notes", "Keep this access when you are not using the app, until you remove it", "See your email address", "x:y"}
	for i, w := range want {
		if words[i].Description != w {
			t.Errorf("Describe[%d] = %q, want %q", i, words[i].Description, w)
		}
	}
}
