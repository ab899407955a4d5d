package settings

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/db/testdb"
)

func TestThemeIsStoredValidatedAndServedBeforePaint(t *testing.T) {
	ctx := context.Background()
	s := New(testdb.New(t), func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) })
	if got := s.Theme(ctx); got != ThemeSystem {
		t.Fatalf("theme before any choice = %q, want system", got)
	}
	if err := s.SetTheme(ctx, "purple"); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("SetTheme(purple) = %v, want invalid", err)
	}
	if err := s.SetTheme(ctx, ThemeDark); err != nil {
		t.Fatal(err)
	}
	svc := NewService(s)
	if got := svc.Theme(); got != ThemeDark {
		t.Fatalf("theme = %q, want dark", got)
	}
	// The script the window runs before it draws carries the choice.
	other := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	srv := httptest.NewServer(s.ThemeScript(other))
	defer srv.Close()
	body := func(path string) (int, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, js := body(ThemeScriptPath); code != 200 || !strings.Contains(js, `var choice = "dark"`) {
		t.Fatalf("%s = %d %q", ThemeScriptPath, code, js)
	}
	if err := svc.SetTheme(ThemeLight); err != nil {
		t.Fatal(err)
	}
	if _, js := body(ThemeScriptPath); !strings.Contains(js, `var choice = "light"`) {
		t.Fatalf("after choosing light: %q", js)
	}
	if code, _ := body("/catalog-assets/icon/x"); code != http.StatusTeapot {
		t.Fatalf("other paths must reach the next handler, got %d", code)
	}
	// A value this version does not know (a newer one wrote it) reads as system.
	if err := s.Put(ctx, KeyTheme, "sepia"); err != nil {
		t.Fatal(err)
	}
	if got := s.Theme(ctx); got != ThemeSystem {
		t.Fatalf("unknown stored theme = %q, want system", got)
	}
}
