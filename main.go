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
	signedIn := func(ctx context.Context) int64 {
		me, _ := accounts.Current(ctx) // before the account exists: nobody (0)
		return me.ID
	}
	requireManager := func(ctx context.Context, action string) error {
		me, err := accounts.Current(ctx)
		if err != nil {
			return err
		}
		return account.RequireManager(me, action)
	}
	cfg.Handler = cat.Assets
	cfg.OnStartup = func(context.Context) { cat.Syncer.Start(appCtx) }
	cfg.Bind = []any{
		system.NewService(dir, cat.DB, prefs, keychain),
		catalog.NewService(appCtx, cat.Searcher, cat.Syncer, signedIn),
		account.NewService(accounts, events.Emit),
		approval.NewService(approvals, accounts, events.Emit),
		audit.NewService(cat.DB, requireManager, events.SaveFile),
	}
	return desktop.Run(cfg)
}
