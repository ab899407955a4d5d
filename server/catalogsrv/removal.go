package catalogsrv

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// Removal is a removal a desktop reported, as the developer's
// deauthorization notice needs it (docs/deauthorization.md).
type Removal struct {
	AccountID int64
	AppID     string
	UserID    *int64 // nil for an account-level app
	// InstallationID is the desktop's id of the installation (the one its
	// own notices carried), 0 when the desktop did not say.
	InstallationID int64
	RemovedAt      time.Time
	// RetainData: the person let the developer keep their data.
	RetainData bool
	// NoticeURL is the listing's deauthorization_url; "" sends nothing.
	NoticeURL string
	// Withdrawn: the install never finished (the consent failed after the
	// desktop registered it), so the developer has nothing to hear.
	Withdrawn bool
}

// removalChoice reads DELETE /api/v1/installations/{app_id}?retain_data=
// true|false&installation_id=N: what the person chose when removing.
func removalChoice(r *http.Request) (retain bool, installation int64, err error) {
	q := r.URL.Query()
	if v := q.Get("retain_data"); v != "" {
		if retain, err = strconv.ParseBool(v); err != nil {
			return false, 0, apperr.New(apperr.Invalid, "retain_data must be true or false, got %q", clip(v))
		}
	}
	if v := q.Get("installation_id"); v != "" {
		if installation, err = strconv.ParseInt(v, 10, 64); err != nil || installation < 1 {
			return false, 0, apperr.New(apperr.Invalid, "installation_id must be a positive number, got %q", clip(v))
		}
	}
	return retain, installation, nil
}

// withdrawn reads ?withdrawn=true: a registration whose install failed.
// It only spares the developer a notice about an app never authorized;
// a person who hides a real removal this way hides only their own.
func withdrawn(r *http.Request) (bool, error) {
	v := r.URL.Query().Get("withdrawn")
	if v == "" {
		return false, nil
	}
	w, err := strconv.ParseBool(v)
	if err != nil {
		return false, apperr.New(apperr.Invalid, "withdrawn must be true or false, got %q", clip(v))
	}
	return w, nil
}

// removal hands a removal to OnRemoval in its transaction, with the
// listing's notice URL as the catalog has it now.
func (s *service) removal(ctx context.Context, tx pgx.Tx, q *store.Queries, who identity.Identity, row store.Installation, rm Removal) error {
	if s.opts.OnRemoval == nil || rm.Withdrawn {
		return nil
	}
	url, err := q.ListingNoticeURL(ctx, store.ListingNoticeURLParams{AccountID: who.AccountID, ID: row.AppID})
	if err != nil {
		return err
	}
	rm.AccountID, rm.AppID, rm.NoticeURL, rm.RemovedAt = who.AccountID, row.AppID, url, time.Now().UTC()
	if row.Scope == "user" {
		user := row.UserID
		rm.UserID = &user
	}
	return s.opts.OnRemoval(ctx, tx, rm)
}
