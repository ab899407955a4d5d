package orgdesk_test

// The real organization server (sign-in, policy routes, event stream)
// federated to server/devidp on loopback, and a browser that signs in: the
// shared parts in server/servertest, trimmed to what the window's service
// needs.

import (
	"net/http/httptest"
	"testing"

	"marketdesk/app/org"
	serverdb "marketdesk/server/db"
	"marketdesk/server/devidp"
	"marketdesk/server/events"
	"marketdesk/server/servertest"
)

type orgServer struct {
	*servertest.Org
	url   string
	db    *serverdb.DB
	srv   *httptest.Server
	clock *servertest.Clock
}

func startOrg(t *testing.T) *orgServer {
	t.Helper()
	// Short stream lifetime (Stream): the server ends streams often (as a
	// restart would), so a stopped server shows within a second.
	o := servertest.Start(t, servertest.Options{Clock: true, Stream: true,
		Users: []devidp.User{{Subject: "max", Email: "max@example.org", Name: "Max Member", Groups: []string{"staff"}, Password: "max-pw"}}})
	return &orgServer{Org: o, url: o.URL, db: o.DB, srv: o.Server, clock: o.Clock}
}

// publish records an event for the whole account, as a route would.
func (o *orgServer) publish(t *testing.T, kind events.Kind, data any) {
	t.Helper()
	o.Publish(t, kind, data)
}

// refresh presents the desktop's refresh token as another holder would.
func (o *orgServer) refresh(t *testing.T, token string) int {
	t.Helper()
	return o.Refresh(t, org.ClientID, token)
}

// browser does the system browser's part of a sign-in (servertest.Browser).
// With hold set it opens nothing, as a person who never signs in.
type browser struct {
	user, password string
	hold           bool
	opened         chan string
}

func (b *browser) Open(start string) error {
	b.opened <- start
	if b.hold {
		return nil
	}
	return servertest.Browser{User: b.user, Password: b.password}.Open(start)
}
