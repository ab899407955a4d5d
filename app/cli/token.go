package cli

import (
	"context"
	"fmt"

	"marketdesk/app/account"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
	"marketdesk/app/manage"
	"marketdesk/app/oauthflow"
	"marketdesk/db"
)

// Installs is the CLI's access to installations.
type Installs struct {
	DB        *db.DB
	Accounts  *account.Store
	Installer *install.Installer
	Manager   *manage.Manager
	Outbox    *manage.Outbox
	Listings  *catalog.Searcher
	// Browser opens the consent of install and reconnect: the system
	// browser, $BROWSER when set, after the same URL check as the window's.
	Browser oauthflow.Opener
	Close   func()
}

// openAsMe opens the installations as the signed-in user: what every
// command about the user's own apps starts with. The caller closes ins.
func openAsMe(ctx context.Context, env Env) (*Installs, account.User, error) {
	ins, err := env.OpenInstaller(ctx)
	if err != nil {
		return nil, account.User{}, err
	}
	me, err := ins.Accounts.Current(ctx)
	if err != nil {
		ins.Close()
		return nil, account.User{}, err
	}
	return ins, me, nil
}

// runToken prints a valid access token of the signed-in user's installation,
// refreshing it first when needed, for scripts (like `gh auth token`).
func runToken(ctx context.Context, inv Invocation, env Env) int {
	ins, me, err := openAsMe(ctx, env)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer ins.Close()
	tok, err := ins.Installer.Token(ctx, me, inv.Args[0])
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	return printOut(env, inv.JSON, tok, fmt.Sprintln(tok.AccessToken), true)
}
