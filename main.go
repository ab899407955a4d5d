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
	"sync/atomic"
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
	"marketdesk/app/netguard"
	"marketdesk/app/oauthflow"
	"marketdesk/app/org"
	"marketdesk/app/orgdesk"
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
		fmt.Fprintf(os.Stderr, "marketdesk: %s\n\n%s", cli.Printable(err.Error()), cli.Usage)
		return 2
	}
	dir, err := datadir.Resolve(inv.DataDir, datadir.OSGetenv)
	if err != nil {
		return cli.Fail(os.Stderr, inv.JSON, err)
	}
	keychain := vault.New()
	guard := newOutbound()
	if inv.Command != "" {
		return cli.Run(context.Background(), inv, cli.Env{
			Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, DataDir: dir, Keychain: keychain,
			OpenCatalog: func(ctx context.Context) (*cli.Catalog, error) { return openCatalog(ctx, dir, nil, guard) },
			OpenCatalogAt: func(ctx context.Context, other string) (*cli.Catalog, error) {
				return openCatalog(ctx, other, nil, guard)
			},
			OpenInstaller: func(ctx context.Context) (*cli.Installs, error) {
				return openInstaller(ctx, dir, keychain, guard)
			},
			OpenOrg: func(ctx context.Context) (*org.Service, func(), error) { return openOrg(ctx, dir, keychain) },
		})
	}
	if err := runDesktop(dir, keychain, guard); err != nil {
		if !errors.Is(err, errReported) {
			cli.Fail(os.Stderr, false, err)
		}
		return 1
	}
	return 0
}

// errReported marks a failure already printed before the window opened.
var errReported = errors.New("reported")

// outbound is the process's one netguard: everything fetched or opened in
// the browser goes through it. It is built before the sandbox starts and asks
// the sandbox, once running, for the one origin plain http may reach.
type outbound struct {
	*netguard.Guard
	sandbox atomic.Pointer[sandbox.Server]
}

func newOutbound() *outbound {
	o := &outbound{}
	o.Guard = netguard.New(netguard.Config{Sandbox: func() string {
		if s := o.sandbox.Load(); s != nil {
			return s.Issuer()
		}
		return ""
	}})
	return o
}

