package manage

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
	"marketdesk/app/vault"
	"marketdesk/db"
	"marketdesk/db/store"
)

// FieldState is one field of the form with its current value.
type FieldState struct {
	catalog.ConfigField
	Value any    `json:"value"` // secrets: SecretMask when set, never the secret
	IsSet bool   `json:"isSet"`
	Note  string `json:"note,omitempty"` // e.g. "New in this version of the app"
}

// State is an installation's configuration as the Manage tab shows it.
type State struct {
	InstallationID int64             `json:"installationId"`
	ListingID      string            `json:"listingId"`
	Kind           string            `json:"kind"` // none, form, external
	Fields         []FieldState      `json:"fields"`
	ExternalURL    string            `json:"externalUrl"`
	Status         string            `json:"status"`
	Missing        []string          `json:"missing"` // required fields without a value
	Dropped        []string          `json:"dropped"` // saved settings the app no longer asks for
	ReadOnly       bool              `json:"readOnly"`
	Errors         map[string]string `json:"errors"` // field key -> message, after a refused save
	ConfiguredAt   string            `json:"configuredAt"`
}

// Manager configures and removes installations.
type Manager struct {
	db        *db.DB
	installer *install.Installer
	listings  *catalog.Searcher
	vault     *vault.Vault
	now       func() time.Time
	client    *http.Client // for revocations: bounded, so that offline never hangs
	org       Organization // organization mode (organization.go); nil in local mode
}

// New returns a Manager.
func New(d *db.DB, installer *install.Installer, listings *catalog.Searcher, v *vault.Vault, now func() time.Time) *Manager {
	return &Manager{db: d, installer: installer, listings: listings, vault: v, now: now, client: &http.Client{Timeout: 15 * time.Second}}
}

func (m *Manager) stamp() string { return m.now().UTC().Format(time.RFC3339) }

func secretKey(installationID int64, key string) string { return vault.SecretItem(installationID, key) }

// mayChange says whether actor may configure or remove inst: their own
// user-level app, or an account-level app when they manage the marketplace.
func mayChange(actor account.User, inst install.Installation, action string) error {
	if inst.Level == catalog.TypeAccount {
		if !actor.Manager {
			return apperr.New(apperr.Forbidden, "only marketplace managers can %s account-level apps", action)
		}
		return nil
	}
	if inst.UserID != actor.ID {
		return apperr.New(apperr.Forbidden, "this installation belongs to someone else")
	}
	return nil
}

// mayView: your own apps and the account's.
func mayView(actor account.User, inst install.Installation) error {
	if inst.Level == catalog.TypeUser && inst.UserID != actor.ID {
		return apperr.New(apperr.Forbidden, "this installation belongs to someone else")
	}
	return nil
}

func (m *Manager) live(ctx context.Context, id int64) (install.Installation, catalog.Listing, error) {
	inst, err := m.installer.Get(ctx, id)
	if err != nil {
		return inst, catalog.Listing{}, err
	}
	if inst.Status == "removed" || inst.Status == "removing" || inst.Status == install.StatusFailed {
		return inst, catalog.Listing{}, apperr.New(apperr.NotFound, "%s is not installed", inst.ListingID)
	}
	l, err := m.listings.App(ctx, inst.ListingID)
	return inst, l, err
}

// Configuration returns the form with the saved values (secrets masked).
func (m *Manager) Configuration(ctx context.Context, actor account.User, id int64) (State, error) {
	inst, l, err := m.live(ctx, id)
	if err != nil {
		return State{}, err
	}
	if err := mayView(actor, inst); err != nil {
		return State{}, err
	}
	saved, err := m.saved(ctx, id)
	if err != nil {
		return State{}, err
	}
	st := m.state(inst, l, saved)
	st.ReadOnly = mayChange(actor, inst, "configure") != nil
	if st.Kind == "form" && len(st.Missing) > 0 && inst.Status == install.StatusActive {
		// A newer catalog added a required field: the app needs configuration again.
		st.Status = install.StatusNeedsConfiguration
		err = store.New(m.db.Writer).SetInstallationStatus(ctx, store.SetInstallationStatusParams{
			Status: st.Status, Error: "", UpdatedAt: m.stamp(), ID: id})
	}
	return st, err
}

func (m *Manager) saved(ctx context.Context, id int64) (map[string]json.RawMessage, error) {
	rows, err := store.New(m.db.Reader).ListInstallationSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{}
	for _, r := range rows {
		out[r.Key] = json.RawMessage(r.Value)
	}
	return out, nil
}

// state merges the listing's current schema with the saved values: a value
// is kept where it still fits its field; new required fields are missing.
func (m *Manager) state(inst install.Installation, l catalog.Listing, saved map[string]json.RawMessage) State {
	st := State{InstallationID: inst.ID, ListingID: inst.ListingID, Kind: l.Configuration.Kind, Status: inst.Status, ConfiguredAt: inst.ConfiguredAt,
		Fields: []FieldState{}, Missing: []string{}, Dropped: []string{}, Errors: map[string]string{}}
	if st.Kind == "external" {
		st.ExternalURL = externalURL(l.Configuration.URL, inst.ID)
	}
	known := map[string]bool{}
	for _, f := range l.Configuration.Fields {
		known[f.Key] = true
		fs := FieldState{ConfigField: f}
		if raw, ok := saved[f.Key]; ok {
			fs.Value, fs.IsSet = fits(f, raw)
			if !fs.IsSet {
				fs.Note = "The app changed this field: enter it again."
			}
		} else if len(saved) > 0 {
			fs.Note = "New in this version of the app."
		}
		if !fs.IsSet && usableDefault(f) {
			fs.Value = f.Default
		}
		// The form shows a default as the field's value and Save submits it, so
		// a required field with one is not "still needed".
		if f.Required && !fs.IsSet && fs.Value == nil {
			st.Missing = append(st.Missing, f.Key)
		}
		st.Fields = append(st.Fields, fs)
	}
	for k := range saved {
		if !known[k] {
			st.Dropped = append(st.Dropped, k)
		}
	}
	return st
}

