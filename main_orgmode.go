package main

import (
	"context"
	"os"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/cli"
	"marketdesk/app/org"
	"marketdesk/app/orgmode"
	"marketdesk/app/vault"
)

// newOrgMode builds the domain services of organization mode over the data
// directory's connection (app/orgmode). They act only while the directory
// is connected; in local mode every bound service behaves as before.
func newOrgMode(cat *cli.Catalog, keychain *vault.Vault) *orgmode.Service {
	policy, err := org.LoadPolicy(org.PolicyPath(os.Getenv))
	if err != nil {
		policy = org.Policy{} // a bad policy file is reported by `org status`; the connection still works
	}
	conn := org.New(org.Config{DB: cat.DB, Vault: keychain, Opener: org.SystemBrowser{}, Policy: policy})
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

// inOrgMode hands the bound account and approval services to the
// organization while the data directory is connected to one.
func inOrgMode(om *orgmode.Service, accounts *account.Service, approvals *approval.Service) {
	accounts.Org, approvals.Org = om, om
}
