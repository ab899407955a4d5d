// Package config reads the organization server's settings from, in rising
// precedence: built-in defaults, a JSON file (--config or
// MARKETDESK_SERVER_CONFIG), MARKETDESK_SERVER_* environment variables, and
// command-line flags. docs/server.md lists every key.
//
// JSON because the standard library reads it strictly (unknown keys are an
// error, so a typo is not silently ignored) and the server needs no other
// parser.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"marketdesk/app/apperr"
)

// Config is everything the server needs to start.
type Config struct {
	// Listen is the TCP address to serve on. Loopback by default: exposing
	// the server is a decision, made with TLS or a proxy in front.
	Listen string `json:"listen"`
	// TLSCertFile and TLSKeyFile (PEM) make the server speak HTTPS itself.
	// Both empty: plain HTTP, for a TLS-terminating proxy or load balancer.
	TLSCertFile string `json:"tls_cert_file"`
	TLSKeyFile  string `json:"tls_key_file"`
	// DatabaseURL is the PostgreSQL connection string (URL or key=value).
	DatabaseURL string `json:"database_url"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `json:"log_level"`
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after SIGTERM/SIGINT.
	ShutdownTimeout Duration `json:"shutdown_timeout"`

	// Auth is sign-in through the organization's OpenID provider (auth.go).
	Auth Auth `json:"auth"`

	// Testing holds switches for test rigs on one machine; all off by default.
	Testing Testing `json:"testing"`
}

// Testing lets a test rig (the E2E harness) serve what the server reaches
// out to from loopback. Config file only: no variable or flag turns them on
// by accident, and a production server never needs them.
type Testing struct {
	// AllowLoopbackFeeds lets managers add catalog sources on this machine
	// (127.0.0.0/8, ::1): the test's feed server.
	AllowLoopbackFeeds bool `json:"allow_loopback_feeds"`
	// AllowLoopbackNotices lets deauthorization notices and the chat
	// webhook go to loopback URLs: the developer's test receiver.
	AllowLoopbackNotices bool `json:"allow_loopback_notices"`
}

// Duration is a time.Duration written as "30s" in JSON.
type Duration time.Duration

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf(`a duration is a string such as "30s"`)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// Defaults are the values nothing overrides.
func Defaults() Config {
	return Config{Listen: "127.0.0.1:8420", LogLevel: "info", ShutdownTimeout: Duration(30 * time.Second),
		Auth: authDefaults()}
}

// EnvPrefix starts every environment variable the server reads.
const EnvPrefix = "MARKETDESK_SERVER_"

// Load builds the Config from args (without the program name) and getenv.
// Errors are apperr.Invalid and name the source of the bad value;
// flag.ErrHelp is returned as is after printing the usage to out.
func Load(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs, flags := newFlagSet(out)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, err
		}
		return Config{}, apperr.Wrap(apperr.Invalid, err, "%v", err)
	}
	if fs.NArg() > 0 {
		return Config{}, apperr.New(apperr.Invalid, "unexpected argument %q: every setting is a --flag (see --help)", fs.Arg(0))
	}
	cfg := Defaults()
	path := getenv(EnvPrefix + "CONFIG")
	if flags.config != "" {
		path = flags.config
	}
	if path != "" {
		if err := readFile(path, &cfg); err != nil {
			return Config{}, err
		}
	}
	if err := applyEnv(&cfg, getenv); err != nil {
		return Config{}, err
	}
	if err := applyAuthEnv(&cfg.Auth, getenv); err != nil {
		return Config{}, err
	}
	flags.apply(fs, &cfg)
	return cfg, cfg.Validate()
}

func readFile(path string, cfg *Config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return apperr.Wrap(apperr.Invalid, err, "read the config file: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return apperr.Wrap(apperr.Invalid, err, "config file %s: %v", path, err)
	}
	return nil
}

// Validate checks the settings that can be checked without I/O.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return apperr.New(apperr.Invalid, "listen %q is not host:port: %v", c.Listen, err)
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		return apperr.New(apperr.Invalid, "tls_cert_file and tls_key_file go together: set both for HTTPS, or neither to serve plain HTTP behind a TLS proxy")
	}
	if c.DatabaseURL == "" {
		return apperr.New(apperr.Invalid, "database_url is not set: give the PostgreSQL URL with --database-url, %sDATABASE_URL or the config file", EnvPrefix)
	}
	if _, err := c.SlogLevel(); err != nil {
		return err
	}
	if c.ShutdownTimeout <= 0 {
		return apperr.New(apperr.Invalid, "shutdown_timeout must be positive, got %s", time.Duration(c.ShutdownTimeout))
	}
	return c.Auth.Validate()
}

// TLS reports whether the server terminates TLS itself.
func (c Config) TLS() bool { return c.TLSCertFile != "" }

// SlogLevel is LogLevel as a slog.Level.
func (c Config) SlogLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, apperr.New(apperr.Invalid, "log_level %q: use debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}
