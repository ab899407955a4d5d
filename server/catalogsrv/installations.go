package catalogsrv

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
	"marketdesk/server/identity"
)

// Installation is one app installed by one person, as the API returns it.
type Installation struct {
	UserID      int64     `json:"user_id"`
	UserName    string    `json:"user_name,omitempty"`
	UserEmail   string    `json:"user_email,omitempty"`
	AppID       string    `json:"app_id"`
	Scope       string    `json:"scope"` // user | account
	Version     string    `json:"version"`
	InstalledAt time.Time `json:"installed_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// InstallationReport is the body of PUT /api/v1/installations/{app_id}.
type InstallationReport struct {
	Scope   string `json:"scope"` // "user" (default) or "account"
	Version string `json:"version"`
}

// InstallationList is the body of GET /api/v1/installations.
type InstallationList struct {
	Installations []Installation `json:"installations"`
	// Truncated: there are more than maxListed; narrow with app_id or user_id.
	Truncated bool `json:"truncated"`
}

// maxListed bounds one answer of the inventory.
const maxListed = 5000

func appID(r *http.Request) (string, error) {
	id := r.PathValue("app_id")
	if !catalog.ValidListingID(id) {
		return "", apperr.New(apperr.Invalid, "%q is not an app id (lowercase letters, digits, '.', '_' and '-', 2–64 characters)", clip(id))
	}
	return id, nil
}

func (s *service) putInstallation(w http.ResponseWriter, r *http.Request) {
	app, err := appID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in InstallationReport
	if r.ContentLength != 0 { // no body: a user-level app, version unknown
		if err := readJSON(r, &in); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	who := caller(r)
	if err := checkReport(who, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	got, created, err := s.report(r.Context(), who, app, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, got)
}

// checkReport: rule 3 of DESIGN.md, an account-level app is installed by a
// marketplace manager, so only a manager can report one.
func checkReport(who identity.Identity, in *InstallationReport) error {
	switch in.Scope {
	case "":
		in.Scope = catalog.TypeUser
	case catalog.TypeUser:
	case catalog.TypeAccount:
		if !who.Manages() {
			return apperr.New(apperr.Forbidden, "account-level apps are installed by marketplace managers, for everyone")
		}
	default:
		return apperr.New(apperr.Invalid, "scope must be \"user\" or \"account\", got %q", clip(in.Scope))
	}
	if !utf8.ValidString(in.Version) || utf8.RuneCountInString(in.Version) > 40 || strings.ContainsAny(in.Version, "\r\n\x00") {
		return apperr.New(apperr.Invalid, "version must be one line of at most 40 characters")
	}
	return nil
}

// report records the caller's installation; reporting it again as it is
// changes nothing (no audit entry, no event), so desktops may re-report.
func (s *service) report(ctx context.Context, who identity.Identity, app string, in InstallationReport) (Installation, bool, error) {
	var out Installation
	var created bool
	err := s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		if err := admit(ctx, q, who, app, in.Scope); err != nil {
			return err
		}
		row, err := q.UpsertInstallation(ctx, store.UpsertInstallationParams{AccountID: who.AccountID, UserID: who.UserID,
			AppID: app, Scope: in.Scope, Version: in.Version})
		if errors.Is(err, pgx.ErrNoRows) { // already recorded as it is
			cur, err := q.GetInstallation(ctx, store.GetInstallationParams{AccountID: who.AccountID, UserID: who.UserID, AppID: app})
			out = installationOf(who, store.Installation(cur))
			return err
		}
		if err != nil {
			return err
		}
		created = row.Created
		out = installationOf(who, store.Installation{AccountID: row.AccountID, UserID: row.UserID, AppID: row.AppID,
			Scope: row.Scope, Version: row.Version, InstalledAt: row.InstalledAt, UpdatedAt: row.UpdatedAt})
		action := "installation.updated"
		if created {
			action = "installation.added"
		}
		return s.record(ctx, tx, q, who, change{action: action, target: app,
			details: map[string]any{"scope": out.Scope, "version": out.Version},
			event:   eventOf(events.InstallationsChanged, who.AccountID, audience(out.Scope, who.UserID), out)})
	})
	return out, created, err
}

func (s *service) deleteInstallation(w http.ResponseWriter, r *http.Request) {
	app, err := appID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	retain, installation, err := removalChoice(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gaveUp, err := withdrawn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who := caller(r)
	err = s.db.InTxWith(r.Context(), func(tx pgx.Tx, q *store.Queries) error {
		row, err := q.DeleteInstallation(r.Context(), store.DeleteInstallationParams{AccountID: who.AccountID, UserID: who.UserID, AppID: app})
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.New(apperr.NotFound, "you have no installation of %s on record", app)
		}
		if err != nil {
			return err
		}
		gone := installationOf(who, row)
		if err := s.removal(r.Context(), tx, q, who, row, Removal{RetainData: retain, InstallationID: installation, Withdrawn: gaveUp}); err != nil {
			return err
		}
		return s.record(r.Context(), tx, q, who, change{action: "installation.removed", target: app,
			details: map[string]any{"scope": gone.Scope, "version": gone.Version},
			event: eventOf(events.InstallationsChanged, who.AccountID, audience(gone.Scope, who.UserID),
				InstallationRemoved{UserID: who.UserID, AppID: app, Removed: true})})
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// InstallationRemoved is the data of the installations.changed event of a removal.
type InstallationRemoved struct {
	UserID  int64  `json:"user_id"`
	AppID   string `json:"app_id"`
	Removed bool   `json:"removed"`
}

func installationOf(who identity.Identity, r store.Installation) Installation {
	return Installation{UserID: r.UserID, UserName: who.Name, UserEmail: who.Email, AppID: r.AppID, Scope: r.Scope,
		Version: r.Version, InstalledAt: r.InstalledAt, UpdatedAt: r.UpdatedAt}
}

// listInstallations: managers see who uses what (filter by app_id and
// user_id); everyone else sees their own, whatever they ask for.
func (s *service) listInstallations(w http.ResponseWriter, r *http.Request) {
	who := caller(r)
	p := store.ListInstallationsParams{AccountID: who.AccountID, MaxRows: maxListed + 1}
	if app := r.URL.Query().Get("app_id"); app != "" {
		if !catalog.ValidListingID(app) {
			s.fail(w, r, apperr.New(apperr.Invalid, "%q is not an app id", clip(app)))
			return
		}
		p.AppID = pgtype.Text{String: app, Valid: true}
	}
	switch raw := r.URL.Query().Get("user_id"); {
	case !who.Manages():
		// One's own, and the account-level apps a manager installed for
		// everyone (rule 3: members see them as installed by the account).
		p.UserID, p.WithAccountApps = pgtype.Int8{Int64: who.UserID, Valid: true}, true
	case raw != "":
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			s.fail(w, r, apperr.New(apperr.Invalid, "user_id must be a number, got %q", clip(raw)))
			return
		}
		p.UserID = pgtype.Int8{Int64: id, Valid: true}
	}
	rows, err := s.db.Queries.ListInstallations(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := InstallationList{Installations: []Installation{}}
	for i, row := range rows {
		if i == maxListed {
			out.Truncated = true
			break
		}
		out.Installations = append(out.Installations, Installation{UserID: row.UserID, UserName: row.UserName,
			UserEmail: row.UserEmail, AppID: row.AppID, Scope: row.Scope, Version: row.Version,
			InstalledAt: row.InstalledAt, UpdatedAt: row.UpdatedAt})
	}
	writeJSON(w, http.StatusOK, out)
}

// audience is who hears of a change to an installation: everyone for an
// account-level app (rule 3: everyone sees it installed by the account), else
// its person (and the managers).
func audience(scope string, userID int64) int64 {
	if scope == "account" {
		return 0
	}
	return userID
}