// openCatalog opens the data directory and builds the catalog over it.
func openCatalog(ctx context.Context, dir string, emit catalog.Emitter, guard *outbound) (*cli.Catalog, error) {
	if err := datadir.Ensure(dir); err != nil {
		if _, refused := db.WriteRefused(err); !refused { // a read-only directory can still be searched
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	database, readOnly, err := db.OpenOrRead(ctx, filepath.Join(dir, db.FileName))
	if err != nil {
		return nil, err
	}
	if readOnly != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: %s\n", cli.Printable(readOnly.Error()))
	}
	syncer := catalog.NewSyncer(database, defaultcatalog.FS, guard.Client(), time.Now, emit)
	if err := syncer.EnsureEmbeddedSource(ctx); err != nil && readOnly == nil {
		database.Close()
		return nil, err
	}
	assets := catalog.NewAssets(database, defaultcatalog.FS, guard.Client(), time.Now)
	syncer.PrefetchIconsWith(assets)
	return &cli.Catalog{DB: database, Syncer: syncer, Searcher: catalog.NewSearcher(database), Assets: assets}, nil
}

// startSandbox runs the built-in authorization server of the embedded
// catalog on loopback, acting for the account's signed-in user.
func startSandbox(ctx context.Context, cat *cli.Catalog, accounts *account.Store, keychain *vault.Vault, guard *outbound) (*sandbox.Server, error) {
	current, byID := sandbox.UsersFromAccounts(accounts)
	srv, err := sandbox.New(sandbox.Config{ClientByID: sandbox.ClientsFromCatalog(cat.Searcher), CurrentUser: current,
		UserByID: byID, DB: cat.DB, Now: time.Now, Vault: keychain})
	if err != nil {
		return nil, err
	}
	if _, err := srv.Start(ctx, ""); err != nil {
		return nil, fmt.Errorf("start the sandbox authorization server: %w", err)
	}
	guard.sandbox.Store(srv)
	return srv, nil
}

// scopeKeychain returns the keychain scoped to the data directory of d (the
// vault names every item; see app/vault/scope.go), after moving the items
// written before scopes existed. A keychain that does not answer now is only
// reported: the move is tried again on the next start.
func scopeKeychain(ctx context.Context, d *db.DB, keychain *vault.Vault) (*vault.Vault, error) {
	scoped, moved, err := keychain.ForDatabase(ctx, d)
	if scoped == nil {
		return nil, err
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: %s (tried again on the next start)\n", cli.Printable(err.Error()))
	}
	if moved > 0 {
		fmt.Fprintf(os.Stderr, "marketdesk: %d keychain item(s) moved to this data directory's names\n", moved)
	}
	return scoped, nil
}

func newInstaller(cat *cli.Catalog, approvals *approval.Store, keychain *vault.Vault, srv *sandbox.Server, guard *outbound) *install.Installer {
	return install.New(install.Config{DB: cat.DB, Listings: cat.Searcher, Approvals: approvals, Vault: keychain,
		Resolver: install.SandboxResolver{Issuer: srv.Issuer, Client: guard.Client(), Expect: srv.ExpectFlow}, Client: guard.Client(), Now: time.Now})
}

// newManager builds configure/remove and the outbox over the guarded client.
func newManager(cat *cli.Catalog, installer *install.Installer, keychain *vault.Vault, srv *sandbox.Server, guard *outbound) (*manage.Manager, *manage.Outbox) {
	manager := manage.New(cat.DB, installer, cat.Searcher, keychain, time.Now)
	manager.SetClient(guard.Client())
	return manager, manage.NewOutbox(cat.DB, keychain, guard.Client(), time.Now, srv.Issuer)
}

// openInstaller is the CLI's access to installations (marketdesk token).
func openInstaller(ctx context.Context, dir string, keychain *vault.Vault, guard *outbound) (*cli.Installs, error) {
	cat, err := openCatalog(ctx, dir, nil, guard)
	if err != nil {
		return nil, err
	}
	if keychain, err = scopeKeychain(ctx, cat.DB, keychain); err != nil {
		cat.DB.Close()
		return nil, err
	}
	accounts := account.New(cat.DB, time.Now)
	srv, err := startSandbox(ctx, cat, accounts, keychain, guard)
	if err != nil {
		cat.DB.Close()
		return nil, err
	}
	approvals := approval.New(cat.DB, accounts, time.Now)
	installer := newInstaller(cat, approvals, keychain, srv, guard)
	manager, outbox := newManager(cat, installer, keychain, srv, guard)
	inOrgModeCLI(ctx, cat, keychain, installer, manager) // organization mode (main_orgmode.go)
	if _, err := manager.RecoverRemovals(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: finishing an interrupted removal: %s\n", cli.Printable(err.Error()))
	}
	return &cli.Installs{DB: cat.DB, Accounts: accounts, Installer: installer, Manager: manager, Outbox: outbox,
		Listings: cat.Searcher, Browser: cliBrowser{guard.Guard},
		Close: func() { srv.Close(); cat.DB.Close() }}, nil
}

// cliBrowser is the CLI's system browser for an install's consent: the
// window's URL check (https, or http to the built-in sandbox), then
// $BROWSER or the platform's opener (org.SystemBrowser).
type cliBrowser struct{ guard *netguard.Guard }

func (b cliBrowser) Open(url string) error {
	if err := b.guard.CheckOpen(url); err != nil {
		return err
	}
	return org.SystemBrowser{}.Open(url)
}

// openOrg is the CLI's connection to the organization server (app/org):
// the data directory's database and keychain scope, and the managed policy.
func openOrg(ctx context.Context, dir string, keychain *vault.Vault) (*org.Service, func(), error) {
	policy, err := org.LoadPolicy(org.PolicyPath(os.Getenv))
	if err != nil {
		return nil, nil, err
	}
	if err := datadir.Ensure(dir); err != nil {
		return nil, nil, fmt.Errorf("create data directory: %w", err)
	}
	database, err := db.Open(ctx, filepath.Join(dir, db.FileName))
	if err != nil {
		return nil, nil, err
	}
	if keychain, err = scopeKeychain(ctx, database, keychain); err != nil {
		database.Close()
		return nil, nil, err
	}
	svc := org.New(org.Config{DB: database, Vault: keychain, Opener: org.SystemBrowser{}, Policy: policy})
	return svc, func() { database.Close() }, nil
}

func runDesktop(dir string, keychain *vault.Vault, guard *outbound) error {
	assets, err := fs.Sub(frontendDist, "frontend/dist")
	if err != nil {
		return errors.New("the frontend is missing from this build: run `make build`")
	}
	events := &desktop.Events{}
	cfg := desktop.Config{Assets: assets, Icon: icon, DataDir: dir, Events: events}
	appCtx, stop := context.WithCancel(context.Background())
	defer stop()

	cat, err := openCatalog(appCtx, dir, events.Emit, guard)
	if err != nil {
		// Still open the window, so that a person who started Marketdesk from a
		// menu reads why it cannot work; the file itself is left as it is.
		fmt.Fprintf(os.Stderr, "marketdesk: %s\n", cli.Printable(err.Error()))
		cfg.Bind = []any{system.NewFailedService(dir, keychain, err)}
		if runErr := desktop.Run(cfg); runErr != nil {
			return runErr
		}
		return errReported
	}
	defer cat.DB.Close()
	if keychain, err = scopeKeychain(appCtx, cat.DB, keychain); err != nil {
		return err
	}
	prefs := settings.New(cat.DB, time.Now)
	if err := prefs.RecordFirstRun(appCtx); err != nil {
		if _, refused := db.SQLiteRefused(err); !refused { // a read-only database still shows the catalog
			return err
		}
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
	srv, err := startSandbox(appCtx, cat, accounts, keychain, guard)
	if err != nil {
		return err
	}
	defer srv.Close()
	installer := newInstaller(cat, approvals, keychain, srv, guard)
	if n, err := installer.RecoverInterrupted(appCtx); err == nil && n > 0 {
		fmt.Fprintf(os.Stderr, "marketdesk: %d installation(s) interrupted by a stop were cleaned up\n", n)
	}
	browser := desktop.Browser{Events: events, Guard: guard.Guard}
	var opener oauthflow.Opener = browser
	installs := install.NewService(appCtx, installer, accounts, opener, events.Emit)
	installs.Focus = events.Focus
	manager, outbox := newManager(cat, installer, keychain, srv, guard)
	outbox.Delivered = func(string) { events.Emit(manage.ChangedEvent, nil) }

	// The organization connection (issue 12): Settings → Organization, the
	// first-run screen, and the one event stream while connected.
	// Its sign-in opens the organization server's own page: https, or plain
	// http to loopback for a development server (the CLI's rule, netguard.Of).
	orgBrowser := desktop.Browser{Events: events, Guard: netguard.Of(nil)}
	orgSvc, orgConn, err := openOrgDesktop(appCtx, cat.DB, keychain, orgBrowser, events.Emit, events)
	if err != nil {
		return err
	}

	cfg.Handler = prefs.ThemeScript(cat.Assets) // /theme.js: the window opens in the chosen theme
	// The organization's merged feed joins the catalog at a sign-in and whenever it changes.
	orgConn.CatalogChanged = func() { cat.Syncer.Start(appCtx) }
	cfg.OnStartup = func(context.Context) {
		// The cache shows at once; sources synced within the interval are not
		// synced again while the page loads (catalog.StaleAfter).
		cat.Syncer.StartIfStale(appCtx)
		go func() { // first start: the sandbox's RSA key is made off the window's path
			if err := srv.PrepareSigningKey(appCtx); err != nil && appCtx.Err() == nil {
				fmt.Fprintf(os.Stderr, "marketdesk: preparing the sandbox's signing key: %s\n", cli.Printable(err.Error()))
			}
		}()
		go orgdesk.Start(orgConn)
		go func() { // off the start-up path: a removal may wait on the network
			if _, err := manager.RecoverRemovals(appCtx); err != nil {
				fmt.Fprintf(os.Stderr, "marketdesk: finishing an interrupted removal: %s\n", cli.Printable(err.Error()))
			}
			outbox.Run(appCtx) // notices and revocations that wait, also from earlier runs
		}()
	}
	accountService := account.NewService(accounts, events.Emit)
	approvalService := approval.NewService(approvals, accounts, events.Emit)
	manageService := manage.NewService(appCtx, manager, outbox, accounts, opener, events.Emit)
	auditService := audit.NewService(cat.DB, requireManager, events.SaveFile)
	// Organization mode (app/orgmode, main_orgmode.go): while the data
	// directory is connected, these services act on the organization.
	inOrgMode(newOrgMode(cat, orgSvc), orgModeServices{syncer: cat.Syncer, accounts: accounts, account: accountService,
		approval: approvalService, audit: auditService, installer: installer, install: installs, manager: manager, manage: manageService})

	cfg.Bind = []any{
		system.NewService(dir, cat.DB, prefs, keychain),
		settings.NewService(prefs), // the theme chosen in Settings
		catalog.NewService(appCtx, cat.Searcher, cat.Syncer, accounts),
		accountService,
		approvalService,
		auditService,
		installs,
		manageService,
		&desktop.Links{Browser: browser}, // every link the frontend opens
		orgConn,
	}
	return desktop.Run(cfg)
}

// openOrgDesktop is the window's organization connection: the data
// directory's database and keychain scope, the managed policy, the app's
// browser opener (the $BROWSER hook of the E2E harness) and OS notifications.
// It returns the org.Service too: one per window, shared by whatever else
// talks to the server.
func openOrgDesktop(ctx context.Context, database *db.DB, keychain *vault.Vault, browser desktop.Browser, emit func(string, any), window orgdesk.Notifier) (*org.Service, *orgdesk.Service, error) {
	policy, err := org.LoadPolicy(org.PolicyPath(os.Getenv))
	if err != nil {
		return nil, nil, err
	}
	svc := org.New(org.Config{DB: database, Vault: keychain, Opener: browser, Policy: policy})
	return svc, orgdesk.NewService(ctx, svc, emit, orgdesk.SystemNotifier(window)), nil
}
