package catalog

import (
	"context"
	"time"

	"marketdesk/app/account"
)

// Service is the catalog as the UI sees it (bound to Wails).
type Service struct {
	searcher *Searcher
	syncer   *Syncer
	appCtx   context.Context // canceled when the app quits, so background syncs stop
	accounts *account.Store
}

// NewService returns the bound catalog service.
func NewService(appCtx context.Context, searcher *Searcher, syncer *Syncer, accounts *account.Store) *Service {
	return &Service{searcher: searcher, syncer: syncer, appCtx: appCtx, accounts: accounts}
}

// signedIn is the id of the signed-in user (0 before the account exists).
func (s *Service) signedIn(ctx context.Context) int64 {
	me, _ := s.accounts.Current(ctx)
	return me.ID
}

func (s *Service) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.appCtx, 10*time.Second)
}

// Home is the Discover page: categories, popular and recently updated apps.
func (s *Service) Home() (Home, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.searcher.Home(ctx)
}

// Search finds apps by text, category and type, sorted as asked.
func (s *Service) Search(q Query) (Results, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.searcher.Search(ctx, q, s.signedIn(ctx))
}

// Listing is one app's detail page.
func (s *Service) Listing(id string) (Listing, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.searcher.Listing(ctx, id)
}

// Sources lists where listings come from.
func (s *Service) Sources() ([]Source, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.syncer.Sources(ctx)
}

// AddSource adds a feed URL or file and imports it; the result counts what
// was imported and names every entry that was skipped, and why. Managers only.
func (s *Service) AddSource(location string) (SourceResult, error) {
	ctx, cancel := context.WithTimeout(s.appCtx, 2*time.Minute)
	defer cancel()
	me, err := s.accounts.Current(ctx)
	if err != nil {
		return SourceResult{}, err
	}
	return s.syncer.AddSource(ctx, me, location)
}

// RemoveSource removes a feed and its listings. Managers only.
func (s *Service) RemoveSource(id int64) error {
	ctx, cancel := s.ctx()
	defer cancel()
	me, err := s.accounts.Current(ctx)
	if err != nil {
		return err
	}
	return s.syncer.RemoveSource(ctx, me, id)
}

// SetSourceTrusted marks a source trusted (its developers show as verified)
// or not. Managers only.
func (s *Service) SetSourceTrusted(id int64, trusted bool) (Source, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	me, err := s.accounts.Current(ctx)
	if err != nil {
		return Source{}, err
	}
	return s.syncer.SetTrusted(ctx, me, id, trusted)
}

// SyncNow starts a sync of every source in the background; progress and the
// result arrive as "catalog:sync" events and through Status.
func (s *Service) SyncNow() (SyncStatus, error) {
	s.syncer.Start(s.appCtx)
	return s.syncer.Status(s.appCtx), nil
}

// Status is the sync state for the status area.
func (s *Service) Status() (SyncStatus, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	return s.syncer.Status(ctx), nil
}
