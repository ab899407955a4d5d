package policy

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"marketdesk/app/apperr"
	"marketdesk/server/db/store"
	"marketdesk/server/events"
)

// Account is the organization and its settings.
type Account struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	RequirePreapproval bool      `json:"require_preapproval"`
	CreatedAt          time.Time `json:"created_at"`
}

func accountOf(a store.Account) Account {
	return Account{ID: a.ID, Name: a.Name, RequirePreapproval: a.RequirePreapproval, CreatedAt: a.CreatedAt}
}

// Me is who the caller is.
type Me struct {
	User    User    `json:"user"`
	Account Account `json:"account"`
	// Manager: the marketplace-manager privilege (owners always have it).
	Manager bool `json:"manager"`
	// Administers: an owner or an admin (users, roles, audit log).
	Administers bool `json:"administers"`
}

func (s *service) me(w http.ResponseWriter, r *http.Request, c caller) error {
	a, err := s.db.Queries.GetAccount(r.Context(), c.AccountID)
	if err != nil {
		return err
	}
	return writePolled(w, r, Me{User: userOf(c.user), Account: accountOf(a), Manager: c.manages(), Administers: c.administers()})
}

func (s *service) getAccount(w http.ResponseWriter, r *http.Request, c caller) error {
	a, err := s.db.Queries.GetAccount(r.Context(), c.AccountID)
	if err != nil {
		return err
	}
	return writePolled(w, r, accountOf(a))
}

// AccountSettings is the body of PUT /api/v1/account; absent fields keep
// their value. Owners and admins rename the account; changing
// require_preapproval is for marketplace managers.
type AccountSettings struct {
	Name               *string `json:"name"`
	RequirePreapproval *bool   `json:"require_preapproval"`
}

func (s *service) putAccount(w http.ResponseWriter, r *http.Request, c caller) error {
	var in AccountSettings
	if err := decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	var out Account
	err := s.db.InTxWith(ctx, func(tx pgx.Tx, q *store.Queries) error {
		before, err := q.GetAccount(ctx, c.AccountID)
		if err != nil {
			return err
		}
		p := store.UpdateAccountSettingsParams{ID: c.AccountID, Name: before.Name, RequirePreapproval: before.RequirePreapproval}
		if in.Name != nil {
			if p.Name, err = accountName(*in.Name); err != nil {
				return err
			}
		}
		if in.RequirePreapproval != nil && *in.RequirePreapproval != before.RequirePreapproval {
			// Turning the requirement off pre-approves every app at once:
			// rule 1 keeps that to marketplace managers, as on the desktop.
			if !c.manages() {
				return apperr.New(apperr.Forbidden, "only marketplace managers can change whether apps need pre-approval")
			}
			p.RequirePreapproval = *in.RequirePreapproval
		}
		after, err := q.UpdateAccountSettings(ctx, p)
		if err != nil {
			return err
		}
		out = accountOf(after)
		return s.record(ctx, tx, q, c, change{
			action: "account.changed", target: "account",
			details: map[string]any{
				"before": map[string]any{"name": before.Name, "require_preapproval": before.RequirePreapproval},
				"after":  map[string]any{"name": after.Name, "require_preapproval": after.RequirePreapproval},
			},
			kind: events.AccountChanged, data: out,
		})
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func accountName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 80 {
		return "", apperr.New(apperr.Invalid, "the account's name is required (at most 80 characters)")
	}
	return name, nil
}
