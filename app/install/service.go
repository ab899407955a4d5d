package install

import (
	"context"
	"errors"
	"sync"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/oauthflow"
)

// ProgressEvent carries Progress while an install runs.
const ProgressEvent = "install:progress"

// Phases of an install as the UI shows them.
const (
	PhaseWaiting   = "waiting" // for the person to allow access in the browser
	PhaseDone      = "done"
	PhaseDeclined  = "declined"
	PhaseCancelled = "cancelled"
	PhaseFailed    = "failed"
)

// Progress is one step of an install.
type Progress struct {
	InstallationID int64  `json:"installationId"`
	ListingID      string `json:"listingId"`
	Phase          string `json:"phase"`
	AuthURL        string `json:"authUrl"` // for "Open again" and "Copy link"
	Status         string `json:"status"`  // the installation's status once done
	Message        string `json:"message"`
}

// Service is installing as the UI sees it (bound to Wails).
type Service struct {
	in       *Installer
	accounts *account.Store
	opener   oauthflow.Opener
	emit     func(string, any)
	appCtx   context.Context
	// Focus brings the window to the front once the browser step is over.
	Focus func()
	// Me, when set, is who acts (organization mode: the local stand-in of
	// the SSO identity, app/orgmode); nil: the account's signed-in user.
	Me func(context.Context) (account.User, error)

	mu      sync.Mutex
	running map[int64]*attempt
}

type attempt struct {
	cancel  context.CancelFunc
	authURL string
}

// NewService returns the bound install service.
func NewService(appCtx context.Context, in *Installer, accounts *account.Store, opener oauthflow.Opener, emit func(string, any)) *Service {
	return &Service{in: in, accounts: accounts, opener: opener, emit: emit, appCtx: appCtx, running: map[int64]*attempt{}}
}

// Begin checks everything, then opens the consent in the system browser and
// returns; the outcome arrives as "install:progress" events.
func (s *Service) Begin(listingID string) (Progress, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 30*time.Second)
	defer cancel()
	me, err := s.current(ctx)
	if err != nil {
		return Progress{}, err
	}
	p, err := s.in.Prepare(ctx, me, listingID)
	if err != nil {
		return Progress{}, err
	}
	return s.start(p), nil
}

// start runs the browser step in the background.
func (s *Service) start(p Prepared) Progress {
	runCtx, stop := context.WithCancel(s.appCtx)
	a := &attempt{cancel: stop}
	s.mu.Lock()
	if old := s.running[p.InstallationID]; old != nil {
		old.cancel() // a reconnect asked again replaces the one waiting
	}
	s.running[p.InstallationID] = a
	s.mu.Unlock()
	go s.authorize(runCtx, p, a)
	return Progress{InstallationID: p.InstallationID, ListingID: p.Listing.ID, Phase: PhaseWaiting}
}

func (s *Service) authorize(ctx context.Context, p Prepared, a *attempt) {
	defer func() {
		a.cancel()
		s.mu.Lock()
		if s.running[p.InstallationID] == a {
			delete(s.running, p.InstallationID)
		}
		s.mu.Unlock()
	}()
	waiting := func(authURL string) {
		s.mu.Lock()
		a.authURL = authURL
		s.mu.Unlock()
		s.emit(ProgressEvent, Progress{InstallationID: p.InstallationID, ListingID: p.Listing.ID, Phase: PhaseWaiting, AuthURL: authURL})
	}
	inst, err := s.in.Authorize(ctx, p, s.opener, waiting)
	out := Progress{InstallationID: p.InstallationID, ListingID: p.Listing.ID, Phase: PhaseDone, Status: inst.Status}
	switch {
	case errors.Is(err, oauthflow.ErrDeclined):
		out.Phase, out.Message = PhaseDeclined, err.Error()
	case errors.Is(err, oauthflow.ErrCancelled):
		out.Phase, out.Message = PhaseCancelled, err.Error()
	case err != nil:
		out.Phase, out.Message = PhaseFailed, err.Error()
	}
	if s.Focus != nil {
		s.Focus()
	}
	s.emit(ProgressEvent, out)
}

// Cancel stops a waiting install; nothing is installed.
func (s *Service) Cancel(installationID int64) error {
	s.mu.Lock()
	a := s.running[installationID]
	s.mu.Unlock()
	if a == nil {
		return apperr.New(apperr.NotFound, "no installation %d is waiting", installationID)
	}
	a.cancel()
	return nil
}

// OpenAgain opens the consent page in the browser once more.
func (s *Service) OpenAgain(installationID int64) error {
	s.mu.Lock()
	a := s.running[installationID]
	s.mu.Unlock()
	if a == nil || a.authURL == "" {
		return apperr.New(apperr.NotFound, "no installation %d is waiting", installationID)
	}
	return s.opener.Open(a.authURL)
}

// Installed lists the signed-in user's apps and the account's.
func (s *Service) Installed() ([]Installation, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 10*time.Second)
	defer cancel()
	me, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return s.in.Installed(ctx, me)
}

// For returns the signed-in user's live installation of an app (theirs or
// the account's), or nil when it is not installed.
func (s *Service) For(listingID string) (*Installation, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 10*time.Second)
	defer cancel()
	me, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return s.in.For(ctx, me, listingID)
}

// Reconnect reruns the consent for an installation (after a refused refresh,
// or to grant newly requested permissions); progress arrives as events.
func (s *Service) Reconnect(installationID int64) (Progress, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 30*time.Second)
	defer cancel()
	me, err := s.current(ctx)
	if err != nil {
		return Progress{}, err
	}
	p, err := s.in.PrepareReconnect(ctx, me, installationID)
	if err != nil {
		return Progress{}, err
	}
	return s.start(p), nil
}

// current is who acts: Me when set, else the account's signed-in user.
func (s *Service) current(ctx context.Context) (account.User, error) {
	if s.Me != nil {
		return s.Me(ctx)
	}
	return s.accounts.Current(ctx)
}
