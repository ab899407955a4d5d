package auth

import (
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/server/config"
	"marketdesk/server/identity"
)

func TestDecideRoles(t *testing.T) {
	c := config.Defaults().Auth
	refuse := c
	refuse.Unmapped = config.UnmappedRefuse
	owner, admin, member := &grant{identity.Owner, true}, &grant{identity.Admin, true}, &grant{identity.Member, false}
	for _, tc := range []struct {
		name     string
		cfg      config.Auth
		groups   []string
		existing *grant
		first    bool
		want     grant
		refused  bool
	}{
		{"first person", c, nil, nil, true, grant{identity.Owner, true}, false},
		{"first person, not configured", func() config.Auth { x := c; x.FirstUserOwner = false; return x }(), nil, nil, true, grant{identity.Member, false}, false},
		{"owner group", c, []string{"marketdesk-owners"}, nil, false, grant{identity.Owner, true}, false},
		{"admin group", c, []string{"x", "marketdesk-admins"}, nil, false, grant{identity.Admin, false}, false},
		{"admin and manager groups", c, []string{"marketdesk-admins", "marketdesk-managers"}, nil, false, grant{identity.Admin, true}, false},
		{"manager group alone does not make an admin", c, []string{"marketdesk-managers"}, nil, false, grant{identity.Member, false}, false},
		{"no group, new", c, []string{"staff"}, nil, false, grant{identity.Member, false}, false},
		{"no group, known admin keeps the server's role", c, nil, admin, false, *admin, false},
		{"group demotes an admin", c, []string{"marketdesk-managers"}, admin, false, grant{identity.Member, false}, false},
		{"group promotes a member", c, []string{"marketdesk-admins"}, member, false, grant{identity.Admin, false}, false},
		{"groups never demote an owner", c, []string{"marketdesk-admins"}, owner, false, *owner, false},
		{"refuse: new person in no group", refuse, []string{"staff"}, nil, false, grant{}, true},
		{"refuse: known admin who left the groups", refuse, nil, admin, false, grant{}, true},
		{"refuse: the owner still signs in", refuse, nil, owner, false, *owner, false},
		{"refuse: the first person, made owner", refuse, nil, nil, true, grant{identity.Owner, true}, false},
	} {
		got, err := decide(tc.cfg, tc.groups, tc.existing, tc.first)
		if tc.refused {
			if apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("%s: %v %+v, want refused", tc.name, err, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v %v, want %+v", tc.name, got, err, tc.want)
		}
	}
}

func TestLoopbackRedirect(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://127.0.0.1:49152/callback":   true,
		"http://[::1]:8080/oauth/cb?x=1":    true,
		"http://127.0.0.1:1/":               true,
		"http://127.0.0.1/callback":         false,
		"http://127.0.0.1:/callback":        false,
		"http://127.0.0.1:80":               false,
		"http://localhost:8080/callback":    false,
		"https://127.0.0.1:8080/callback":   false,
		"http://127.0.0.2:8080/callback":    false,
		"http://127.0.0.1.evil:8080/cb":     false,
		"http://u:p@127.0.0.1:8080/cb":      false,
		"http://127.0.0.1:8080/cb#frag":     false,
		"http://[::ffff:127.0.0.1]:8080/cb": false,
		"marketdesk:/callback":              false,
		"":                                  false,
	} {
		if _, got := loopbackRedirect(raw); got != want {
			t.Errorf("%q: %v, want %v", raw, got, want)
		}
	}
}

func TestPKCE(t *testing.T) {
	v := "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // RFC 7636 appendix B
	if c := s256(v); c != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Fatalf("s256 = %s", c)
	}
	if !verifierMatches(v, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") || verifierMatches(v+"x", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") {
		t.Error("verifierMatches")
	}
	if verifierMatches("short", s256("short")) {
		t.Error("a verifier shorter than 43 characters matched")
	}
}
