package catalogsrv

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/identity"
)

// admit is the server's word on a new installation (DESIGN.md rules;
// docs/server-catalog.md): desktops register an install here before the
// browser opens, so a tampered local database cannot install an app the
// account's managers blocked. An installation already on record is not
// asked again (re-reporting a version must not fail because a block came
// later: the removal is the desktop's to make).
func admit(ctx context.Context, q *store.Queries, who identity.Identity, app string) error {
	_, err := q.GetInstallation(ctx, store.GetInstallationParams{AccountID: who.AccountID, UserID: who.UserID, AppID: app})
	if err == nil {
		return nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	rows, err := q.PreapprovalsInForce(ctx, store.PreapprovalsInForceParams{AccountID: who.AccountID, ListingID: app,
		UserID: pgtype.Int8{Int64: who.UserID, Valid: true}, Now: pgtype.Timestamptz{Time: time.Now(), Valid: true}})
	if err != nil {
		return err
	}
	for _, p := range rows {
		if p.Scope == "blocked" {
			msg := "the account's marketplace managers blocked " + app
			if p.Message != "" {
				msg += ": " + p.Message
			}
			return apperr.New(apperr.Forbidden, "%s", msg)
		}
	}
	return nil
}
