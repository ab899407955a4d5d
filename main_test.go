package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marketdesk/app/account"
	"marketdesk/app/approval"
	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
	"marketdesk/db"
)

// The test binary doubles as the marketdesk binary: with MARKETDESK_AS_CLI set
// it runs main's run() on the JSON-encoded arguments. Tests then exercise the
// real process: exit codes, stdout/stderr, environment.
func TestMain(m *testing.M) {
	if decision, ok := os.LookupEnv("MARKETDESK_AS_BROWSER"); ok {
		os.Exit(actAsBrowser(decision, os.Args[1:])) // install_test.go
	}
	if raw, ok := os.LookupEnv("MARKETDESK_AS_CLI"); ok {
		if raw == "argv" { // a shell runs it as marketdesk (complete_test.go)
			os.Exit(run(os.Args[1:]))
		}
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			panic(err)
		}
		os.Exit(run(args))
	}
	os.Exit(m.Run())
}

type result struct {
	stdout, stderr string
	code           int
}

func marketdesk(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return marketdeskWithInput(t, env, "", args...)
}

// marketdeskWithInput runs the CLI with stdin as its standard input (a pipe,
// never a terminal), in a fresh data directory unless env names one.
func marketdeskWithInput(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), "MARKETDESK_AS_CLI="+string(raw), "MARKETDESK_HOME="+t.TempDir()), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errOut.String(), code}
}

func TestVersionAndHelp(t *testing.T) {
	if r := marketdesk(t, nil, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "marketdesk ") {
		t.Fatalf("version: %+v", r)
	}
	r := marketdesk(t, nil, "version", "--json")
	var v map[string]string
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &v) != nil || v["version"] == "" {
		t.Fatalf("version --json: %+v", r)
	}
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		if r := marketdesk(t, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "marketdesk doctor") {
			t.Fatalf("%v: %+v", args, r)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"--data-dir"}, {"doctor", "--colour"}, {"version", "extra"}} {
		r := marketdesk(t, nil, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: code %d, stderr %q; want 2 and the usage", args, r.code, r.stderr)
		}
	}
}

