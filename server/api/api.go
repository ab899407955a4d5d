// Package api is the organization server's HTTP API: health and readiness
// for load balancers, and the versioned JSON API under /api/v1. Every error
// is an ErrorBody.
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/server/identity"
)

// Readiness is the database as /readyz sees it (implemented by *db.DB).
type Readiness interface {
	Ready(ctx context.Context) (schemaVersion int, err error)
}

// Options are the handler's dependencies.
type Options struct {
	Logger        *slog.Logger
	DB            Readiness
	Version       string // of the binary
	SchemaVersion int    // the schema this binary was built for

	Verifier identity.Verifier // checks bearer tokens (server/auth)
	Routes   []Route           // the API's routes beside health and version
}

// ProbePaths are the health checks of load balancers and orchestrators.
var ProbePaths = []string{"/healthz", "/readyz"}

// readyTimeout keeps /readyz quick when PostgreSQL hangs: a load balancer
// probing it would otherwise pile up connections.
const readyTimeout = 2 * time.Second

// New returns the API's handler.
func New(o Options) http.Handler {
	mux := http.NewServeMux()
	handle := func(path string, methods string, h http.HandlerFunc) {
		mux.Handle(path, only(o.Logger, methods, h))
	}
	handle("/healthz", "GET HEAD", o.healthz)
	handle("/readyz", "GET HEAD", o.readyz)
	handle("/api/v1/version", "GET HEAD", o.version)
	mount(mux, o, o.Routes)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, o.Logger, apperr.New(apperr.NotFound, "no route %s %s", r.Method, r.URL.Path))
	})
	return recoverPanics(o.Logger, mux)
}

// healthz answers while the process serves; it never touches the database,
// so a PostgreSQL outage does not make an orchestrator restart every replica.
func (o Options) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when this replica can serve requests: PostgreSQL
// answers and its schema is the one this binary needs.
func (o Options) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	v, err := o.DB.Ready(ctx)
	if err != nil {
		o.Logger.WarnContext(r.Context(), "not ready", "error", err)
		writeError(w, r, o.Logger, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "schema_version": v})
}

// VersionInfo is the body of GET /api/v1/version.
type VersionInfo struct {
	Version       string `json:"version"`
	API           string `json:"api"`
	SchemaVersion int    `json:"schema_version"`
}

func (o Options) version(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, VersionInfo{Version: o.Version, API: "v1", SchemaVersion: o.SchemaVersion})
}

// only lets the listed methods through and answers the others 405 with an
// ErrorBody (the standard mux would answer in plain text).
func only(log *slog.Logger, methods string, h http.HandlerFunc) http.Handler {
	allowed := strings.Fields(methods)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range allowed {
			if r.Method == m {
				h(w, r)
				return
			}
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, r, log, apperr.New(MethodNotAllowed, "%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
	})
}

// recoverPanics turns a panic in a handler into a logged internal error
// instead of a dropped connection.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				writeError(w, r, log, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
