package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"marketdesk/app/sandbox/sandboxtest"
	"marketdesk/app/vault"
)

// actAsBrowser is the $BROWSER of these tests: the test binary, run with the
// consent URL, fetches the sandbox's consent page and submits its form as a
// person would (sandboxtest.Browser), then exits.
func actAsBrowser(decision string, args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "browser: want one URL, got", args)
		return 2
	}
	b := &sandboxtest.Browser{Decision: decision, Done: make(chan struct{})}
	b.Open(args[0])
	<-b.Done
	if b.Err != nil {
		fmt.Fprintln(os.Stderr, "browser:", b.Err)
		return 1
	}
	return 0
}

func browserEnv(t *testing.T, decision string) string {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return "BROWSER=env MARKETDESK_AS_BROWSER=" + decision + " " + self
}

const formApp = "tidepool-notes" // embedded catalog: sandbox, a form with a required field

func newInstallHome(t *testing.T) []string {
	t.Helper()
	if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") != "require" {
		t.Skip("needs the Secret Service that `make test` starts")
	}
	home := []string{"MARKETDESK_HOME=" + t.TempDir()}
	for _, args := range [][]string{{"init", "--account", "Acme", "--name", "Olive", "--email", "olive@acme.example"}, {"catalog", "sync"}} {
		if r := marketdesk(t, home, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	return home
}

// Issue 16, acceptance 1: install through the sandbox's consent page with
// the browser of $BROWSER, then token, configure and remove.
func TestInstallThroughTheBrowser(t *testing.T) {
	home := newInstallHome(t)
	if r := marketdesk(t, home, "install", formApp); r.code != 2 || !strings.Contains(r.stderr, "--yes") {
		t.Fatalf("install without a terminal and without --yes must ask for --yes: %+v", r)
	}
	if r := marketdesk(t, append(home, browserEnv(t, "deny")), "install", formApp, "--yes"); r.code != 1 || !strings.Contains(r.stderr, "you declined; nothing was installed") {
		t.Fatalf("install declined in the browser: %+v", r)
	}
	r := marketdesk(t, append(home, browserEnv(t, "allow")), "install", formApp, "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, formApp+" installed; status needs_configuration") {
		t.Fatalf("install: %+v", r)
	}
	for _, want := range []string{"It will be able to:", "! Keep this access when you are not using the app", "Authorization server: the built-in sandbox",
		"Waiting for you to allow access", "marketdesk configure " + formApp} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("install's review and progress lack %q:\n%s", want, r.stderr)
		}
	}
	if r := marketdesk(t, home, "install", formApp, "--yes"); r.code != 1 || !strings.Contains(r.stderr, "already installed") || !strings.Contains(r.stderr, "marketdesk reconnect "+formApp) {
		t.Fatalf("install of an installed app must name reconnect: %+v", r)
	}
	// reconnect runs the consent again and keeps the installation's state.
	r = marketdesk(t, append(home, browserEnv(t, "allow")), "reconnect", formApp)
	if r.code != 0 || !strings.Contains(r.stdout, formApp+" reconnected; status needs_configuration") {
		t.Fatalf("reconnect: %+v", r)
	}
	useAndRemove(t, home)
	if r := marketdesk(t, home, "reconnect", formApp); r.code != 1 || !strings.Contains(r.stderr, "not installed") {
		t.Fatalf("reconnect after removal: %+v", r)
	}
}

// The same with --no-browser: the test reads the printed address and
// follows it as the person would in any browser.
func TestInstallWithoutBrowser(t *testing.T) {
	home := newInstallHome(t)
	child := startWatched(t, home, "install", formApp, "--yes", "--no-browser", "--json")
	authURL := child.authURL(t)
	if code := actAsBrowser("allow", []string{authURL}); code != 0 {
		t.Fatalf("the browser could not allow the printed address %s", authURL)
	}
	code, stdout := child.wait(t)
	var inst struct{ ListingID, Status string }
	if code != 0 || json.Unmarshal([]byte(stdout), &inst) != nil || inst.ListingID != formApp || inst.Status != "needs_configuration" {
		t.Fatalf("install --no-browser --json: code %d, %s\n%s", code, stdout, child.stderr())
	}
	useAndRemove(t, home)
}

func useAndRemove(t *testing.T, home []string) {
	t.Helper()
	if r := marketdesk(t, home, "token", formApp); r.code != 0 || len(strings.TrimSpace(r.stdout)) < 16 {
		t.Fatalf("token: %+v", r)
	}
	if r := marketdesk(t, home, "configure", formApp, "--set", "notebook=Work"); r.code != 0 || !strings.Contains(r.stdout, "status active") {
		t.Fatalf("configure: %+v", r)
	}
	if r := marketdesk(t, home, "remove", formApp, "--retain-data", "--yes"); r.code != 0 || !strings.Contains(r.stdout, formApp+" removed") {
		t.Fatalf("remove: %+v", r)
	}
	if r := marketdesk(t, home, "installed", "list", "--json"); r.code != 0 || strings.Contains(r.stdout, formApp) {
		t.Fatalf("installed list after removal: %+v", r)
	}
}

