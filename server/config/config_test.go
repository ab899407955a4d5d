package config_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/server/config"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "server.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	cfg, err := config.Load(nil, env(map[string]string{"MARKETDESK_SERVER_DATABASE_URL": "postgres:///md"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != "127.0.0.1:8420" || cfg.TLS() || cfg.LogLevel != "info" || time.Duration(cfg.ShutdownTimeout) != 30*time.Second {
		t.Fatalf("defaults = %+v", cfg)
	}
}

// Each key is set in the file; some are overridden by the environment, and
// of those some by flags. The winner is always the later source.
func TestPrecedenceFileThenEnvThenFlags(t *testing.T) {
	file := writeFile(t, `{
		"listen": "127.0.0.1:1001",
		"database_url": "postgres:///from-file",
		"log_level": "debug",
		"shutdown_timeout": "5s",
		"tls_cert_file": "/file/cert.pem",
		"tls_key_file": "/file/key.pem"
	}`)
	vars := map[string]string{
		"MARKETDESK_SERVER_CONFIG":           file,
		"MARKETDESK_SERVER_LISTEN":           "127.0.0.1:2002",
		"MARKETDESK_SERVER_DATABASE_URL":     "postgres:///from-env",
		"MARKETDESK_SERVER_SHUTDOWN_TIMEOUT": "7s",
	}
	args := []string{"--listen", "127.0.0.1:3003", "--shutdown-timeout=9s"}
	cfg, err := config.Load(args, env(vars), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{
		Listen:          "127.0.0.1:3003",       // flag over env over file
		DatabaseURL:     "postgres:///from-env", // env over file
		LogLevel:        "debug",                // file over default
		ShutdownTimeout: config.Duration(9 * time.Second),
		TLSCertFile:     "/file/cert.pem",
		TLSKeyFile:      "/file/key.pem",
		Auth:            config.Defaults().Auth, // sign-in is off unless configured (auth_test.go)
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("config = %+v\nwant     %+v", cfg, want)
	}
}

func TestConfigFlagOverridesConfigEnv(t *testing.T) {
	fromEnv := writeFile(t, `{"database_url": "postgres:///env-file"}`)
	fromFlag := writeFile(t, `{"database_url": "postgres:///flag-file"}`)
	cfg, err := config.Load([]string{"--config", fromFlag}, env(map[string]string{"MARKETDESK_SERVER_CONFIG": fromEnv}), &bytes.Buffer{})
	if err != nil || cfg.DatabaseURL != "postgres:///flag-file" {
		t.Fatalf("config = %+v, %v; want the --config file's database_url", cfg, err)
	}
}

func TestInvalidSettingsAreRefusedWithTheirSource(t *testing.T) {
	db := "MARKETDESK_SERVER_DATABASE_URL"
	cases := []struct {
		name string
		args []string
		vars map[string]string
		file string
		want string
	}{
		{"unknown key in file", nil, map[string]string{db: "x"}, `{"listne": "127.0.0.1:1"}`, `unknown field "listne"`},
		{"no database", nil, nil, "", "database_url is not set"},
		{"cert without key", []string{"--tls-cert", "c.pem"}, map[string]string{db: "x"}, "", "go together"},
		{"bad listen", []string{"--listen", "8420"}, map[string]string{db: "x"}, "", "not host:port"},
		{"bad level", nil, map[string]string{db: "x", "MARKETDESK_SERVER_LOG_LEVEL": "loud"}, "", "log_level"},
		{"bad env duration", nil, map[string]string{db: "x", "MARKETDESK_SERVER_SHUTDOWN_TIMEOUT": "soon"}, "", "MARKETDESK_SERVER_SHUTDOWN_TIMEOUT"},
		{"positional argument", []string{"serve"}, map[string]string{db: "x"}, "", `unexpected argument "serve"`},
		{"missing file", []string{"--config", "/nonexistent/server.json"}, map[string]string{db: "x"}, "", "read the config file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if c.file != "" {
				args = append(args, "--config", writeFile(t, c.file))
			}
			_, err := config.Load(args, env(c.vars), &bytes.Buffer{})
			if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Load = %v; want invalid_input mentioning %q", err, c.want)
			}
		})
	}
}

func TestHelpListsEveryEnvironmentVariable(t *testing.T) {
	var out bytes.Buffer
	_, err := config.Load([]string{"--help"}, env(nil), &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help = %v, want flag.ErrHelp", err)
	}
	for _, v := range []string{"LISTEN", "TLS_CERT_FILE", "TLS_KEY_FILE", "DATABASE_URL", "LOG_LEVEL", "SHUTDOWN_TIMEOUT", "CONFIG"} {
		if !strings.Contains(out.String(), "MARKETDESK_SERVER_"+v) {
			t.Errorf("--help does not mention MARKETDESK_SERVER_%s", v)
		}
	}
}

// The loopback switches of a test rig are off unless the file turns them on.
func TestTestingSwitchesAreOffByDefaultAndReadFromTheFile(t *testing.T) {
	cfg, err := config.Load(nil, env(map[string]string{"MARKETDESK_SERVER_DATABASE_URL": "postgres:///md"}), &bytes.Buffer{})
	if err != nil || cfg.Testing != (config.Testing{}) {
		t.Fatalf("defaults: testing = %+v, %v; want all off", cfg.Testing, err)
	}
	file := writeFile(t, `{"database_url": "postgres:///md", "testing": {"allow_loopback_feeds": true, "allow_loopback_notices": true}}`)
	cfg, err = config.Load([]string{"--config", file}, env(nil), &bytes.Buffer{})
	if err != nil || !cfg.Testing.AllowLoopbackFeeds || !cfg.Testing.AllowLoopbackNotices {
		t.Fatalf("from the file: testing = %+v, %v; want both on", cfg.Testing, err)
	}
}
