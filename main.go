// Marketdesk: the desktop app in which the people of an organization discover,
// approve, install and manage apps. main wires the pieces by hand; with a
// command on the line the same binary is the CLI.
package main

import (
	"context"
	_ "embed" // the app icon
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
	"marketdesk/app/catalog/defaultcatalog"
	"marketdesk/app/cli"
	"marketdesk/app/datadir"
	"marketdesk/app/desktop"
	"marketdesk/app/install"
	"marketdesk/app/manage"
	"marketdesk/app/oauthflow"
	"marketdesk/app/sandbox"
	"marketdesk/app/settings"
	"marketdesk/app/system"
	"marketdesk/app/vault"
	"marketdesk/db"
)

//go:embed build/appicon.png
var icon []byte

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	inv, err := cli.Parse(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: %v\n\n%s", err, cli.Usage)
		return 2
	}
	dir, err := datadir.Resolve(inv.DataDir, datadir.OSGetenv)
	if err != nil {
		return cli.Fail(os.Stderr, inv.JSON, err)
	}
	keychain := vault.New()
	if inv.Command != "" {
		return cli.Run(context.Background(), inv, cli.Env{
			Stdout: os.Stdout, Stderr: os.Stderr, DataDir: dir, Keychain: keychain,
			OpenCatalog: func(ctx context.Context) (*cli.Catalog, error) { return openCatalog(ctx, dir, nil) },
			OpenInstaller: func(ctx context.Context) (*cli.Installs, error) {
				return openInstaller(ctx, dir, keychain)
			},
		})
	}
	if err := runDesktop(dir, keychain); err != nil {
		if !errors.Is(err, errReported) {
			cli.Fail(os.Stderr, false, err)
		}
		return 1
	}
	return 0
}

// errReported marks a failure already printed before the window opened.
var errReported = errors.New("reported")

// openCatalog opens the data directory and builds the catalog over it.
func openCatalog(ctx context.Context, dir string, emit catalog.Emitter) (*cli.Catalog, error) {
	if err := datadir.Ensure(dir); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	database, err := db.Open(ctx, filepath.Join(dir, db.FileName))
	if err != nil {
		return nil, err
	}
	syncer := catalog.NewSyncer(database, defaultcatalog.FS, nil, time.Now, emit)
	if err := syncer.EnsureEmbeddedSource(ctx); err != nil {
		database.Close()
		return nil, err
	}
	assets := catalog.NewAssets(database, defaultcatalog.FS, nil, time.Now)
	syncer.PrefetchIconsWith(assets)
	return &cli.Catalog{DB: database, Syncer: syncer, Searcher: catalog.NewSearcher(database), Assets: assets}, nil
}

// startSandbox runs the built-in authorization server of the embedded
// catalog on loopback, acting for the account's signed-in user.
func startSandbox(ctx context.Context, cat *cli.Catalog, accounts *account.Store) (*sandbox.Server, error) {
	current, byID := sandbox.UsersFromAccounts(accounts)
	srv, err := sandbox.New(sandbox.Config{ClientByID: sandbox.ClientsFromCatalog(cat.Searcher), CurrentUser: current,
		UserByID: byID, DB: cat.DB, Now: time.Now})
	if err != nil {
		return nil, err
	}
	if _, err := srv.Start(ctx, ""); err != nil {
		return nil, fmt.Errorf("start the sandbox authorization server: %w", err)
	}
	return srv, nil
}

func newInstaller(cat *cli.Catalog, approvals *approval.Store, keychain *vault.Vault, srv *sandbox.Server) *install.Installer {
	return install.New(install.Config{DB: cat.DB, Listings: cat.Searcher, Approvals: approvals, Vault: keychain,
		Resolver: install.SandboxResolver{Issuer: srv.Issuer}, Now: time.Now})
}

