// Package httpserver runs the organization server's HTTP(S) listener: request
// ids, one JSON access-log line per request, optional TLS from PEM files, and
// a graceful shutdown when the context ends (SIGTERM/SIGINT in main), during
// which requests already running may finish.
package httpserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"marketdesk/app/apperr"
)

// Options configure Run.
type Options struct {
	Logger *slog.Logger
	// ShutdownTimeout bounds the wait for in-flight requests once ctx ends;
	// requests still running then are cut off.
	ShutdownTimeout time.Duration
	// TLSCertFile and TLSKeyFile: HTTPS when set, plain HTTP otherwise.
	TLSCertFile, TLSKeyFile string
	// ProbePaths are health-check routes whose successful requests are
	// logged at debug level only.
	ProbePaths []string
}

// Run serves handler on ln until ctx ends, then shuts down gracefully: the
// listener closes at once (so a load balancer's next try goes to another
// replica) and requests in flight may finish within ShutdownTimeout. It
// returns nil after a clean shutdown.
func Run(ctx context.Context, ln net.Listener, handler http.Handler, opts Options) error {
	srv := &http.Server{
		Handler:           WithRequestID(AccessLog(opts.Logger, opts.ProbePaths, handler)),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: event streams stay open for as long as a desktop listens.
		ErrorLog: slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn),
	}
	// Decided here, not by reading srv.TLSConfig later: Serve writes to it.
	useTLS := opts.TLSCertFile != ""
	if useTLS {
		cert, err := tls.LoadX509KeyPair(opts.TLSCertFile, opts.TLSKeyFile)
		if err != nil {
			ln.Close() // Run owns ln from the call on
			return apperr.Wrap(apperr.Invalid, err, "load the TLS certificate %s and key %s: %v", opts.TLSCertFile, opts.TLSKeyFile, err)
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	served := make(chan error, 1)
	go func() {
		if useTLS {
			served <- srv.ServeTLS(ln, "", "")
		} else {
			served <- srv.Serve(ln)
		}
	}()
	opts.Logger.Info("listening", "address", ln.Addr().String(), "tls", useTLS)

	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	opts.Logger.Info("shutting down: no new connections; waiting for requests in flight", "timeout", opts.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opts.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off: %w", opts.ShutdownTimeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	opts.Logger.Info("stopped")
	return nil
}
