package catalog

import (
	"context"
	"database/sql"
	"errors"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/db/store"
)

// Sources decide what the whole account sees, so only marketplace managers
// add, remove and trust them, and every change is in the audit log, written
// in the same transaction as the change (DESIGN.md rule 7).

// Sources lists the catalog sources.
func (s *Syncer) Sources(ctx context.Context) ([]Source, error) {
	rows, err := store.New(s.db.Reader).ListSources(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Source, 0, len(rows))
	for _, r := range rows {
		name := r.Name
		if r.Kind == KindEmbedded && name == "" {
			name = "Embedded catalog"
		}
		out = append(out, Source{
			ID: r.ID, Kind: r.Kind, Location: r.Location, Name: name, ListingCount: r.ListingCount,
			LastSyncAt: r.LastSyncAt, LastSuccessAt: r.LastSuccessAt, LastError: r.LastError,
			Trusted: r.Kind == KindEmbedded || r.Trusted != 0,
		})
	}
	return out, nil
}

// AddSource registers a feed URL or file and syncs it at once, atomically:
// the source, its audit entry and its listings are written in one
// transaction, so the source appears only when its first sync committed. A
// feed that cannot be read at all, or an add that is stopped or killed,
// leaves nothing behind but (when it could) one audit entry
// catalog.source_add_failed. Managers only.
func (s *Syncer) AddSource(ctx context.Context, actor account.User, input string) (SourceResult, error) {
	if err := account.RequireManager(actor, "add catalog sources"); err != nil {
		return SourceResult{}, err
	}
	if err := s.refusePersonal(ctx); err != nil {
		return SourceResult{}, err
	}
	kind, location, err := NormalizeLocation(input)
	if err != nil {
		return SourceResult{}, apperr.Wrap(apperr.Invalid, err, "%s", err.Error())
	}
	if err := refuseKnown(ctx, store.New(s.db.Reader), location); err != nil {
		return SourceResult{}, err
	}
	lock, err := s.lockSync(ctx, location)
	if err != nil {
		return SourceResult{}, err
	}
	defer lock.Release()
	src := sourceRow{Kind: kind, Location: location}
	result, err := s.addAndSync(ctx, actor, src)
	if apperr.CodeOf(err) == apperr.Conflict {
		return result, err // already a source (added meanwhile), or the database busy: nothing was tried
	}
	if err != nil {
		result.Error = err.Error()
		s.recordAddFailed(ctx, actor, src, err)
		if offline := (*OfflineError)(nil); errors.As(err, &offline) {
			return result, apperr.Wrap(apperr.Unavailable, err, "%s", err.Error()) // it names the host already
		}
		return result, apperr.Wrap(apperr.Invalid, err, "%s was not added: %s", location, err.Error())
	}
	if s.assets != nil && src.Kind == KindURL {
		if added, err := store.New(s.db.Reader).GetSourceByLocation(ctx, location); err == nil {
			s.report(location, "icons", 0)
			s.assets.Prefetch(ctx, added.ID, maxPrefetch)
		}
	}
	s.emit(SyncEvent, s.Status(ctx))
	return result, nil
}

// addAndSync fetches the new source's feed and applies it in the transaction
// that creates the source and records its addition.
func (s *Syncer) addAndSync(ctx context.Context, actor account.User, src sourceRow) (SourceResult, error) {
	label := sourceLabel(src)
	s.report(label, "fetching", 0)
	f, err := s.fetch.open(ctx, src)
	if err != nil {
		return SourceResult{Source: label}, err
	}
	defer f.body.Close()
	s.report(label, "applying", 0)
	register := func(ctx context.Context, q *store.Queries) (int64, error) {
		if err := refuseKnown(ctx, q, src.Location); err != nil {
			return 0, err
		}
		id, err := q.InsertSource(ctx, store.InsertSourceParams{Kind: src.Kind, Location: src.Location, CreatedAt: s.stamp()})
		if err != nil {
			return 0, err
		}
		return id, audit.Record(ctx, q, s.now(), actor.Actor(), "catalog.source_added", src.Location, map[string]any{"source": id, "kind": src.Kind})
	}
	return applyFeed(ctx, s.db, src, f, s.now(), func(done int) { s.report(label, "applying", done) }, register)
}

