package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"
)

// Another local process drives the sandbox's consent page with its own
// redirect port and verifier: the request was never announced by
// Marketdesk, so it is refused on a page (not redirected), no request is
// stored, and no code is issued.
func TestSandboxRefusesAFlowMarketdeskDidNotStart(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")
	rogue := f.browser()
	rogue.rogue = true
	sent := rogue.get(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	if sent.location != nil || sent.status != http.StatusBadRequest || !strings.Contains(sent.body, "not started by Marketdesk") {
		t.Fatalf("rogue authorization: %d %v %q", sent.status, sent.location, sent.body)
	}
	var n int
	if err := f.db.Reader.QueryRow("SELECT count(*) FROM sandbox_auth_requests").Scan(&n); err != nil || n != 0 {
		t.Fatalf("stored requests: %d %v", n, err)
	}
}

// An announced flow does not let another request through: the state, the
// PKCE challenge, the client and the redirect (its port) must all match.
func TestSandboxRequestMustMatchTheAnnouncedFlow(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")
	verifier := oauth2.GenerateVerifier()
	f.announce(cfg.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)))
	other := f.oauthConfig(notes, "meeting:read")
	other.RedirectURL = "http://127.0.0.1:40000/callback"
	for name, u := range map[string]string{
		"other state":    cfg.AuthCodeURL("state-2", oauth2.S256ChallengeOption(verifier)),
		"other verifier": cfg.AuthCodeURL("state-1", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())),
		"other port":     other.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)),
		"other app":      f.oauthConfig(calendar).AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)),
	} {
		rogue := f.browser()
		rogue.rogue = true
		if sent := rogue.get(u); sent.status != http.StatusBadRequest || sent.location != nil {
			t.Errorf("%s: %d %v", name, sent.status, sent.location)
		}
	}
}

// One flow, one decision: after Allow, the same authorization URL (a second
// tab, or a process that read it) gets nothing more.
func TestSandboxFlowIsDecidedOnce(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")
	u := cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	b := f.browser()
	b.rogue = true // announced once, below
	f.announce(u)
	first, second := b.get(u), f.browser()
	second.rogue = true
	secondPage := second.get(u) // the same flow, opened again before the decision
	if sent := b.submit(first, "allow"); sent.location == nil || sent.location.Query().Get("code") == "" {
		t.Fatalf("allow: %d %s", sent.status, sent.body)
	}
	if sent := second.submit(secondPage, "allow"); sent.location != nil || sent.status != http.StatusBadRequest {
		t.Fatalf("second decision of the same flow: %d %v", sent.status, sent.location)
	}
	again := f.browser()
	again.rogue = true
	if sent := again.get(u); sent.status != http.StatusBadRequest || sent.location != nil {
		t.Fatalf("the spent flow's URL again: %d %v", sent.status, sent.location)
	}
}

// When Marketdesk stops waiting (cancelled, timed out), the consent page
// of its flow, still open in the browser, can no longer issue a code.
func TestSandboxConsentRefusedOnceTheFlowEnded(t *testing.T) {
	f := setup(t)
	cfg := f.oauthConfig(notes, "meeting:read")
	u := cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	release := f.announce(u)
	b := f.browser()
	b.rogue = true
	page := b.get(u)
	if page.status != http.StatusOK {
		t.Fatalf("consent page: %d", page.status)
	}
	release()
	if sent := b.submit(page, "allow"); sent.location != nil || sent.status != http.StatusBadRequest {
		t.Fatalf("allow after the flow ended: %d %v", sent.status, sent.location)
	}
}
