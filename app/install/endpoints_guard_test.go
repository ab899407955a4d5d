package install

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"marketdesk/app/apperr"
	"marketdesk/app/netguard/netguardtest"
	"marketdesk/app/oauthflow"
	"marketdesk/app/oauthflow/hostileas"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
)

// countingOpener is the system browser double: it counts what it was asked
// to open and walks the flow like hostileas.Browser.
type countingOpener struct {
	opened atomic.Int32
	next   oauthflow.Opener
}

func (o *countingOpener) Open(authURL string) error {
	o.opened.Add(1)
	return o.next.Open(authURL)
}

// A listing's authorization server publishes an unsafe endpoint in its
// discovery document (hostileas's Metadata): Prepare refuses it with a
// typed error naming the field, before anything is recorded, opened or
// sent; no keychain item exists; and an honest install of another listing
// works right after.
func TestHostileServerUnsafeEndpointsInstallNothing(t *testing.T) {
	var cleartextHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { cleartextHits.Add(1) }))
	defer plain.Close()
	cases := []struct {
		name, field string
		metadata    map[string]any
	}{
		{"argument-like authorization endpoint", "authorization_endpoint", map[string]any{"authorization_endpoint": "--renderer-cmd-prefix=/bin/sh"}},
		{"file authorization endpoint", "authorization_endpoint", map[string]any{"authorization_endpoint": "file:///etc/passwd"}},
		{"smb authorization endpoint", "authorization_endpoint", map[string]any{"authorization_endpoint": "smb://attacker.example/share"}},
		{"plain http token endpoint", "token_endpoint", map[string]any{"token_endpoint": plain.URL + "/token"}},
		{"plain http revocation endpoint", "revocation_endpoint", map[string]any{"revocation_endpoint": plain.URL + "/revoke"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			as := hostileas.New(t, hostileas.Options{Metadata: c.metadata})
			f := hostile(t, as)
			// The guarded client of the app: 127.0.0.1 plays the internet.
			f.installer.client = netguardtest.Guard(f.sandbox.Issuer, netguardtest.LoopbackIsPublic, nil, as.Server).Client()
			opener := &countingOpener{next: hostileas.NewBrowser(as)}

			p, err := f.installer.Prepare(f.ctx, f.m, "evil")
			if err == nil {
				f.installer.Authorize(f.ctx, p, opener, nil)
			}
			var refused *oauthflow.EndpointError
			if !errors.As(err, &refused) || refused.Field != c.field || !strings.Contains(err.Error(), "unsafe "+c.field) {
				t.Fatalf("Prepare = %v, want an unsafe %s refused", err, c.field)
			}
			if apperr.CodeOf(err) != apperr.Invalid { // retrying will not help: not "unavailable"
				t.Fatalf("code %s, want %s", apperr.CodeOf(err), apperr.Invalid)
			}
			if opener.opened.Load() != 0 || as.Authorizations() != 0 {
				t.Fatalf("the browser was opened %d time(s)", opener.opened.Load())
			}
			if got := f.statuses(t); got != "" {
				t.Fatalf("installations recorded: %s", got)
			}
			if _, err := f.vault.Get(f.ctx, tokenKey(1)); !errors.Is(err, vault.ErrNotFound) {
				t.Fatalf("a keychain item exists: %v", err)
			}
			if _, err := f.install(t, "member", "notes", &sandboxtest.Browser{Decision: "allow"}); err != nil {
				t.Fatalf("an honest install after the refused one: %v", err)
			}
			if got := f.statuses(t); got != "notes:"+StatusActive {
				t.Fatalf("installations = %s", got)
			}
		})
	}
	if cleartextHits.Load() != 0 {
		t.Fatalf("the cleartext endpoint received %d request(s)", cleartextHits.Load())
	}
}

// An authorization server that does not answer is "unavailable" (try again
// later), unlike a refused one.
func TestUnreachableAuthorizationServerIsUnavailable(t *testing.T) {
	as := hostileas.New(t, hostileas.Options{})
	f := hostile(t, as)
	as.Close()
	_, err := f.installer.Prepare(f.ctx, f.m, "evil")
	if apperr.CodeOf(err) != apperr.Unavailable || !strings.Contains(err.Error(), "did not answer") {
		t.Fatalf("Prepare = %v (%s), want unavailable", err, apperr.CodeOf(err))
	}
	if got := f.statuses(t); got != "" {
		t.Fatalf("installations recorded: %s", got)
	}
}
