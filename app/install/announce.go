package install

import (
	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/oauthflow"
)

// flowAnnouncer is a Resolver that tells the built-in sandbox which flows
// Marketdesk starts: the sandbox issues codes for those only (a local
// process cannot drive its consent page for itself).
type flowAnnouncer interface {
	AnnounceFlow(oauthflow.Started) (release func(), err error)
}

// announcer is the Announce hook of a flow for l: the sandbox's, for sandbox
// listings; nil for the others (real servers authenticate the person).
func (in *Installer) announcer(l catalog.Listing) func(oauthflow.Started) (func(), error) {
	a, ok := in.resolver.(flowAnnouncer)
	if !ok || !l.OAuth.Sandbox {
		return nil
	}
	return a.AnnounceFlow
}

// AnnounceFlow registers a flow with the running sandbox (Expect); without
// Expect the sandbox would refuse the flow, so that is an error.
func (r SandboxResolver) AnnounceFlow(f oauthflow.Started) (func(), error) {
	if r.Expect == nil {
		return nil, errNoSandbox
	}
	return r.Expect(f)
}

var errNoSandbox = apperr.New(apperr.Unavailable, "the built-in sandbox server is not running")
