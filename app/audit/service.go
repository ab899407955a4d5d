package audit

import (
	"context"
	"fmt"
	"os"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/db"
)

// Service is the audit log as the UI sees it (bound to Wails).
type Service struct {
	db *db.DB
	// requireManager refuses the signed-in user unless they manage the marketplace.
	requireManager func(ctx context.Context, action string) error
	// chooseFile asks where to save an export ("" when the person cancels).
	chooseFile func(defaultName string) (string, error)
	// Org, when set and active, is the organization's audit log (organization
	// mode, app/orgmode); the server decides who may read it.
	Org Org
}

// Org is the audit log of the organization the data directory is connected to.
type Org interface {
	Active(ctx context.Context) bool
	Audit(ctx context.Context, f Filter) ([]Entry, error)
}

// NewService returns the bound audit service.
func NewService(d *db.DB, requireManager func(context.Context, string) error, chooseFile func(string) (string, error)) *Service {
	return &Service{db: d, requireManager: requireManager, chooseFile: chooseFile}
}

// List returns entries, newest first (managers only).
func (s *Service) List(f Filter) ([]Entry, error) {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if s.Org != nil && s.Org.Active(c) {
		return s.Org.Audit(c, f)
	}
	if err := s.requireManager(c, "read the audit log"); err != nil {
		return nil, err
	}
	return List(c, s.db, f)
}

// Export writes the filtered log as "csv" or "json" to a file the person
// chooses and returns its path ("" when they cancel). Managers only.
func (s *Service) Export(format string, f Filter) (string, error) {
	entries, err := s.List(f)
	if err != nil {
		return "", err
	}
	var body string
	switch format {
	case "csv":
		body = CSV(entries)
	case "json":
		body = JSON(entries)
	default:
		return "", apperr.New(apperr.Invalid, "export format must be csv or json, got %q", format)
	}
	path, err := s.chooseFile(fmt.Sprintf("marketdesk-audit-%s.%s", time.Now().Format("2006-01-02"), format))
	if err != nil || path == "" {
		return "", err
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		return "", apperr.Wrap(apperr.Internal, err, "could not write %s: %v", path, err)
	}
	return path, nil
}