func TestDoctorWithoutKeychainNamesTheFix(t *testing.T) {
	r := marketdesk(t, []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/marketdesk-bus"}, "doctor")
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1 (a failed check)", r.code)
	}
	for _, want := range []string{"FAIL keychain", "not reachable", "gnome-keyring-daemon --unlock", "webview"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// make test runs inside a private D-Bus session with gnome-keyring unlocked.
func TestDoctorWithKeychain(t *testing.T) {
	if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") != "require" {
		t.Skip("needs the Secret Service that `make test` starts")
	}
	r := marketdesk(t, nil, "doctor", "--json")
	var rep struct {
		Keychain struct{ Reachable bool } `json:"keychain"`
		Database struct{ SupportedSchemaVersion int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("doctor --json is not JSON: %v\n%s", err, r.stdout)
	}
	if r.code != 0 || !rep.Keychain.Reachable || rep.Database.SupportedSchemaVersion != db.LatestVersion() {
		t.Fatalf("doctor: %+v\n%s", rep, r.stdout)
	}
}

func TestDoctorRefusesNewerDatabaseAndLeavesIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, db.FileName)
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	d.Reader.Close() // its idle connection would keep the file in WAL mode
	d.Writer.Exec("PRAGMA journal_mode=DELETE")
	d.Writer.Exec("PRAGMA user_version=99")
	d.Close()
	before, _ := os.ReadFile(path)

	r := marketdesk(t, nil, "doctor", "--data-dir", dir)
	supported := fmt.Sprintf("up to version %d", db.LatestVersion())
	if r.code != 1 || !strings.Contains(r.stdout, "schema version 99") || !strings.Contains(r.stdout, supported) {
		t.Fatalf("doctor on a newer database: %+v", r)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("doctor changed the database file")
	}
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const cliListing = `{"id": %[1]q, "name": %[2]q, "developer": {"name": "Northwind", "website": "https://nw.example", "verified": true},
 "summary": "Shared notes for meetings.", "description": "Notes.", "icon": "https://nw.example/i.png",
 "categories": ["Productivity"], "type": %[3]q, "scopes": [{"name": "meeting:read", "description": "See meetings", "sensitive": false}],
 "oauth": {"sandbox": true, "client_id": %[1]q}, "links": {"privacy_policy": "https://nw.example/p", "terms": "https://nw.example/t"},
 "version": "1.0", "published_at": "2025-01-01T00:00:00Z", "updated_at": "2025-02-01T00:00:00Z"}`

func TestCatalogCommands(t *testing.T) {
	dir := t.TempDir()
	entries := []string{
		fmt.Sprintf(cliListing, "good-one", "Good One", "user"),
		fmt.Sprintf(cliListing, "bad-type", "Bad Type", "everyone"),
		fmt.Sprintf(cliListing, "good-two", "Good Two", "account"),
	}
	path := writeFile(t, dir, "feed.json", `{"schema_version": 1, "listings": [`+strings.Join(entries, ",")+`]}`)
	home := []string{"MARKETDESK_HOME=" + filepath.Join(dir, "data")}
	// Sources are for marketplace managers: there is none before the account.
	if r := marketdesk(t, home, "catalog", "add", path); r.code != 1 || !strings.Contains(r.stderr, "no account yet") {
		t.Fatalf("catalog add before init: %+v", r)
	}
	if r := marketdesk(t, home, "init", "--account", "Acme", "--name", "Olive Owner", "--email", "olive@acme.example"); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}

	r := marketdesk(t, home, "catalog", "add", path, "--json")
	var added struct {
		Added   int
		Skipped []struct{ Entry, Reason string }
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &added) != nil || added.Added != 2 || len(added.Skipped) != 1 || added.Skipped[0].Entry != "bad-type" {
		t.Fatalf("catalog add: %+v", r)
	}
	r = marketdesk(t, home, "catalog", "sources")
	if r.code != 0 || !strings.Contains(r.stdout, path) || !strings.Contains(r.stdout, "embedded:default") {
		t.Fatalf("catalog sources: %+v", r)
	}
	r = marketdesk(t, home, "apps", "search", "good", "--type", "account")
	if r.code != 0 || !strings.Contains(r.stdout, "good-two") || strings.Contains(r.stdout, "good-one") {
		t.Fatalf("apps search: %+v", r)
	}
	for _, hostile := range []string{`"`, `*`, `AND`, `NEAR(`, `-`, `😀`} {
		if r := marketdesk(t, home, "apps", "search", "--", hostile); r.code != 0 {
			t.Errorf("apps search %q: %+v", hostile, r)
		}
	}
	r = marketdesk(t, home, "apps", "show", "good-one")
	if r.code != 0 || !strings.Contains(r.stdout, "meeting:read: See meetings") {
		t.Fatalf("apps show: %+v", r)
	}
	if r := marketdesk(t, home, "apps", "show", "nope", "--json"); r.code != 1 || !strings.Contains(r.stderr, `"not_found"`) {
		t.Fatalf("apps show of an unknown id: %+v", r)
	}
	r = marketdesk(t, home, "catalog", "add", writeFile(t, dir, "bad.json", "not json at all"))
	if r.code != 1 || !strings.Contains(r.stderr, "not valid JSON") {
		t.Fatalf("catalog add of a non-JSON feed: %+v", r)
	}
	r = marketdesk(t, home, "catalog", "sync")
	if r.code != 0 || !strings.Contains(r.stdout, "unchanged") {
		t.Fatalf("catalog sync: %+v", r)
	}
	if r := marketdesk(t, home, "catalog", "trust", "2"); r.code != 0 || !strings.Contains(r.stdout, "source 2 is trusted") {
		t.Fatalf("catalog trust: %+v", r)
	}
	if r := marketdesk(t, home, "catalog", "sources"); r.code != 0 || !strings.Contains(r.stdout, "TRUSTED") {
		t.Fatalf("catalog sources: %+v", r)
	}
	if r := marketdesk(t, home, "catalog", "trust", "2", "--untrust"); r.code != 0 || !strings.Contains(r.stdout, "not trusted") {
		t.Fatalf("catalog trust --untrust: %+v", r)
	}
}