// refuseKnown refuses a location that is already a source.
func refuseKnown(ctx context.Context, q *store.Queries, location string) error {
	_, err := q.GetSourceByLocation(ctx, location)
	if err == nil {
		return apperr.New(apperr.Conflict, "%s is already a catalog source", location)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// recordAddFailed leaves the one trace of an add that changed nothing: the
// log shows who tried which feed and why it was refused.
func (s *Syncer) recordAddFailed(ctx context.Context, actor account.User, src sourceRow, cause error) {
	ctx = context.WithoutCancel(ctx) // recorded even when the add was stopped
	_ = s.db.Write(ctx, func(q *store.Queries) error {
		return audit.Record(ctx, q, s.now(), actor.Actor(), "catalog.source_add_failed", src.Location,
			map[string]any{"kind": src.Kind, "reason": cause.Error()})
	})
}

// RemoveSource forgets a source and its listings; the embedded one stays.
// Managers only.
func (s *Syncer) RemoveSource(ctx context.Context, actor account.User, id int64) error {
	if err := account.RequireManager(actor, "remove catalog sources"); err != nil {
		return err
	}
	src, err := store.New(s.db.Reader).GetSource(ctx, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && src.Kind == KindEmbedded) {
		return apperr.New(apperr.NotFound, "there is no removable catalog source %d", id)
	}
	if err != nil {
		return err
	}
	if err := s.forget(ctx, actor, src); err != nil {
		return err
	}
	s.emit(SyncEvent, s.Status(ctx))
	return nil
}

// forget deletes a source (its listings go with it), recomputes who is
// verified without it, and records it, in one transaction.
func (s *Syncer) forget(ctx context.Context, actor account.User, src sourceRow) error {
	return s.db.Write(ctx, func(q *store.Queries) error {
		n, err := q.DeleteSource(ctx, src.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "there is no removable catalog source %d", src.ID)
		}
		if err := recomputeVerified(ctx, q); err != nil {
			return err
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), "catalog.source_removed", src.Location,
			map[string]any{"source": src.ID, "kind": src.Kind})
	})
}

// SetTrusted marks a source trusted (its developers show as verified) or
// not. The embedded catalog is always trusted. Managers only.
func (s *Syncer) SetTrusted(ctx context.Context, actor account.User, id int64, trusted bool) (Source, error) {
	if err := account.RequireManager(actor, "trust catalog sources"); err != nil {
		return Source{}, err
	}
	err := s.db.Write(ctx, func(q *store.Queries) error {
		src, err := q.GetSource(ctx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "there is no catalog source %d", id)
		}
		if err != nil {
			return err
		}
		if src.Kind == KindEmbedded {
			return apperr.New(apperr.Invalid, "the embedded catalog is always trusted")
		}
		if _, err := q.SetSourceTrusted(ctx, store.SetSourceTrustedParams{Trusted: boolInt(trusted), ID: id}); err != nil {
			return err
		}
		if err := recomputeVerified(ctx, q); err != nil {
			return err
		}
		action := "catalog.source_trusted"
		if !trusted {
			action = "catalog.source_untrusted"
		}
		return audit.Record(ctx, q, s.now(), actor.Actor(), action, src.Location, map[string]any{"source": id})
	})
	if err != nil {
		return Source{}, err
	}
	s.emit(SyncEvent, s.Status(ctx))
	return s.source(ctx, id)
}

func (s *Syncer) source(ctx context.Context, id int64) (Source, error) {
	all, err := s.Sources(ctx)
	if err != nil {
		return Source{}, err
	}
	for _, src := range all {
		if src.ID == id {
			return src, nil
		}
	}
	return Source{}, apperr.New(apperr.NotFound, "there is no catalog source %d", id)
}

// recomputeVerified sets every listing's verified flag from what Marketdesk
// knows, never from the feed: a developer is verified when their listing
// comes from the embedded catalog or a source a manager trusts, and their
// name is not a look-alike (same skeleton, another spelling) of a verified
// developer of another source that came first. It runs in the transaction
// of every change that can alter the answer: a sync, trusting, removing.
func recomputeVerified(ctx context.Context, q *store.Queries) error {
	if err := q.ClearUntrustedVerified(ctx); err != nil {
		return err
	}
	return q.RecomputeTrustedVerified(ctx)
}