// openInstaller is the CLI's access to installations (marketdesk token).
func openInstaller(ctx context.Context, dir string, keychain *vault.Vault) (*cli.Installs, error) {
	cat, err := openCatalog(ctx, dir, nil)
	if err != nil {
		return nil, err
	}
	accounts := account.New(cat.DB, time.Now)
	srv, err := startSandbox(ctx, cat, accounts)
	if err != nil {
		cat.DB.Close()
		return nil, err
	}
	approvals := approval.New(cat.DB, accounts, time.Now)
	installer := newInstaller(cat, approvals, keychain, srv)
	manager := manage.New(cat.DB, installer, cat.Searcher, keychain, time.Now)
	outbox := manage.NewOutbox(cat.DB, keychain, nil, time.Now, srv.Issuer)
	if _, err := manager.RecoverRemovals(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: finishing an interrupted removal: %v\n", err)
	}
	return &cli.Installs{DB: cat.DB, Accounts: accounts, Installer: installer, Manager: manager, Outbox: outbox,
		Close: func() { srv.Close(); cat.DB.Close() }}, nil
}

func runDesktop(dir string, keychain *vault.Vault) error {
	assets, err := fs.Sub(frontendDist, "frontend/dist")
	if err != nil {
		return errors.New("the frontend is missing from this build: run `make build`")
	}
	events := &desktop.Events{}
	cfg := desktop.Config{Assets: assets, Icon: icon, DataDir: dir, Events: events}
	appCtx, stop := context.WithCancel(context.Background())
	defer stop()

	cat, err := openCatalog(appCtx, dir, events.Emit)
	if err != nil {
		// Still open the window, so that a person who started Marketdesk from a
		// menu reads why it cannot work; the file itself is left as it is.
		fmt.Fprintf(os.Stderr, "marketdesk: %v\n", err)
		cfg.Bind = []any{system.NewFailedService(dir, keychain, err)}
		if runErr := desktop.Run(cfg); runErr != nil {
			return runErr
		}
		return errReported
	}
	defer cat.DB.Close()
	prefs := settings.New(cat.DB, time.Now)
	if err := prefs.RecordFirstRun(appCtx); err != nil {
		return err
	}
	accounts := account.New(cat.DB, time.Now)
	approvals := approval.New(cat.DB, accounts, time.Now)
	requireManager := func(ctx context.Context, action string) error {
		me, err := accounts.Current(ctx)
		if err != nil {
			return err
		}
		return account.RequireManager(me, action)
	}
	srv, err := startSandbox(appCtx, cat, accounts)
	if err != nil {
		return err
	}
	defer srv.Close()
	installer := newInstaller(cat, approvals, keychain, srv)
	if n, err := installer.RecoverInterrupted(appCtx); err == nil && n > 0 {
		fmt.Fprintf(os.Stderr, "marketdesk: %d installation(s) interrupted by a stop were cleaned up\n", n)
	}
	var opener oauthflow.Opener = desktop.Browser{Events: events}
	installs := install.NewService(appCtx, installer, accounts, opener, events.Emit)
	installs.Focus = events.Focus
	manager := manage.New(cat.DB, installer, cat.Searcher, keychain, time.Now)
	outbox := manage.NewOutbox(cat.DB, keychain, nil, time.Now, srv.Issuer)
	outbox.Delivered = func(string) { events.Emit(manage.ChangedEvent, nil) }

	cfg.Handler = cat.Assets
	cfg.OnStartup = func(context.Context) {
		cat.Syncer.Start(appCtx)
		go func() { // off the start-up path: a removal may wait on the network
			if _, err := manager.RecoverRemovals(appCtx); err != nil {
				fmt.Fprintf(os.Stderr, "marketdesk: finishing an interrupted removal: %v\n", err)
			}
			outbox.Run(appCtx) // notices and revocations that wait, also from earlier runs
		}()
	}
	cfg.Bind = []any{
		system.NewService(dir, cat.DB, prefs, keychain),
		catalog.NewService(appCtx, cat.Searcher, cat.Syncer, accounts),
		account.NewService(accounts, events.Emit),
		approval.NewService(approvals, accounts, events.Emit),
		audit.NewService(cat.DB, requireManager, events.SaveFile),
		installs,
		manage.NewService(appCtx, manager, outbox, accounts, opener, events.Emit),
	}
	return desktop.Run(cfg)
}