// usableDefault: the listing's default fits its field (a secret has none).
func usableDefault(f catalog.ConfigField) bool {
	if f.Default == nil || f.Type == "secret" {
		return false
	}
	v, msg := checkValue(f, f.Default)
	return msg == "" && v != nil
}

// fits decodes a saved value and checks it against the field as it is now.
func fits(f catalog.ConfigField, raw json.RawMessage) (any, bool) {
	if f.Type == "secret" {
		var marker struct{ Secret bool }
		if json.Unmarshal(raw, &marker) == nil && marker.Secret {
			return SecretMask, true
		}
		return nil, false
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	norm, msg := checkValue(f, v)
	return norm, msg == "" && norm != nil
}

func externalURL(base string, id int64) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("installation_id", fmt.Sprint(id))
	u.RawQuery = q.Encode()
	return u.String()
}

// Save validates values against the form and stores them atomically:
// secrets into the keychain, the rest into SQLite, and the installation
// becomes active once every required field is set. A refused save changes
// nothing and returns the messages per field in State.Errors.
func (m *Manager) Save(ctx context.Context, actor account.User, id int64, values map[string]any) (State, error) {
	inst, l, err := m.live(ctx, id)
	if err != nil {
		return State{}, err
	}
	if err := mayChange(actor, inst, "configure"); err != nil {
		return State{}, err
	}
	if l.Configuration.Kind != "form" {
		return State{}, apperr.New(apperr.Invalid, "%s is configured on its own page, not with a form", l.Name)
	}
	saved, err := m.saved(ctx, id)
	if err != nil {
		return State{}, err
	}
	plan, errs := plan(l.Configuration.Fields, values, saved)
	if len(errs) > 0 {
		st := m.state(inst, l, saved)
		st.Errors = errs
		return st, nil
	}
	for key, secret := range plan.secrets {
		if err := m.vault.Set(ctx, secretKey(id, key), secret); err != nil {
			return State{}, err
		}
	}
	if err := m.write(ctx, actor, inst, plan); err != nil {
		return State{}, err
	}
	return m.Configuration(ctx, actor, id)
}

// savePlan is what a valid save writes.
type savePlan struct {
	values  map[string]string // key -> JSON (secrets: the marker)
	secrets map[string]string // key -> secret, for the keychain
	cleared []string          // keys to delete (optional fields emptied, dropped fields)
	changed []string
	missing int // required fields still without a value
}

func plan(fields []catalog.ConfigField, values map[string]any, saved map[string]json.RawMessage) (savePlan, map[string]string) {
	p := savePlan{values: map[string]string{}, secrets: map[string]string{}}
	errs := map[string]string{}
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Key] = true
		v := values[f.Key]
		if f.Type == "secret" {
			if s, _ := v.(string); s == "" || s == SecretMask {
				if _, ok := saved[f.Key]; ok {
					continue // unchanged: "Replace" was not used
				}
			}
		}
		norm, msg := checkValue(f, v)
		if msg != "" {
			errs[f.Key] = msg
			continue
		}
		if norm == nil {
			p.cleared = append(p.cleared, f.Key)
			continue
		}
		if f.Type == "secret" {
			p.secrets[f.Key] = norm.(string)
			p.values[f.Key] = `{"secret":true}`
		} else {
			body, _ := json.Marshal(norm)
			p.values[f.Key] = string(body)
		}
		if string(saved[f.Key]) != p.values[f.Key] || f.Type == "secret" {
			p.changed = append(p.changed, f.Key)
		}
	}
	for k := range saved {
		if !known[k] {
			p.cleared = append(p.cleared, k)
		}
	}
	return p, errs
}

func (m *Manager) write(ctx context.Context, actor account.User, inst install.Installation, p savePlan) error {
	return m.db.Write(ctx, func(q *store.Queries) error {
		for k, v := range p.values {
			if err := q.PutInstallationSetting(ctx, store.PutInstallationSettingParams{InstallationID: inst.ID, Key: k, Value: v}); err != nil {
				return err
			}
		}
		for _, k := range p.cleared {
			if err := q.DeleteInstallationSetting(ctx, store.DeleteInstallationSettingParams{InstallationID: inst.ID, Key: k}); err != nil {
				return err
			}
		}
		status := inst.Status
		if status == install.StatusNeedsConfiguration && p.missing == 0 {
			status = install.StatusActive
		}
		if err := q.MarkConfigured(ctx, store.MarkConfiguredParams{Status: status, ConfiguredAt: m.stamp(), UpdatedAt: m.stamp(), ID: inst.ID}); err != nil {
			return err
		}
		return audit.Record(ctx, q, m.now(), actor.Actor(), "installation.configured", inst.ListingID,
			map[string]any{"installation": inst.ID, "changed": p.changed, "cleared": p.cleared})
	})
}

// FinishExternal marks an app configured on its own page as done.
func (m *Manager) FinishExternal(ctx context.Context, actor account.User, id int64) (State, error) {
	inst, l, err := m.live(ctx, id)
	if err != nil {
		return State{}, err
	}
	if err := mayChange(actor, inst, "configure"); err != nil {
		return State{}, err
	}
	if l.Configuration.Kind != "external" {
		return State{}, apperr.New(apperr.Invalid, "%s has no external configuration page", l.Name)
	}
	if err := m.write(ctx, actor, inst, savePlan{}); err != nil {
		return State{}, err
	}
	return m.Configuration(ctx, actor, id)
}