func TestAdminCommandsAndCrossProcessDecisions(t *testing.T) {
	dir := t.TempDir()
	home := []string{"MARKETDESK_HOME=" + dir}
	if r := marketdesk(t, home, "approvals", "list"); r.code != 1 || !strings.Contains(r.stderr, "no account yet") {
		t.Fatalf("before init: %+v", r)
	}
	r := marketdesk(t, home, "init", "--account", "Acme", "--name", "Olive Owner", "--email", "olive@acme.example")
	if r.code != 0 || !strings.Contains(r.stdout, "owner") {
		t.Fatalf("init: %+v", r)
	}
	if r := marketdesk(t, home, "catalog", "sync"); r.code != 0 {
		t.Fatalf("sync: %+v", r)
	}
	// A member asks for an app, through the Go API as the app would.
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(dir, db.FileName))
	if err != nil {
		t.Fatal(err)
	}
	accounts := account.New(d, time.Now)
	owner, _ := accounts.Current(ctx)
	member, err := accounts.AddUser(ctx, owner, account.NewUser{Profile: account.Profile{Name: "Nia", Email: "nia@acme.example"}, Role: account.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	approvals := approval.New(d, accounts, time.Now)
	var appID string
	d.Reader.QueryRow("SELECT id FROM listings WHERE type = 'user' ORDER BY id LIMIT 1").Scan(&appID)
	req, err := approvals.Ask(ctx, member, appID, "for the quarterly review")
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	if r := marketdesk(t, home, "requests", "list", "--status", "pending"); r.code != 0 || !strings.Contains(r.stdout, "nia@acme.example") {
		t.Fatalf("requests list: %+v", r)
	}
	// Two processes decide the same request at once: exactly one wins.
	id := fmt.Sprint(req.ID)
	results := make(chan result, 2)
	for _, verb := range []string{"approve", "deny"} {
		go func() { results <- marketdesk(t, home, "requests", verb, id, "--note", "decided by "+verb) }()
	}
	a, b := <-results, <-results
	if a.code+b.code != 1 {
		t.Fatalf("one decision must win and one fail: %+v / %+v", a, b)
	}
	loser := a
	if a.code == 0 {
		loser = b
	}
	if !strings.Contains(loser.stderr, "already") {
		t.Fatalf("the losing process should say the request was already decided: %+v", loser)
	}

	if r := marketdesk(t, home, "approvals", "grant", appID, "--users", "nia@acme.example", "--note", "ok"); r.code != 0 {
		t.Fatalf("grant: %+v", r)
	}
	if r := marketdesk(t, home, "approvals", "list", "--state", "users"); r.code != 0 || !strings.Contains(r.stdout, appID) {
		t.Fatalf("approvals list: %+v", r)
	}
	if r := marketdesk(t, home, "approvals", "grant", "no-such-app"); r.code != 1 || !strings.Contains(r.stderr, "no app") {
		t.Fatalf("grant of an unknown app: %+v", r)
	}
	r = marketdesk(t, home, "audit", "export", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if r.code != 0 || err != nil || len(rows) < 5 || rows[0][5] != "action" {
		t.Fatalf("audit export: %v %+v", err, r)
	}
	var actions []string
	for _, row := range rows[1:] {
		actions = append(actions, row[5])
	}
	for _, want := range []string{"account.created", "user.added", "request.created", "approval.granted"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("audit export lacks %s: %v", want, actions)
		}
	}
}

// marketdesk token prints a token of the signed-in user's installation that
// the sandbox's userinfo accepts; without an installation it says so.
func TestTokenCommand(t *testing.T) {
	if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") != "require" {
		t.Skip("needs the Secret Service that `make test` starts")
	}
	dir := t.TempDir()
	home := []string{"MARKETDESK_HOME=" + dir}
	marketdesk(t, home, "init", "--account", "Acme", "--name", "Olive", "--email", "olive@acme.example")
	marketdesk(t, home, "catalog", "sync")
	var appID string
	ctx := context.Background()
	cat, err := openCatalog(ctx, dir, nil, newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	cat.DB.Reader.QueryRow("SELECT id FROM listings WHERE type = 'user' ORDER BY id LIMIT 1").Scan(&appID)
	cat.DB.Close()

	if r := marketdesk(t, home, "token", appID); r.code != 1 || !strings.Contains(r.stderr, "not installed") {
		t.Fatalf("token before install: %+v", r)
	}
	marketdesk(t, home, "approvals", "grant", appID)

	// Install through the same wiring as the app, with a browser double that allows.
	ins, err := openInstaller(ctx, dir, vault.New(), newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	me, _ := ins.Accounts.Current(ctx)
	p, err := ins.Installer.Prepare(ctx, me, appID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ins.Installer.Authorize(ctx, p, &sandboxtest.Browser{Decision: "allow"}, nil); err != nil {
		t.Fatal(err)
	}
	ins.Close()

	r := marketdesk(t, home, "token", appID, "--json")
	var tok struct {
		AccessToken string
		Scopes      []string
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &tok) != nil || tok.AccessToken == "" || len(tok.Scopes) == 0 {
		t.Fatalf("token --json: %+v", r)
	}
	// The sandbox (started again on the same data) accepts it at userinfo.
	ins, err = openInstaller(ctx, dir, vault.New(), newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	cat2, _ := openCatalog(ctx, dir, nil, newOutbound())
	defer cat2.DB.Close()
	srv, err := startSandbox(ctx, cat2, ins.Accounts, vault.New(), newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.Issuer()+"/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("userinfo rejected the printed token: %v %v", err, resp)
	}
	resp.Body.Close()
	srv.Close()
	ins.Close()
	cat2.DB.Close()

	// Issue 6, acceptance 2 from the command line: remove without retention.
	if r := marketdesk(t, home, "remove", appID); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("remove without --yes must ask for confirmation: %+v", r)
	}
	if r := marketdesk(t, home, "remove", appID, "--yes"); r.code != 0 || !strings.Contains(r.stdout, "1 message(s) delivered") {
		t.Fatalf("remove: %+v", r)
	}
	r = marketdesk(t, home, "sandbox", "notices", "--json")
	var notices []struct {
		Verified bool
		Body     struct {
			AppID             string `json:"app_id"`
			UserDataRetention bool   `json:"user_data_retention"`
		}
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &notices) != nil || len(notices) != 1 ||
		!notices[0].Verified || notices[0].Body.AppID != appID || notices[0].Body.UserDataRetention {
		t.Fatalf("sandbox notices: %+v", r)
	}
	if r := marketdesk(t, home, "token", appID); r.code != 1 || !strings.Contains(r.stderr, "not installed") {
		t.Fatalf("token after removal: %+v", r)
	}
	if r := marketdesk(t, home, "installed", "list"); r.code != 0 || strings.Contains(r.stdout, appID) {
		t.Fatalf("installed list after removal: %+v", r)
	}
}
