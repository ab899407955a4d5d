package orgmode_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/catalog/defaultcatalog"
	"marketdesk/app/cli"
	"marketdesk/app/org"
	"marketdesk/db"
)

// runCLI runs a command line as main does, on d's data directory (its own
// database handle, as a separate CLI process has) and connection.
func (d *desktop) runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	inv, err := cli.Parse(args)
	if err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), inv, cli.Env{Stdout: &out, Stderr: &errOut,
		OpenCatalog: func(ctx context.Context) (*cli.Catalog, error) {
			database, err := db.Open(ctx, d.db.Path)
			if err != nil {
				return nil, err
			}
			return &cli.Catalog{DB: database, Searcher: catalog.NewSearcher(database)}, nil
		},
		OpenOrg: func(context.Context) (*org.Service, func(), error) { return d.conn, func() {}, nil }})
	return code, out.String(), errOut.String()
}

// The CLI's account, request and audit commands act on the organization
// when the data directory is connected.
func TestCLIActsOnTheOrganization(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	asked, err := member.approvals.Ask("daybook", "please")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := manager.runCLI(t, "requests", "list", "--status", "pending", "--json")
	var reqs []approval.Request
	if code != 0 || json.Unmarshal([]byte(out), &reqs) != nil || len(reqs) != 1 || reqs[0].ID != asked.ID {
		t.Fatalf("requests list: %d %s %s", code, out, errOut)
	}
	code, out, errOut = manager.runCLI(t, "requests", "approve", fmt.Sprint(asked.ID), "--note", "from the terminal")
	if code != 0 || !strings.Contains(out, "approved") {
		t.Fatalf("requests approve: %d %q %q", code, out, errOut)
	}
	if mine, err := member.approvals.MyRequests(); err != nil || mine[0].DecisionNote != "from the terminal" {
		t.Fatalf("the member sees %+v, %v", mine, err)
	}
	code, out, _ = manager.runCLI(t, "users", "list")
	if code != 0 || !strings.Contains(out, "max@example.org") || !strings.Contains(out, "olga@example.org") {
		t.Fatalf("users list: %d %q", code, out)
	}
	code, out, _ = manager.runCLI(t, "audit", "export", "--action", "request.")
	if code != 0 || !strings.Contains(out, "request.approved") || !strings.Contains(out, "request.created") {
		t.Fatalf("audit export: %d %q", code, out)
	}
	code, _, errOut = member.runCLI(t, "init", "--account", "Local", "--name", "Max", "--email", "max@example.org")
	if code == 0 || !strings.Contains(errOut, "organization sign-in") {
		t.Fatalf("init in organization mode: %d %q", code, errOut)
	}
	// Issue 16: requests, blocks and users from the command line, at the
	// organization (a request names the app's type: the local catalog's).
	local := catalog.NewSyncer(member.db, defaultcatalog.FS, nil, time.Now, nil)
	if err := local.EnsureEmbeddedSource(context.Background()); err != nil {
		t.Fatal(err)
	}
	local.SyncAll(context.Background())
	code, out, errOut = member.runCLI(t, "requests", "create", "punchcard", "--reason", "slides", "--json")
	var created approval.Request
	if code != 0 || json.Unmarshal([]byte(out), &created) != nil || created.ID == 0 {
		t.Fatalf("requests create: %d %q %q", code, out, errOut)
	}
	if code, out, errOut = member.runCLI(t, "requests", "cancel", fmt.Sprint(created.ID)); code != 0 {
		t.Fatalf("requests cancel: %d %q %q", code, out, errOut)
	}
	code, out, errOut = member.runCLI(t, "requests", "list", "--status", "cancelled", "--json")
	var mine []approval.Request
	if code != 0 || json.Unmarshal([]byte(out), &mine) != nil || !hasStatus(mine, created.ID, "cancelled") {
		t.Fatalf("a member's requests list shows their cancelled request: %d %q %q", code, out, errOut)
	}
	if code, out, errOut = manager.runCLI(t, "approvals", "block", "punchcard", "--note", "not here"); code != 0 {
		t.Fatalf("approvals block: %d %q %q", code, out, errOut)
	}
	if code, _, errOut = member.runCLI(t, "requests", "create", "punchcard"); code != 1 {
		t.Fatalf("a request of a blocked app: %d %q", code, errOut)
	}
	if code, out, errOut = manager.runCLI(t, "approvals", "unblock", "punchcard"); code != 0 {
		t.Fatalf("approvals unblock: %d %q %q", code, out, errOut)
	}
	code, _, errOut = manager.runCLI(t, "users", "switch", "max@example.org")
	if code != 1 || !strings.Contains(errOut, "managed at the organization") {
		t.Fatalf("users switch in organization mode: %d %q", code, errOut)
	}
}

func hasStatus(reqs []approval.Request, id int64, status string) bool {
	for _, r := range reqs {
		if r.ID == id && r.Status == status {
			return true
		}
	}
	return false
}
