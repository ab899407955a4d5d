// Command marketdesk-server is the organization server: one account shared by
// every desktop of an organization, on PostgreSQL. It is stateless, so any
// number of replicas can run behind a load balancer. It links no WebKit/GTK
// and builds with CGO_ENABLED=0 (scripts/test.sh checks both).
//
// Configuration: docs/server.md (a JSON file, MARKETDESK_SERVER_* variables,
// flags). It migrates the database at start, then serves until SIGTERM or
// SIGINT, letting requests in flight finish.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"syscall"
	"time"

	"marketdesk/app/netguard"
	"marketdesk/server/api"
	"marketdesk/server/auth"
	"marketdesk/server/catalogsrv"
	"marketdesk/server/config"
	"marketdesk/server/db"
	"marketdesk/server/events"
	"marketdesk/server/httpserver"
	"marketdesk/server/notices"
	"marketdesk/server/reminders"
)

// version and commit are set at build time from the release tag
// (-ldflags "-X main.version=... -X main.commit=...", see make server).
var (
	version = "dev"
	commit  = ""
)

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stderr))
}

// run returns the exit status: 0 after a clean shutdown, 2 for bad
// configuration, 1 for anything else.
func run(args []string, getenv func(string) string, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "marketdesk-server: %v\n", err)
		return 2
	}
	level, _ := cfg.SlogLevel() // validated by Load
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("marketdesk-server stopped", "error", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	return serveWith(ctx, cfg, log, testingWiring(cfg.Testing, log))
}

// testingWiring is production's wiring with the config file's test-rig
// switches applied (docs/server.md, "testing"): a feed server and a
// developer's notice receiver on this machine.
func testingWiring(t config.Testing, log *slog.Logger) wiring {
	var w wiring
	if t.AllowLoopbackFeeds {
		log.Warn("testing.allow_loopback_feeds is on: managers may add catalog sources on this machine")
		w.catalog.AllowLoopbackFeeds = true
	}
	if t.AllowLoopbackNotices {
		log.Warn("testing.allow_loopback_notices is on: notices and the chat webhook may go to this machine")
		loopbackIsPublic := func(a netip.Addr) netguard.Class {
			if c := netguard.Classify(a); c != netguard.Loopback {
				return c
			}
			return netguard.Public
		}
		w.notices.Client = netguard.New(netguard.Config{Classify: loopbackIsPublic}).Client()
		w.notices.AllowLoopback = true
	}
	return w
}

// wiring is what a test changes in serve; the zero value is production's.
// The organization-flow test (orgflow_test.go) runs the whole server with
// a listener it opened (so the provider knows the callback URL first) and
// clients that count its 127.0.0.1 receivers and feed as the internet.
type wiring struct {
	listener net.Listener
	notices  notices.Options    // Logger is always the server's
	catalog  catalogsrv.Options // only Client and AllowLoopbackFeeds are used
	// remindEvery is how often the reminder job looks for lapses (default a minute).
	remindEvery time.Duration
}

func serveWith(ctx context.Context, cfg config.Config, log *slog.Logger, w wiring) error {
	log.Info("starting", "version", version, "commit", commit, "schema_version", db.LatestVersion())
	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	database, err := db.Open(openCtx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer database.Close()
	// Every replica migrates at start; the advisory lock makes the others wait.
	if err := database.Migrate(ctx); err != nil {
		return err
	}
	// --- server/notices: River's schema, then this replica's deliveries of
	// deauthorization notices and chat messages (docs/server-notices.md).
	deliveries, stopDeliveries, err := startNotices(ctx, database, log, time.Duration(cfg.ShutdownTimeout), w.notices)
	if err != nil {
		return err
	}
	defer stopDeliveries()
	// --- end server/notices
	ln := w.listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.Listen); err != nil {
			return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
		}
	}
	if !cfg.TLS() && !isLoopback(ln.Addr()) {
		log.Warn("serving plain HTTP on a non-loopback address: put a TLS-terminating proxy in front, or set tls_cert_file and tls_key_file",
			"address", ln.Addr().String())
	}
	// Live updates (server/events, docs/server-events.md): every change
	// publishes in its transaction; this replica's hub LISTENs on its own
	// connection; its streams close when ctx ends, so they do not hold up
	// the graceful shutdown.
	var publisher events.Publisher = events.Store{}
	hubCtx, stopHub := context.WithCancel(ctx)
	hub := events.NewHub(database.Pool, events.Options{Logger: log})
	if err := hub.Start(hubCtx); err != nil {
		stopHub()
		return err
	}
	defer func() { stopHub(); hub.Wait() }()

	apiOptions := api.Options{Logger: log, DB: database, Version: version, SchemaVersion: db.LatestVersion()}

	// Sign-in (server/auth, docs/server-auth.md): the desktops' OAuth
	// endpoints and the Verifier of their access tokens.
	signIn := auth.New(auth.Options{Config: cfg.Auth, DB: database, Logger: log, Events: publisher})
	apiOptions.Verifier = signIn.Verifier()
	apiOptions.Routes = apiRoutesWith(database, log, publisher, signIn, deliveries, hub, w.catalog)

	// The hourly sync of the catalog sources (server/catalogsrv), stopped
	// before the pool closes.
	syncCtx, stopSyncs := context.WithCancel(ctx)
	syncsDone := make(chan struct{})
	go func() {
		defer close(syncsDone)
		catalogsrv.RunScheduledSyncs(syncCtx, database, publisher, catalogsrv.Options{Logger: log,
			Client: w.catalog.Client, AllowLoopbackFeeds: w.catalog.AllowLoopbackFeeds})
	}()
	defer func() { stopSyncs(); <-syncsDone }()

	// --- server/reminders: pre-approvals about to lapse, once a day to the
	// account's chat channel; a lapse tells desktops (docs/server-api.md).
	remindCtx, stopReminders := context.WithCancel(ctx)
	remindersDone := make(chan struct{})
	go func() {
		defer close(remindersDone)
		reminders.New(database, reminders.Options{Logger: log, Publisher: publisher, Chat: reminders.NoticesChat, Tick: w.remindEvery}).Run(remindCtx)
	}()
	defer func() { stopReminders(); <-remindersDone }()
	// --- end server/reminders

	handler := api.New(apiOptions)
	return httpserver.Run(ctx, ln, handler, httpserver.Options{
		Logger:          log,
		ShutdownTimeout: time.Duration(cfg.ShutdownTimeout),
		TLSCertFile:     cfg.TLSCertFile,
		TLSKeyFile:      cfg.TLSKeyFile,
		ProbePaths:      api.ProbePaths,
	})
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
