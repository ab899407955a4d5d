package datadir

import (
	"path/filepath"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestResolveOrder(t *testing.T) {
	e := env(map[string]string{EnvVar: "/tmp/from-env", "XDG_DATA_HOME": "/xdg", "HOME": "/home/ann"})
	if got, _ := Resolve("/tmp/from-flag", e); got != "/tmp/from-flag" {
		t.Fatalf("flag should win, got %q", got)
	}
	if got, _ := Resolve("", e); got != "/tmp/from-env" {
		t.Fatalf("env should win over XDG, got %q", got)
	}
	rel, _ := Resolve("rel/dir", e)
	if !filepath.IsAbs(rel) {
		t.Fatalf("relative flag should become absolute, got %q", rel)
	}
}

func TestOSDefaults(t *testing.T) {
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/home/ann"}, "/xdg/marketdesk"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative", "HOME": "/home/ann"}, "/home/ann/.local/share/marketdesk"},
		{"linux", map[string]string{"HOME": "/home/ann"}, "/home/ann/.local/share/marketdesk"},
		{"darwin", map[string]string{"HOME": "/Users/ann"}, "/Users/ann/Library/Application Support/Marketdesk"},
		{"windows", map[string]string{"APPDATA": "C:/Users/ann/AppData/Roaming"}, filepath.Join("C:/Users/ann/AppData/Roaming", "Marketdesk")},
	}
	for _, tt := range tests {
		got, err := osDefault(tt.goos, env(tt.env))
		if err != nil || got != tt.want {
			t.Errorf("%s %v: got %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
	if _, err := osDefault("linux", env(nil)); err == nil {
		t.Error("no HOME and no XDG_DATA_HOME should be an error")
	}
}
