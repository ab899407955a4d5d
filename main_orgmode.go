package main

import (
	"context"
	"fmt"
	"os"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/audit"
	"marketdesk/app/catalog"
	"marketdesk/app/cli"
	"marketdesk/app/install"
	"marketdesk/app/manage"
	"marketdesk/app/org"
	"marketdesk/app/orgmode"
	"marketdesk/app/vault"
)

// newOrgMode builds the domain services of organization mode over the data
// directory's connection (app/orgmode). They act only while the directory
// is connected; in local mode every bound service behaves as before.
// conn is the process's one connection to the organization (the window's,
// or newOrgConn's for the CLI): one refresher of the session's tokens.
func newOrgMode(cat *cli.Catalog, conn *org.Service) *orgmode.Service {
	om := orgmode.New(conn, cat.DB)
	om.AppType = func(ctx context.Context, id string) (string, error) {
		l, err := cat.Searcher.App(ctx, id)
		return l.Type, err
	}
	om.ListingName = func(ctx context.Context, id string) string {
		l, err := cat.Searcher.App(ctx, id)
		if err != nil {
			return ""
		}
		return l.Name
	}
	return om
}

// orgModeServices are the services organization mode changes.
type orgModeServices struct {
	syncer    *catalog.Syncer
	accounts  *account.Store
	account   *account.Service
	approval  *approval.Service
	audit     *audit.Service
	installer *install.Installer
	install   *install.Service
	manager   *manage.Manager
	manage    *manage.Service
}

// inOrgMode hands the services to the organization while the data
// directory is connected to one: who am I, people, requests and decisions
// and the audit log from the server; the catalog synced from its merged feed; installs admitted by it before the browser opens;
// removals reported to it (it sends the developer's notice); installs and
// removals act as the local stand-in of the SSO identity.
func inOrgMode(om *orgmode.Service, s orgModeServices) {
	s.account.Org, s.approval.Org, s.audit.Org = om, om, om
	s.syncer.SetOrgFeed(om) // each sync adds the organization's feed while connected
	s.installer.SetAdmission(om)
	s.manager.SetOrganization(om)
	me := func(ctx context.Context) (account.User, error) {
		if om.Active(ctx) {
			return om.LocalUser(ctx)
		}
		return s.accounts.Current(ctx)
	}
	s.install.Me, s.manage.Me = me, me
}

// inOrgModeCLI is the CLI's share of organization mode (installed, remove,
// configure, token): installs admitted and removals reported by the
// organization, and its person the local database's current user.
func inOrgModeCLI(ctx context.Context, cat *cli.Catalog, keychain *vault.Vault, installer *install.Installer, manager *manage.Manager) {
	om := newOrgMode(cat, newOrgConn(cat, keychain))
	installer.SetAdmission(om)
	manager.SetOrganization(om)
	if !om.Active(ctx) {
		return
	}
	if _, err := om.LocalUser(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "marketdesk: %s\n", cli.Printable(err.Error()))
	}
}

// newOrgConn is the CLI's connection to the data directory's organization.
func newOrgConn(cat *cli.Catalog, keychain *vault.Vault) *org.Service {
	policy, err := org.LoadPolicy(org.PolicyPath(os.Getenv))
	if err != nil {
		policy = org.Policy{} // a bad policy file is reported by `org status`; the connection still works
	}
	return org.New(org.Config{DB: cat.DB, Vault: keychain, Opener: org.SystemBrowser{}, Policy: policy})
}