// Issue 16, acceptance 2: a real SIGINT while the CLI waits for the browser
// leaves no installation, no keychain item and a closed loopback listener.
func TestInstallInterruptedLeavesNothing(t *testing.T) {
	home := newInstallHome(t)
	child := startWatched(t, home, "install", formApp, "--yes", "--no-browser")
	authURL := child.authURL(t)
	u, _ := url.Parse(authURL)
	redirect, err := url.Parse(u.Query().Get("redirect_uri"))
	if err != nil || redirect.Host == "" {
		t.Fatalf("no redirect_uri in %s", authURL)
	}
	if c, err := net.DialTimeout("tcp", redirect.Host, 5*time.Second); err != nil {
		t.Fatalf("the loopback listener should be open while waiting: %v", err)
	} else {
		c.Close()
	}
	if err := child.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, _ := child.wait(t)
	if code != 1 || !strings.Contains(child.stderr(), "cancelled (Ctrl+C); nothing was changed") {
		t.Fatalf("after Ctrl+C: code %d\n%s", code, child.stderr())
	}
	if c, err := net.DialTimeout("tcp", redirect.Host, 5*time.Second); err == nil {
		c.Close()
		t.Fatalf("the loopback listener %s still accepts connections", redirect.Host)
	}
	assertNothingInstalled(t, strings.TrimPrefix(home[0], "MARKETDESK_HOME="))
	if r := marketdesk(t, home, "installed", "list", "--json"); r.code != 0 || strings.Contains(r.stdout, formApp) {
		t.Fatalf("installed list after Ctrl+C: %+v", r)
	}
}

// assertNothingInstalled: no live installation row, and no keychain item
// for any row the attempt left (the installer keeps the attempt as failed).
func assertNothingInstalled(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	cat, err := openCatalog(ctx, dir, nil, newOutbound())
	if err != nil {
		t.Fatal(err)
	}
	defer cat.DB.Close()
	rows, err := cat.DB.Reader.Query("SELECT id, status FROM installations")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var status string
		rows.Scan(&id, &status)
		if status != "failed" {
			t.Errorf("installation %d is %s after Ctrl+C", id, status)
		}
		ids = append(ids, id)
	}
	rows.Close()
	scoped, _, err := vault.New().ForDatabase(ctx, cat.DB)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, err := scoped.Get(ctx, vault.TokenItem(id)); !errors.Is(err, vault.ErrNotFound) {
			t.Errorf("keychain item of installation %d after Ctrl+C: %v", id, err)
		}
	}
}

// runningCLI is a marketdesk child process whose standard error is read as
// it comes (the address of --no-browser).
type runningCLI struct {
	cmd    *exec.Cmd
	out    strings.Builder
	errBuf strings.Builder
	lines  chan string
	done   chan struct{}
}

func startWatched(t *testing.T, env []string, args ...string) *runningCLI {
	t.Helper()
	raw, _ := json.Marshal(args)
	c := &runningCLI{cmd: exec.Command(os.Args[0]), lines: make(chan string, 100), done: make(chan struct{})}
	c.cmd.Env = append(append(os.Environ(), "MARKETDESK_AS_CLI="+string(raw)), env...)
	c.cmd.Stdout = &c.out
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.cmd.Process.Kill(); <-c.done })
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			c.errBuf.WriteString(sc.Text() + "\n")
			select {
			case c.lines <- sc.Text():
			default:
			}
		}
		io.Copy(io.Discard, stderr)
		close(c.lines)
	}()
	return c
}

var consentURL = regexp.MustCompile(`^http://127\.0\.0\.1:\d+/authorize\?\S+$`)

func (c *runningCLI) authURL(t *testing.T) string {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				t.Fatalf("the CLI ended before printing the address")
			}
			if consentURL.MatchString(line) {
				return line
			}
		case <-timeout:
			t.Fatalf("no address printed within 60 s")
		}
	}
}

func (c *runningCLI) stderr() string {
	<-c.done
	return c.errBuf.String()
}

func (c *runningCLI) wait(t *testing.T) (int, string) {
	t.Helper()
	<-c.done
	err := c.cmd.Wait()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode(), c.out.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, c.out.String()
}

// A member's install of an app that needs pre-approval is refused before
// anything opens, and the refusal names the command that asks for it.
func TestInstallRefusalNamesTheRequest(t *testing.T) {
	home := newInstallHome(t)
	for _, args := range [][]string{{"users", "add", "--name", "Ben", "--email", "ben@acme.example"}, {"users", "switch", "ben@acme.example"}} {
		if r := marketdesk(t, home, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := marketdesk(t, append(home, browserEnv(t, "allow")), "install", formApp, "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "marketdesk requests create "+formApp) || strings.Contains(r.stderr, "Waiting") {
		t.Fatalf("a member's install without pre-approval: %+v", r)
	}
}
