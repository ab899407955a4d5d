package system

import (
	"context"
	"time"

	"marketdesk/app/apperr"

	"marketdesk/app/settings"
	"marketdesk/app/vault"
	"marketdesk/db"
)

// About is what the About panel shows.
type About struct {
	Name                   string         `json:"name"`
	Version                string         `json:"version"`
	Commit                 string         `json:"commit"`
	DataDir                string         `json:"dataDir"`
	Database               string         `json:"database"`
	SchemaVersion          int            `json:"schemaVersion"`
	SupportedSchemaVersion int            `json:"supportedSchemaVersion"`
	Keychain               KeychainStatus `json:"keychain"`
	Webview                string         `json:"webview"`
	Platform               string         `json:"platform"`
	FirstRunAt             string         `json:"firstRunAt"`
}

// Service is bound to the UI.
type Service struct {
	dataDir  string
	db       *db.DB
	settings *settings.Store
	keychain *vault.Vault
	problem  error // why the data directory could not be opened, if it could not
}

// NewService returns the system service for an opened data directory.
func NewService(dataDir string, d *db.DB, s *settings.Store, keychain *vault.Vault) *Service {
	return &Service{dataDir: dataDir, db: d, settings: s, keychain: keychain}
}

// NewFailedService serves a window that can only explain why the data
// directory could not be opened (a database from a newer version, say): a
// desktop app started from a menu has no terminal to print to.
func NewFailedService(dataDir string, keychain *vault.Vault, problem error) *Service {
	return &Service{dataDir: dataDir, keychain: keychain, problem: problem}
}

// StartupProblem is "" when the data directory opened, else what went wrong.
func (s *Service) StartupProblem() string {
	if s.problem == nil {
		return ""
	}
	return s.problem.Error()
}

// About reports the version, where data lives and whether the keychain answers.
func (s *Service) About() (About, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if s.problem != nil {
		return About{}, apperr.Wrap(apperr.Unavailable, s.problem, "%s", s.problem.Error())
	}
	r := Inspect(ctx, s.dataDir, s.keychain)
	firstRun, err := s.settings.Get(ctx, settings.KeyFirstRunAt)
	if err != nil {
		return About{}, err
	}
	return About{
		Name:                   r.Name,
		Version:                r.Version,
		Commit:                 r.Commit,
		DataDir:                r.DataDir,
		Database:               r.Database.Path,
		SchemaVersion:          r.Database.SchemaVersion,
		SupportedSchemaVersion: r.Database.SupportedVersion,
		Keychain:               r.Keychain,
		Webview:                r.Webview,
		Platform:               r.Platform,
		FirstRunAt:             firstRun,
	}, nil
}
