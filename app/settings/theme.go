package settings

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"marketdesk/app/apperr"
)

// KeyTheme is the window's colour theme: ThemeSystem (the default), ThemeLight or ThemeDark.
const KeyTheme = "theme"

// Themes a person can choose in Settings.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Theme is the chosen theme; ThemeSystem when none was chosen or the stored
// value is not one this version knows.
func (s *Store) Theme(ctx context.Context) string {
	v, err := s.Get(ctx, KeyTheme)
	if err != nil || (v != ThemeLight && v != ThemeDark) {
		return ThemeSystem
	}
	return v
}

// SetTheme stores the chosen theme; anything but the three themes is refused.
func (s *Store) SetTheme(ctx context.Context, theme string) error {
	if theme != ThemeSystem && theme != ThemeLight && theme != ThemeDark {
		return apperr.New(apperr.Invalid, "the theme must be system, light or dark, not %q", theme)
	}
	return s.Put(ctx, KeyTheme, theme)
}

// ThemeScriptPath is the script index.html loads before anything is drawn:
// it sets the stored theme on <html data-theme>, so the window opens in it
// without a flash of the other one. A script file, not inline code: the
// app's Content-Security-Policy allows only scripts from its own origin.
const ThemeScriptPath = "/theme.js"

// themeScript sets the choice (data-theme-choice) and the theme it means
// (data-theme: light or dark, "system" following the OS); frontend/src/state/theme.ts
// does the same afterwards and follows the OS while the choice is system.
const themeScript = `(function () {
  var choice = %q, root = document.documentElement;
  var dark = choice === "dark" || (choice === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  root.dataset.themeChoice = choice;
  root.dataset.theme = dark ? "dark" : "light";
})();
`

// ThemeScript serves ThemeScriptPath; next serves every other path.
func (s *Store) ThemeScript(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != ThemeScriptPath {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintf(w, themeScript, s.Theme(ctx))
	})
}

// Service is the theme choice as the UI sees it (bound to Wails).
type Service struct {
	store   *Store
	timeout time.Duration
}

// NewService returns the bound settings service.
func NewService(s *Store) *Service { return &Service{store: s, timeout: 5 * time.Second} }

// Theme is the chosen theme: system, light or dark.
func (s *Service) Theme() string {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	return s.store.Theme(ctx)
}

// SetTheme stores the theme chosen in Settings.
func (s *Service) SetTheme(theme string) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	return s.store.SetTheme(ctx, theme)
}
