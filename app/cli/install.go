package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/catalog"
	"marketdesk/app/install"
	"marketdesk/app/oauthflow"
)

// runInstall installs an app as the window does: the review (scopes in
// words, the authorization server), a confirmation, the consent in the
// browser, then the configuration. Ctrl+C before the yes ends the process
// with nothing recorded; from the yes until the consent's end it cancels the
// attempt: the installer withdraws what it wrote, the loopback listener closes.
func runInstall(ctx context.Context, inv Invocation, env Env) int {
	ins, me, err := openAsMe(ctx, env)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer ins.Close()
	if inv.Command == "install" {
		if err := review(ctx, inv, env, ins, me); err != nil {
			if IsUsage(err) {
				return usage(env, err.Error())
			}
			return Fail(env.Stderr, inv.JSON, err)
		}
	}
	// From the yes on, Ctrl+C cancels the attempt instead of killing the
	// process: the installer withdraws what it recorded.
	signalled, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	inst, err := prepareAndAuthorize(signalled, inv, env, ins, me)
	stop()
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	if inst.Status == install.StatusNeedsConfiguration && inv.Command == "install" {
		if code := configureAfterInstall(ctx, inv, env, ins, me, inst); code != 0 {
			return code
		}
		if inst, err = ins.Installer.Get(ctx, inst.ID); err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
	}
	verb := map[string]string{"install": "installed", "reconnect": "reconnected"}[inv.Command]
	return printOut(env, inv.JSON, inst, fmt.Sprintf("%s %s; status %s\n", inv.Args[0], verb, inst.Status), true)
}

// review shows what the app may do and asks for the confirmation; nothing
// is recorded before the yes.
func review(ctx context.Context, inv Invocation, env Env, ins *Installs, me account.User) error {
	l, err := ins.Listings.App(ctx, inv.Args[0])
	if err != nil {
		return err
	}
	if inst, err := ins.Installer.For(ctx, me, l.ID); err == nil && inst != nil {
		return apperr.New(apperr.Conflict, "%s is already installed (status %s): marketdesk reconnect %s runs the consent again, "+
			"marketdesk configure %s changes its settings", l.Name, inst.Status, l.ID, l.ID)
	}
	fmt.Fprint(env.Stderr, Printable(reviewText(l)))
	return confirm(env, inv, "Install "+l.Name+"?")
}

// prepareAndAuthorize records the installation (or readies the reconnect)
// and runs the consent.
func prepareAndAuthorize(ctx context.Context, inv Invocation, env Env, ins *Installs, me account.User) (install.Installation, error) {
	var p install.Prepared
	var err error
	if inv.Command == "reconnect" {
		p, err = prepareReconnect(ctx, inv, ins, me)
	} else {
		p, err = ins.Installer.Prepare(ctx, me, inv.Args[0])
		err = withRequestHint(err, inv.Args[0])
	}
	if err != nil {
		return install.Installation{}, err
	}
	return authorize(ctx, inv, env, ins, p)
}

// prepareReconnect readies a new consent for the signed-in user's
// installation of the app; the review lists the permissions it never had.
func prepareReconnect(ctx context.Context, inv Invocation, ins *Installs, me account.User) (install.Prepared, error) {
	inst, err := ins.Installer.For(ctx, me, inv.Args[0])
	if err != nil || inst == nil {
		return install.Prepared{}, orNotInstalled(err, inv.Args[0])
	}
	return ins.Installer.PrepareReconnect(ctx, me, inst.ID)
}

// reviewText is the window's review: what the app may do, in the one set
// of scope words (catalog.Listing.ConsentScopes), and who authorizes it.
func reviewText(l catalog.Listing) string {
	var b strings.Builder
	fprintCells(&b, "%s by %s (%s app)\n", l.Name, l.Developer.Name, l.Type)
	b.WriteString("It will be able to:\n")
	for _, s := range l.ConsentScopes {
		mark := "  "
		if s.Sensitive {
			mark = "! "
		}
		fprintCells(&b, "  %s%s (%s)\n", mark, s.Description, s.Name)
	}
	fprintCells(&b, "Authorization server: %s\n", authorizationHost(l))
	return b.String()
}

