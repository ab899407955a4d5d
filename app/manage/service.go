package manage

import (
	"context"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/audit"
	"marketdesk/app/oauthflow"
	"marketdesk/app/sandbox"
)

// ChangedEvent tells the window an installation changed (configured, removed)
// or an outbox message was delivered.
const ChangedEvent = "installations:changed"

// Service is Manage as the UI sees it (bound to Wails).
type Service struct {
	m        *Manager
	outbox   *Outbox
	accounts *account.Store
	opener   oauthflow.Opener
	emit     func(string, any)
	appCtx   context.Context
	// Me, when set, is who acts (organization mode: the local stand-in of
	// the SSO identity, app/orgmode); nil: the account's signed-in user.
	Me func(context.Context) (account.User, error)
}

// NewService returns the bound manage service.
func NewService(appCtx context.Context, m *Manager, outbox *Outbox, accounts *account.Store, opener oauthflow.Opener, emit func(string, any)) *Service {
	return &Service{m: m, outbox: outbox, accounts: accounts, opener: opener, emit: emit, appCtx: appCtx}
}

func as[T any](s *Service, changed bool, fn func(context.Context, account.User) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 30*time.Second)
	defer cancel()
	var zero T
	current := s.accounts.Current
	if s.Me != nil {
		current = s.Me
	}
	me, err := current(ctx)
	if err != nil {
		return zero, err
	}
	out, err := fn(ctx, me)
	if err == nil && changed {
		s.emit(ChangedEvent, nil)
	}
	return out, err
}

// Configuration is the installation's configuration form and values.
func (s *Service) Configuration(installationID int64) (State, error) {
	return as(s, false, func(c context.Context, me account.User) (State, error) {
		return s.m.Configuration(c, me, installationID)
	})
}

// SaveConfiguration validates and saves the form; refused fields come back in State.Errors.
func (s *Service) SaveConfiguration(installationID int64, values map[string]any) (State, error) {
	return as(s, true, func(c context.Context, me account.User) (State, error) {
		return s.m.Save(c, me, installationID, values)
	})
}

// OpenConfigurationPage opens the app's own configuration page in the system browser.
func (s *Service) OpenConfigurationPage(installationID int64) error {
	_, err := as(s, false, func(c context.Context, me account.User) (struct{}, error) {
		st, err := s.m.Configuration(c, me, installationID)
		if err != nil || st.ExternalURL == "" {
			return struct{}{}, err
		}
		return struct{}{}, s.opener.Open(st.ExternalURL)
	})
	return err
}

// FinishExternal is "I've finished configuring".
func (s *Service) FinishExternal(installationID int64) (State, error) {
	return as(s, true, func(c context.Context, me account.User) (State, error) {
		return s.m.FinishExternal(c, me, installationID)
	})
}

// Remove deauthorizes the app; retainData lets the developer keep the data.
func (s *Service) Remove(installationID int64, retainData bool) error {
	_, err := as(s, true, func(c context.Context, me account.User) (struct{}, error) {
		err := s.m.Remove(c, me, installationID, retainData)
		s.outbox.Wake()
		return struct{}{}, err
	})
	return err
}

// History is the app's part of the audit log, newest first: all of it for
// marketplace managers, the events of their own installation for anyone else.
func (s *Service) History(listingID string) ([]audit.Entry, error) {
	return as(s, false, func(c context.Context, me account.User) ([]audit.Entry, error) {
		return audit.History(c, s.m.db, listingID, audit.Viewer{UserID: me.ID, Manager: me.Manager}, 100)
	})
}

// Outbox lists pending, failed and lately delivered notices.
func (s *Service) Outbox() ([]Message, error) {
	return as(s, false, func(c context.Context, me account.User) ([]Message, error) {
		// The outbox holds every user's removals: for the people who run the marketplace.
		if err := account.RequireManager(me, "see the developer notices"); err != nil {
			return nil, err
		}
		return s.outbox.Messages(c)
	})
}

// RetryMessage puts a notice that gave up back in the queue.
func (s *Service) RetryMessage(id string) error {
	_, err := as(s, true, func(c context.Context, me account.User) (struct{}, error) { return struct{}{}, s.outbox.Retry(c, id) })
	return err
}

// DeveloperNotices lists what the sandbox received as the embedded apps' developer.
func (s *Service) DeveloperNotices() ([]sandbox.ReceivedNotice, error) {
	return as(s, false, func(c context.Context, me account.User) ([]sandbox.ReceivedNotice, error) {
		if err := account.RequireManager(me, "see the developer notices"); err != nil {
			return nil, err
		}
		return sandbox.Notices(c, s.m.db)
	})
}
