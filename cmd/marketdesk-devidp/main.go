// Command marketdesk-devidp is the development OpenID Connect provider
// (server/devidp): users and clients from a JSON file, for running the
// organization server's SSO offline, in tests and demos. Never in
// production. See docs/devidp.md.
//
//	marketdesk-devidp --config docs/examples/devidp.json [--listen 127.0.0.1:9998] [--issuer URL] [--log-level debug]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/server/devidp"
)

const (
	defaultListen   = "127.0.0.1:9998"
	shutdownTimeout = 10 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "marketdesk-devidp:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
}

// options are the command line.
type options struct {
	listen, config, issuer, logLevel string
}

func parseOptions(args []string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("marketdesk-devidp", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.listen, "listen", defaultListen, "address to listen on (loopback only)")
	fs.StringVar(&o.config, "config", "", "the users and clients, a JSON file (docs/devidp.md); required")
	fs.StringVar(&o.issuer, "issuer", "", "issuer URL (default http://LISTEN-ADDRESS)")
	fs.StringVar(&o.logLevel, "log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, apperr.New(apperr.Invalid, "unexpected argument %q", fs.Arg(0))
	}
	if o.config == "" {
		return o, apperr.New(apperr.Invalid, "--config FILE is required (see docs/examples/devidp.json)")
	}
	return o, nil
}

// run serves until ctx is done, then shuts down gracefully. ready, when
// set, gets the issuer once the provider is listening (for tests).
func run(ctx context.Context, args []string, logOut io.Writer, ready func(issuer string)) error {
	o, err := parseOptions(args, logOut)
	if err != nil {
		return err
	}
	log, err := newLogger(logOut, o.logLevel)
	if err != nil {
		return err
	}
	slog.SetDefault(log) // zitadel/oidc logs its refusals through the default logger
	dir, err := devidp.LoadDirectory(o.config)
	if err != nil {
		return err
	}
	ln, err := listenLoopback(ctx, o.listen)
	if err != nil {
		return err
	}
	issuer := o.issuer
	if issuer == "" {
		issuer = "http://" + ln.Addr().String()
	}
	p, err := devidp.New(devidp.Config{Issuer: issuer, Directory: dir, Logger: log})
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("development identity provider listening — for development and tests only; tokens do not survive a restart",
		"issuer", p.Issuer(), "address", ln.Addr().String(), "users", len(dir.Users), "clients", len(dir.Clients))
	if ready != nil {
		ready(p.Issuer())
	}
	return serve(ctx, srv, ln, log)
}

// serve runs srv on ln until ctx is done, then lets requests in flight finish.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return apperr.Wrap(apperr.Unavailable, err, "serving stopped: %v", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return apperr.Wrap(apperr.Unavailable, err, "graceful shutdown: %v", err)
	}
	return nil
}

// listenLoopback refuses any address but a loopback one: the provider holds
// plain-text passwords and signs in anyone who knows them.
func listenLoopback(ctx context.Context, addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, err, "--listen %q is not host:port", addr)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, apperr.New(apperr.Invalid, "--listen %q is not a loopback address (127.0.0.0/8 or ::1): the development identity provider is for this machine only", addr)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, apperr.Wrap(apperr.Unavailable, err, "cannot listen on %s: %v", addr, err)
	}
	return ln, nil
}

func newLogger(out io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, apperr.New(apperr.Invalid, "--log-level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: l})), nil
}