func authorizationHost(l catalog.Listing) string {
	switch {
	case l.OAuth.Sandbox:
		return "the built-in sandbox on this computer"
	case l.OAuth.Issuer != "":
		return hostOf(l.OAuth.Issuer)
	}
	return hostOf(l.OAuth.AuthorizationEndpoint)
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// confirm asks on a terminal; without one, --yes is the only answer.
func confirm(env Env, inv Invocation, question string) error {
	if inv.Flags["yes"] == "true" {
		return nil
	}
	f, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &UsageError{inv.Command + " needs your confirmation: add --yes (standard input is not a terminal)"}
	}
	fmt.Fprintf(env.Stderr, "%s [y/N] ", Printable(question))
	answer, _ := bufio.NewReader(f).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return apperr.New(apperr.Conflict, "not confirmed; nothing was installed")
	}
	return nil
}

// authorize runs the consent: the system browser ($BROWSER honoured), or
// with --no-browser the address printed for the person to open.
func authorize(ctx context.Context, inv Invocation, env Env, ins *Installs, p install.Prepared) (install.Installation, error) {
	var opener oauthflow.Opener = ins.Browser
	if inv.Flags["no-browser"] == "true" {
		opener = printedURL{env.Stderr}
	}
	wait := newWaitProgress(env.Stderr, inv.JSON)
	defer wait.stop()
	inst, err := ins.Installer.Authorize(ctx, p, opener, func(string) { wait.start() })
	if ctx.Err() != nil && errors.Is(err, oauthflow.ErrCancelled) {
		return inst, apperr.New(apperr.Conflict, "cancelled (Ctrl+C); nothing was changed")
	}
	return inst, err
}

// printedURL is --no-browser: the address goes to standard error, to be
// opened on any browser that can reach this computer's loopback.
type printedURL struct{ w io.Writer }

func (o printedURL) Open(authURL string) error {
	fmt.Fprintf(o.w, "Open this address in your browser to allow access:\n%s\n", Cell(authURL))
	return nil
}

// configureAfterInstall asks for the form's fields on a terminal (secrets
// without echo), else says how to configure; an external configuration
// gives its address.
func configureAfterInstall(ctx context.Context, inv Invocation, env Env, ins *Installs, me account.User, inst install.Installation) int {
	st, err := ins.Manager.Configuration(ctx, me, inst.ID)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	if st.Kind == "external" {
		fmt.Fprintf(env.Stderr, "Finish the setup on the app's site: %s\n", Cell(st.ExternalURL))
		return 0
	}
	f, ok := env.Stdin.(*os.File)
	if inv.JSON || !ok || !term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(env.Stderr, "%s needs configuration: marketdesk configure %s --set key=value [--set-secret KEY]\n", Cell(inst.ListingID), Cell(inst.ListingID))
		return 0
	}
	values, err := promptFields(f, env.Stderr, st)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	saved, err := ins.Manager.Save(ctx, me, inst.ID, values)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	for k, msg := range saved.Errors {
		fmt.Fprintf(env.Stderr, "%s: %s (fix: marketdesk configure %s --set %s=VALUE)\n", Cell(k), Cell(msg), Cell(inst.ListingID), Cell(k))
	}
	return 0
}

// withRequestHint names the command that asks for the pre-approval the
// refusal says is missing.
func withRequestHint(err error, appID string) error {
	if err == nil || apperr.CodeOf(err) != apperr.Forbidden || !strings.Contains(err.Error(), "request it from your admins") {
		return err
	}
	return apperr.Wrap(apperr.Forbidden, err, "%s: marketdesk requests create %s --reason TEXT", err.Error(), appID)
}
