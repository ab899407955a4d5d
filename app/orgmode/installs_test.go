package orgmode_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/approval"
	"marketdesk/app/catalog"
	"marketdesk/app/catalog/defaultcatalog"
	"marketdesk/app/install"
	"marketdesk/app/manage"
	"marketdesk/app/orgmode"
	"marketdesk/app/sandbox"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/server/catalogsrv"
)

// installs is the desktop's install and manage services as main.go builds
// them: the embedded catalog, the sandbox authorization server, the
// installer admitted by the organization, removals reported to it.
type installs struct {
	service *install.Service
	manage  *manage.Service
	opened  *openings
}

// openings is the system browser's seam: it records every URL and runs
// during each the check the test gives it.
type openings struct {
	mu      sync.Mutex
	urls    []string
	during  func()
	browser *sandboxtest.Browser
}

func (o *openings) Open(u string) error {
	o.mu.Lock()
	o.urls = append(o.urls, u)
	during, b := o.during, o.browser
	o.mu.Unlock()
	if during != nil {
		during()
	}
	if b == nil {
		return errors.New("the browser would not start")
	}
	return b.Open(u)
}

func (o *openings) count() int { o.mu.Lock(); defer o.mu.Unlock(); return len(o.urls) }

func (d *desktop) installs(t *testing.T) *installs {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	syncer := catalog.NewSyncer(d.db, defaultcatalog.FS, nil, time.Now, nil)
	if err := syncer.EnsureEmbeddedSource(ctx); err != nil {
		t.Fatal(err)
	}
	syncer.SyncAll(ctx)
	searcher := catalog.NewSearcher(d.db)
	accounts := account.New(d.db, time.Now)
	current, byID := sandbox.UsersFromAccounts(accounts)
	sb, err := sandbox.New(sandbox.Config{ClientByID: sandbox.ClientsFromCatalog(searcher), CurrentUser: current, UserByID: byID, DB: d.db, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Start(ctx, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	installer := install.New(install.Config{DB: d.db, Listings: searcher, Approvals: approval.New(d.db, accounts, time.Now), Vault: d.vault,
		Resolver: install.SandboxResolver{Issuer: sb.Issuer, Expect: sb.ExpectFlow}, Now: time.Now, Timeout: 20 * time.Second})
	installer.SetAdmission(d.orgmode)
	manager := manage.New(d.db, installer, searcher, d.vault, time.Now)
	manager.SetOrganization(d.orgmode)
	opened := &openings{}
	svc := install.NewService(ctx, installer, accounts, opened, func(string, any) {})
	svc.Me = d.orgmode.LocalUser
	mg := manage.NewService(ctx, manager, manage.NewOutbox(d.db, d.vault, nil, time.Now, sb.Issuer), accounts, opened, func(string, any) {})
	mg.Me = d.orgmode.LocalUser
	return &installs{service: svc, manage: mg, opened: opened}
}

// grant is a manager's pre-approval or block at the server.
func grant(t *testing.T, manager *desktop, body map[string]any) {
	t.Helper()
	c, err := manager.conn.Client(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendJSON(context.Background(), http.MethodPost, "/api/v1/approvals", body, nil); err != nil {
		t.Fatalf("grant %v: %v", body, err)
	}
}

// inventory is the server's installations of app.
func (o *orgServer) inventory(t *testing.T, app string) int {
	t.Helper()
	var n int
	if err := o.db.Pool.QueryRow(context.Background(), "SELECT count(*) FROM installations WHERE app_id = $1", app).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The server decides what a desktop may install: a blocked app and an
// unapproved one are refused before any browser opens, whatever the local
// database says; an approved app is on the server's inventory by the time
// the browser opens, and a consent that fails withdraws it. A completed
// install removed with "let the developer keep my data" reaches the
// server's inventory and its notice hook, and the desktop queues no
// notice of its own.
func TestInstallsAreAdmittedAndRemovedAtTheOrganization(t *testing.T) {
	var mu sync.Mutex
	var removed []catalogsrv.Removal
	o := startOrg(t, func(_ context.Context, r catalogsrv.Removal) { mu.Lock(); removed = append(removed, r); mu.Unlock() })
	manager := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	me, err := member.orgmode.Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The server's catalog lists tidepool-notes with the developer's
	// notice receiver: the server sends the removal's notice there.
	if c, _ := manager.conn.Client(context.Background()); c.SendJSON(context.Background(), http.MethodPost, "/api/v1/sources",
		map[string]string{"url": o.feeds.URL + "/northwind.json"}, nil) != nil {
		t.Fatal("the manager could not add the server's catalog source")
	}
	grant(t, manager, map[string]any{"listing_id": "focus-bell", "scope": "blocked", "message": "we use the OS timer"})
	grant(t, manager, map[string]any{"listing_id": "tidepool-notes", "scope": "user", "user_ids": []int64{me.ID}})
	in := member.installs(t)

	for app, want := range map[string]string{"focus-bell": "we use the OS timer", "daybook": "not pre-approved"} {
		_, err := in.service.Begin(app)
		if apperr.CodeOf(err) != apperr.Forbidden || !contains(err.Error(), want) {
			t.Fatalf("install %s: %v, want the server's refusal (%q)", app, err, want)
		}
	}
	if n := in.opened.count(); n != 0 {
		t.Fatalf("the browser opened %d times for refused installs", n)
	}
	// The local stand-in of the member is the local account's owner; the
	// refusals above were the server's, not a local rule.
	local, err := account.New(member.db, nil).Current(context.Background())
	if err != nil || local.Email != "max@example.org" {
		t.Fatalf("local stand-in = %+v, %v", local, err)
	}

	// A consent that fails after the registration withdraws it.
	registeredWhenOpened := -1
	in.opened.during = func() { registeredWhenOpened = o.inventory(t, "tidepool-notes") }
	if _, err := in.service.Begin("tidepool-notes"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return o.inventory(t, "tidepool-notes") == 0 && registeredWhenOpened == 1 }, "the failed install withdrawn")
	if len(removed) != 0 {
		t.Fatalf("a withdrawn registration reached the notice hook: %+v", removed)
	}

	// Installed through the sandbox's consent, then removed keeping data.
	b := &sandboxtest.Browser{Decision: "allow", Done: make(chan struct{})}
	in.opened.during, in.opened.browser = nil, b
	if _, err := in.service.Begin("tidepool-notes"); err != nil {
		t.Fatal(err)
	}
	var inst *install.Installation
	select {
	case <-b.Done:
	case <-time.After(20 * time.Second):
		t.Fatal("the browser never finished")
	}
	if b.Err != nil {
		t.Fatalf("browser: %v", b.Err)
	}
	waitFor(t, func() bool {
		inst, _ = in.service.For("tidepool-notes")
		return installed(inst)
	}, "the install to finish")
	if o.inventory(t, "tidepool-notes") != 1 {
		t.Fatal("the finished install is not on the server's inventory")
	}
	if err := in.manage.Remove(inst.ID, true); err != nil {
		t.Fatalf("remove: %v", err)
	}
	if o.inventory(t, "tidepool-notes") != 0 {
		t.Fatal("the removal did not reach the server's inventory")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(removed) != 1 || !removed[0].RetainData || removed[0].InstallationID != inst.ID || removed[0].UserID == nil || *removed[0].UserID != me.ID {
		t.Fatalf("removals at the server = %+v", removed)
	}
	var jobs int
	var args string
	if err := o.db.Pool.QueryRow(context.Background(), "SELECT count(*), coalesce(min(args::text), '') FROM river_job WHERE kind = 'notice.removal'").Scan(&jobs, &args); err != nil || jobs != 1 ||
		!strings.Contains(args, `https://tidepool.example/deauthorized`) || !strings.Contains(args, `\"user_data_retention\":true`) {
		t.Fatalf("the server queued %d notices (%v): %s", jobs, err, args)
	}
	var queued int
	if err := member.db.Reader.QueryRow("SELECT count(*) FROM outbox WHERE kind = 'deauthorization'").Scan(&queued); err != nil || queued != 0 {
		t.Fatalf("the desktop queued %d notices of its own (%v)", queued, err)
	}
}

// Offline, a removal needs the server and changes nothing locally.
func TestRemovalOfflineLosesNothing(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw")
	in := manager.installs(t)
	in.opened.browser = &sandboxtest.Browser{Decision: "allow"}
	if _, err := in.service.Begin("daybook"); err != nil { // a manager needs no pre-approval
		t.Fatal(err)
	}
	var inst *install.Installation
	waitFor(t, func() bool {
		inst, _ = in.service.For("daybook")
		return installed(inst)
	}, "the install to finish")
	o.srv.CloseClientConnections()
	o.srv.Close()
	if err := in.manage.Remove(inst.ID, false); !orgmode.IsNeedsServer(err) {
		t.Fatalf("offline removal: %v", err)
	}
	if after, err := in.service.For("daybook"); err != nil || after == nil || !installed(after) {
		t.Fatalf("after the refused removal: %+v, %v", after, err)
	}
	// An install needs the server too: no browser opens offline.
	opened := in.opened.count()
	if _, err := in.service.Begin("punchcard"); !orgmode.IsNeedsServer(err) {
		t.Fatalf("offline install: %v", err)
	}
	if in.opened.count() != opened {
		t.Fatal("the browser opened for an install the server never admitted")
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func waitFor(t *testing.T, ok func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// installed: the consent went through (an app with a configuration form
// waits for it, which is installed too).
func installed(inst *install.Installation) bool {
	return inst != nil && (inst.Status == install.StatusActive || inst.Status == install.StatusNeedsConfiguration)
}

// A manager installs an account-level app on their desktop: the member's
// desktop lists it as installed by the account (from the organization's
// inventory; its tokens stay on the manager's desktop), and the member
// cannot register one themselves.
func TestAccountLevelAppSeenOnEveryDesktop(t *testing.T) {
	o := startOrg(t, nil)
	manager := signIn(t, o, "olga", "olga-pw")
	member := signIn(t, o, "max", "max-pw")
	mgr := manager.installs(t)
	mgr.opened.browser = &sandboxtest.Browser{Decision: "allow"}
	if _, err := mgr.service.Begin("emoji-forge"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { inst, _ := mgr.service.For("emoji-forge"); return installed(inst) && inst.ID != 0 }, "the manager's install")

	mem := member.installs(t)
	inst, err := mem.service.For("emoji-forge")
	if err != nil || inst == nil || inst.Level != "account" || inst.InstalledByName != "Olga Owner" || inst.ListingName != "Emoji Forge" {
		t.Fatalf("the member's view of the account-level app: %+v, %v", inst, err)
	}
	all, err := mem.service.Installed()
	if err != nil || len(all) != 1 || all[0].ListingID != "emoji-forge" {
		t.Fatalf("the member's installed list: %+v, %v", all, err)
	}
	if _, err := mem.service.Begin("quota-quest"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a member installs an account-level app: %v", err)
	}
	if n := mem.opened.count(); n != 0 {
		t.Fatalf("the member's browser opened %d times", n)
	}
}
