package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"marketdesk/app/org"
)

// runOrg is `marketdesk org connect|status|disconnect`: this desktop's
// connection to its organization server (app/org).
func runOrg(ctx context.Context, inv Invocation, env Env) int {
	if env.OpenOrg == nil {
		return Fail(env.Stderr, inv.JSON, fmt.Errorf("organization mode is not available in this build"))
	}
	svc, closeOrg, err := env.OpenOrg(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer closeOrg()
	switch inv.Command {
	case "org connect":
		return orgConnect(ctx, inv, env, svc)
	case "org disconnect":
		return orgDisconnect(ctx, inv, env, svc)
	default:
		return orgStatus(ctx, inv, env, svc)
	}
}

// noBrowser opens nothing: --no-browser prints the address instead.
type noBrowser struct{}

func (noBrowser) Open(string) error { return nil }

func orgConnect(ctx context.Context, inv Invocation, env Env, svc *org.Service) int {
	server := svc.Policy().Server
	switch {
	case len(inv.Args) == 1:
		server = inv.Args[0]
	case len(inv.Args) > 1 || server == "":
		fmt.Fprintf(env.Stderr, "marketdesk: org connect takes the server's address (https://…)\n")
		return 2
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt) // Ctrl-C cancels the wait for the browser
	defer stop()
	fmt.Fprintf(env.Stderr, "Connecting to %s…\n", Printable(server))
	opts := org.ConnectOptions{Waiting: func(u string) {
		fmt.Fprintf(env.Stderr, "Sign in in your browser. If it did not open, open this address:\n  %s\nWaiting for the sign-in (Ctrl-C cancels)…\n", Printable(u))
	}}
	if inv.Flags["no-browser"] == "true" {
		opts.Opener = noBrowser{}
		opts.Waiting = func(u string) {
			fmt.Fprintf(env.Stderr, "Open this address in a browser on this computer to sign in:\n  %s\nWaiting for the sign-in (Ctrl-C cancels)…\n", Printable(u))
		}
	}
	me, err := svc.Connect(ctx, server, opts)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	text := fmt.Sprintf("Connected to %s as %s <%s>, %s of %s.\n", svc.Server(ctx), me.User.Name, me.User.Email, roleText(me), me.Account.Name)
	return printOut(env, inv.JSON, map[string]any{"server": svc.Server(ctx), "me": me}, text, true)
}

func orgStatus(ctx context.Context, inv Invocation, env Env, svc *org.Service) int {
	st, err := svc.Status(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	text := fmt.Sprintf("state    %s\n", st.State)
	if st.Server != "" {
		text += fmt.Sprintf("server   %s\n", st.Server)
	}
	if st.Me != nil {
		text += fmt.Sprintf("you      %s <%s>\nrole     %s\naccount  %s\n", st.Me.User.Name, st.Me.User.Email, roleText(*st.Me), st.Me.Account.Name)
	}
	if st.PolicyFile != "" {
		text += fmt.Sprintf("policy   %s\n", st.PolicyFile)
	}
	text += st.Message + "\n"
	// Offline and signed out are states, not failures of the command; a
	// script reads them from --json's "state".
	return printOut(env, inv.JSON, st, text, true)
}

func orgDisconnect(ctx context.Context, inv Invocation, env Env, svc *org.Service) int {
	server := svc.Server(ctx)
	revoked, err := svc.Disconnect(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	text := fmt.Sprintf("Disconnected from %s; the sign-in was revoked and removed from the keychain.\n", server)
	if !revoked {
		text = fmt.Sprintf("Disconnected from %s and removed the sign-in from the keychain; the server could not be told (it ends when it expires).\n", server)
	}
	return printOut(env, inv.JSON, map[string]any{"server": server, "disconnected": true, "revoked": revoked}, text, true)
}

func roleText(me org.Me) string {
	if me.User.Role == "admin" && me.Manager {
		return "admin and marketplace manager"
	}
	return me.User.Role
}
