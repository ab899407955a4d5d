package catalog

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/db/store"
)

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
		})
	}
	return out, nil
}

// AddSource registers a feed URL or file and syncs it at once. A feed that
// cannot be read at all is not kept, so a typo changes nothing.
func (s *Syncer) AddSource(ctx context.Context, input string) (SourceResult, error) {
	kind, location, err := NormalizeLocation(input)
	if err != nil {
		return SourceResult{}, apperr.Wrap(apperr.Invalid, err, "%s", err.Error())
	}
	q := store.New(s.db.Writer)
	if _, err := q.GetSourceByLocation(ctx, location); err == nil {
		return SourceResult{}, apperr.New(apperr.Conflict, "%s is already a catalog source", location)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return SourceResult{}, err
	}
	id, err := q.InsertSource(ctx, store.InsertSourceParams{Kind: kind, Location: location, CreatedAt: s.now().UTC().Format(time.RFC3339)})
	if err != nil {
		return SourceResult{}, err
	}
	src, err := store.New(s.db.Writer).GetSource(ctx, id)
	if err != nil {
		return SourceResult{}, err
	}
	result := s.SyncSource(ctx, src)
	if result.Error != "" {
		_, _ = q.DeleteSource(ctx, id)
		return result, apperr.New(apperr.Invalid, "%s was not added: %s", location, result.Error)
	}
	s.emit(SyncEvent, s.Status(ctx))
	return result, nil
}

// RemoveSource forgets a source and its listings; the embedded one stays.
func (s *Syncer) RemoveSource(ctx context.Context, id int64) error {
	n, err := store.New(s.db.Writer).DeleteSource(ctx, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "there is no removable catalog source %d", id)
	}
	s.emit(SyncEvent, s.Status(ctx))
	return nil
}
