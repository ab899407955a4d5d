package catalogsrv

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/db"
	"marketdesk/server/db/store"
)

// Source is a catalog source as the API returns it.
type Source struct {
	ID            int64      `json:"id"`
	URL           string     `json:"url"`
	Name          string     `json:"name"`
	ListingCount  int32      `json:"listing_count"`
	LastSyncAt    *time.Time `json:"last_sync_at"`
	LastSuccessAt *time.Time `json:"last_success_at"`
	LastError     string     `json:"last_error"`
	CreatedAt     time.Time  `json:"created_at"`
}

func sourceOf(r store.CatalogSource) Source {
	s := Source{ID: r.ID, URL: r.Location, Name: r.Name, ListingCount: r.ListingCount, LastError: r.LastError, CreatedAt: r.CreatedAt}
	if r.LastSyncAt.Valid {
		s.LastSyncAt = &r.LastSyncAt.Time
	}
	if r.LastSuccessAt.Valid {
		s.LastSuccessAt = &r.LastSuccessAt.Time
	}
	return s
}

// SourceList is the body of GET /api/v1/sources.
type SourceList struct {
	Sources []Source `json:"sources"`
}

func (s *service) listSources(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.Queries.ListCatalogSources(r.Context(), caller(r).AccountID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := SourceList{Sources: []Source{}}
	for _, row := range rows {
		out.Sources = append(out.Sources, sourceOf(row))
	}
	writeJSON(w, http.StatusOK, out)
}

// NewSource is the body of POST /api/v1/sources.
type NewSource struct {
	URL string `json:"url"`
}

func (s *service) addSource(w http.ResponseWriter, r *http.Request) {
	var in NewSource
	if err := readJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	report, err := s.add(r.Context(), caller(r), in.URL)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, report)
}

func (s *service) syncSource(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	report, err := s.sync(r.Context(), caller(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, report)
}

func (s *service) removeSource(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who := caller(r)
	err = s.db.InTxWith(r.Context(), func(tx pgx.Tx, q *store.Queries) error {
		if err := lockCatalog(r.Context(), q, who.AccountID); err != nil {
			return err
		}
		src, err := q.LockCatalogSource(r.Context(), store.LockCatalogSourceParams{AccountID: who.AccountID, ID: id})
		if err != nil {
			return sourceNotFound(err, id)
		}
		if _, err := q.DeleteCatalogSource(r.Context(), store.DeleteCatalogSourceParams{AccountID: who.AccountID, ID: id}); err != nil {
			return err
		}
		if err := q.ForgetCatalogValidators(r.Context(), who.AccountID); err != nil {
			return err
		}
		rev, err := bumpRevision(r.Context(), q, who.AccountID)
		if err != nil {
			return err
		}
		return s.record(r.Context(), tx, q, who, change{
			action: "catalog.source_removed", target: src.Location,
			details: map[string]any{"source": id, "listings": src.ListingCount, "revision": rev.Revision},
			event:   catalogEvent(who.AccountID, rev.Revision, rev.changed),
		})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func pathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.Invalid, "%q is not a source id (a positive number)", raw)
	}
	return id, nil
}

// sourceNotFound words a missing source; another account's source is
// missing too, never "forbidden" (that would confirm it exists).
func sourceNotFound(err error, id int64) error {
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return apperr.New(apperr.NotFound, "there is no catalog source %d", id)
	}
	return err
}
