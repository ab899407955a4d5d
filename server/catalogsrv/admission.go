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
// account's managers blocked, nor, while the account requires
// pre-approval, a user-level app a member has no pre-approval for
// (managers need none; account-level apps are managers' anyway, see
// checkReport). An installation already on record is not
// asked again (re-reporting a version must not fail because a block came
// later: the removal is the desktop's to make).
func admit(ctx context.Context, q *store.Queries, who identity.Identity, app, scope string) error {
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
	approved := false
	for _, p := range rows {
		switch p.Scope {
		case "blocked":
			msg := "the account's marketplace managers blocked " + app
			if p.Message != "" {
				msg += ": " + p.Message
			}
			return apperr.New(apperr.Forbidden, "%s", msg)
		case "account", "user":
			approved = true
		}
	}
	if approved || who.Manages() || scope != "user" {
		return nil
	}
	a, err := q.GetAccount(ctx, who.AccountID)
	if err != nil {
		return err
	}
	if a.RequirePreapproval {
		return apperr.New(apperr.Forbidden, "%s is not pre-approved for you: request pre-approval first", app)
	}
	return nil
}
