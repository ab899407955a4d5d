package config

import (
	"flag"
	"io"
	"time"

	"marketdesk/app/apperr"
)

// setting ties one key to its environment variable and its flag, so the
// three spellings cannot drift apart.
type setting struct {
	key, env, flag, usage string
	field                 func(*Config) *string // nil for shutdown_timeout
}

var settings = []setting{
	{"listen", "LISTEN", "listen", "address to serve on, host:port", func(c *Config) *string { return &c.Listen }},
	{"tls_cert_file", "TLS_CERT_FILE", "tls-cert", "PEM certificate (chain) for HTTPS; empty: plain HTTP behind a proxy", func(c *Config) *string { return &c.TLSCertFile }},
	{"tls_key_file", "TLS_KEY_FILE", "tls-key", "PEM private key for --tls-cert", func(c *Config) *string { return &c.TLSKeyFile }},
	{"database_url", "DATABASE_URL", "database-url", "PostgreSQL connection URL", func(c *Config) *string { return &c.DatabaseURL }},
	{"log_level", "LOG_LEVEL", "log-level", "debug, info, warn or error", func(c *Config) *string { return &c.LogLevel }},
	{"shutdown_timeout", "SHUTDOWN_TIMEOUT", "shutdown-timeout", "how long in-flight requests may finish after SIGTERM, e.g. 30s", nil},
}

type flagValues struct {
	config   string
	strings  map[string]*string
	shutdown time.Duration
}

func newFlagSet(out io.Writer) (*flag.FlagSet, *flagValues) {
	fs := flag.NewFlagSet("marketdesk-server", flag.ContinueOnError)
	fs.SetOutput(out)
	v := &flagValues{strings: map[string]*string{}}
	d := Defaults()
	fs.StringVar(&v.config, "config", "", "JSON config file (or "+EnvPrefix+"CONFIG)")
	for _, s := range settings {
		if s.field == nil {
			fs.DurationVar(&v.shutdown, s.flag, time.Duration(d.ShutdownTimeout), s.usage+" ("+EnvPrefix+s.env+")")
			continue
		}
		v.strings[s.flag] = fs.String(s.flag, *s.field(&d), s.usage+" ("+EnvPrefix+s.env+")")
	}
	return fs, v
}

// apply copies only the flags given on the command line: a flag's default
// must not override the file or the environment.
func (v *flagValues) apply(fs *flag.FlagSet, cfg *Config) {
	fs.Visit(func(f *flag.Flag) {
		for _, s := range settings {
			if s.flag != f.Name {
				continue
			}
			if s.field == nil {
				cfg.ShutdownTimeout = Duration(v.shutdown)
			} else {
				*s.field(cfg) = *v.strings[s.flag]
			}
		}
	})
}

func applyEnv(cfg *Config, getenv func(string) string) error {
	for _, s := range settings {
		val := getenv(EnvPrefix + s.env)
		if val == "" {
			continue
		}
		if s.field != nil {
			*s.field(cfg) = val
			continue
		}
		d, err := time.ParseDuration(val)
		if err != nil {
			return apperr.New(apperr.Invalid, "%s%s=%q is not a duration such as 30s", EnvPrefix, s.env, val)
		}
		cfg.ShutdownTimeout = Duration(d)
	}
	return nil
}
