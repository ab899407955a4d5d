package sandbox

import (
	"errors"
	"sync"
	"time"

	"marketdesk/app/oauthflow"
	"marketdesk/db/store"
)

// The sandbox issues codes only for flows Marketdesk started. Its consent
// page acts for the signed-in user without a login, so without this any
// local process (another OS user included) could send an authorization
// request with its own redirect port and verifier, click Allow, and walk
// away with the user's tokens. Before opening the browser, the installer
// announces the flow (ExpectFlow: client, loopback redirect, state, PKCE
// challenge); /authorize refuses a request that does not match an announced
// flow, and the consent page and its POST refuse a request whose flow has
// ended. A flow is spent by the first decision (Allow or Deny) and forgotten
// when Marketdesk stops waiting or it expires. Flows live in memory: after a
// restart no old request can be consented to.

type expectedFlow struct {
	clientID, redirectURI, state, challenge string
}

type flowEntry struct {
	expires time.Time
	spent   bool
}

type flows struct {
	now func() time.Time
	mu  sync.Mutex
	m   map[expectedFlow]*flowEntry
}

var errFlowNotExpected = errors.New("sandbox: this sign-in was not started by Marketdesk")

// ExpectFlow registers a flow Marketdesk is about to open in the browser;
// release forgets it (the flow ended). A flow without a PKCE challenge or a
// state is not registered: the sandbox requires both.
func (s *Server) ExpectFlow(f oauthflow.Started) (release func(), err error) {
	if f.CodeChallenge == "" || f.State == "" || f.ClientID == "" || f.RedirectURI == "" {
		return nil, errors.New("sandbox: a flow needs a client, a redirect, a state and a PKCE challenge")
	}
	return s.flows.add(expectedFlow{clientID: f.ClientID, redirectURI: f.RedirectURI, state: f.State, challenge: f.CodeChallenge}, f.Expires), nil
}

func (fl *flows) add(key expectedFlow, expires time.Time) (release func()) {
	now := fl.now()
	if expires.IsZero() || expires.After(now.Add(authRequestTTL)) {
		expires = now.Add(authRequestTTL)
	}
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.m == nil {
		fl.m = map[expectedFlow]*flowEntry{}
	}
	for k, e := range fl.m {
		if !now.Before(e.expires) {
			delete(fl.m, k)
		}
	}
	entry := &flowEntry{expires: expires}
	fl.m[key] = entry
	return func() {
		fl.mu.Lock()
		defer fl.mu.Unlock()
		if fl.m[key] == entry {
			delete(fl.m, key)
		}
	}
}

// expected says whether a flow is announced, unspent and unexpired.
func (fl *flows) expected(key expectedFlow) bool {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	e := fl.m[key]
	return e != nil && !e.spent && fl.now().Before(e.expires)
}

// spend marks a flow decided; it reports false when it was not expected
// (ended, expired or decided already), so one flow yields one decision.
func (fl *flows) spend(key expectedFlow) bool {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	e := fl.m[key]
	if e == nil || e.spent || !fl.now().Before(e.expires) {
		return false
	}
	e.spent = true
	return true
}

// flowOf is the announced flow an authorization request belongs to.
func flowOf(row store.SandboxAuthRequest) expectedFlow {
	return expectedFlow{clientID: row.ClientID, redirectURI: row.RedirectUri, state: row.State, challenge: row.CodeChallenge}
}
