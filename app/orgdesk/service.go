// Package orgdesk is the organization connection as the desktop window
// sees it (issue 12): Settings → Organization and the first-run screen
// call it, and while this desktop is connected it runs the one event
// stream (org.Listen) for the app's life and passes what arrives on to the
// window as Wails events.
package orgdesk

import (
	"context"
	"sync"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/org"
)

// Events emitted to the window.
const (
	EventName     = "org:event"   // Event: something changed at the organization
	StatusEvent   = "org:status"  // Status: live, offline or signed out
	ResetEvent    = "org:reset"   // the stream could not replay what was missed: refetch everything
	ProgressEvent = "org:connect" // Progress of a sign-in
)

// Phases of a sign-in.
const (
	PhaseChecking = "checking" // asking the server whether it is one
	PhaseWaiting  = "waiting"  // for the person to sign in in the browser
)

// Progress is one step of OrgConnect.
type Progress struct {
	Phase   string `json:"phase"`
	AuthURL string `json:"authUrl"` // for "Copy link" when the browser did not open
}

// Event is one change at the organization, as the window receives it.
type Event struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Data any    `json:"data"`
}

// Service is bound to the window.
type Service struct {
	org      *org.Service
	appCtx   context.Context
	emit     func(string, any)
	notifier Notifier
	// Now formats "offline since" for people (default time.Now).
	Now func() time.Time
	// CatalogChanged syncs the catalog, so it holds the organization's
	// merged feed: after a sign-in and when the server says the feed
	// changed (catalog.changed). Nil: nothing.
	CatalogChanged func()

	mu         sync.Mutex
	connecting context.CancelFunc // the sign-in waiting in the browser, if any
	listening  context.CancelFunc // the event stream, if running
	lastState  string
	me         org.Me
}

// NewService returns the bound service; Start begins listening.
func NewService(appCtx context.Context, svc *org.Service, emit func(string, any), n Notifier) *Service {
	return &Service{org: svc, appCtx: appCtx, emit: emit, notifier: n, Now: time.Now}
}

// Start follows the organization's events when this desktop is connected
// (at start-up; OrgConnect starts it after a sign-in). A function, not a
// method, so the window cannot call it.
func Start(s *Service) {
	ctx, cancel := context.WithTimeout(s.appCtx, 20*time.Second)
	defer cancel()
	if s.org.Server(ctx) != "" {
		s.listen()
	}
}

// OrgStatus says how the connection stands; offline and signed out are
// states, not errors.
func (s *Service) OrgStatus() (Status, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 20*time.Second)
	defer cancel()
	st, err := s.org.Status(ctx)
	if err != nil {
		return Status{}, err
	}
	out := statusOf(st)
	s.mu.Lock()
	s.lastState = out.State
	if st.Me != nil {
		s.me = *st.Me
	}
	s.mu.Unlock()
	return out, nil
}

// OrgConnect signs in to the organization server at url: the sign-in opens
// in the system browser and this call waits for it (OrgCancelConnect ends
// the wait). Progress arrives as "org:connect" events. It returns the new
// status, and the event stream starts.
func (s *Service) OrgConnect(url string) (Status, error) {
	ctx, cancel := context.WithCancel(s.appCtx)
	s.mu.Lock()
	if s.connecting != nil {
		s.mu.Unlock()
		cancel()
		return Status{}, apperr.New(apperr.Conflict, "a sign-in is already waiting in your browser; finish or cancel it first")
	}
	s.connecting = cancel
	s.mu.Unlock()
	defer func() {
		cancel()
		s.mu.Lock()
		s.connecting = nil
		s.mu.Unlock()
	}()
	s.emit(ProgressEvent, Progress{Phase: PhaseChecking})
	waiting := func(authURL string) { s.emit(ProgressEvent, Progress{Phase: PhaseWaiting, AuthURL: authURL}) }
	if _, err := s.org.Connect(ctx, url, org.ConnectOptions{Waiting: waiting}); err != nil {
		return Status{}, err
	}
	st, err := s.OrgStatus()
	if err != nil {
		return Status{}, err
	}
	s.stopListening() // a sign-in again replaces a stream that ended signed out
	s.listen()
	s.emit(StatusEvent, st)
	s.catalogChanged()
	return st, nil
}

func (s *Service) catalogChanged() {
	if s.CatalogChanged != nil {
		s.CatalogChanged()
	}
}

// OrgCancelConnect ends a sign-in waiting in the browser; nothing is saved.
func (s *Service) OrgCancelConnect() error {
	s.mu.Lock()
	cancel := s.connecting
	s.mu.Unlock()
	if cancel == nil {
		return apperr.New(apperr.NotFound, "no sign-in is waiting")
	}
	cancel()
	return nil
}

// OrgDisconnect signs this desktop out of its organization and stops the
// event stream. It reports whether the server heard of it (offline, the
// sign-in ends when its refresh token expires).
func (s *Service) OrgDisconnect() (bool, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 30*time.Second)
	defer cancel()
	s.stopListening()
	revoked, err := s.org.Disconnect(ctx)
	if err != nil {
		return revoked, err
	}
	if st, err := s.OrgStatus(); err == nil {
		s.emit(StatusEvent, st)
	}
	return revoked, nil
}
