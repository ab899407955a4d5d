package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"marketdesk/app/account"
	"marketdesk/app/apperr"
	"marketdesk/app/install"
	"marketdesk/app/sandbox"
)

// runManage runs installed list, configure, remove and sandbox notices.
func runManage(ctx context.Context, inv Invocation, env Env) int {
	ins, err := env.OpenInstaller(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	defer ins.Close()
	if inv.Command == "sandbox notices" {
		notices, err := sandbox.Notices(ctx, ins.DB)
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, notices, noticesText(notices), true)
	}
	me, err := ins.Accounts.Current(ctx)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	switch inv.Command {
	case "installed list":
		list, err := ins.Installer.Installed(ctx, me)
		if err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		return printOut(env, inv.JSON, list, installedText(list), true)
	case "configure":
		return configure(ctx, inv, env, ins, me)
	case "remove":
		if inv.Flags["yes"] != "true" {
			return usage(env, "remove deauthorizes the app and deletes its tokens and settings: confirm with --yes")
		}
		inst, err := ins.Installer.For(ctx, me, inv.Args[0])
		if err != nil || inst == nil {
			return Fail(env.Stderr, inv.JSON, orNotInstalled(err, inv.Args[0]))
		}
		if err := ins.Manager.Remove(ctx, me, inst.ID, inv.Flags["retain-data"] == "true"); err != nil {
			return Fail(env.Stderr, inv.JSON, err)
		}
		delivered := ins.Outbox.DeliverDue(ctx)
		text := fmt.Sprintf("%s removed; the developer was notified (%d message(s) delivered, the rest retry in the background)\n", inv.Args[0], delivered)
		return printOut(env, inv.JSON, map[string]any{"removed": inv.Args[0], "delivered": delivered}, text, true)
	}
	return usage(env, "unknown command "+inv.Command)
}

func configure(ctx context.Context, inv Invocation, env Env, ins *Installs, me account.User) int {
	inst, err := ins.Installer.For(ctx, me, inv.Args[0])
	if err != nil || inst == nil {
		return Fail(env.Stderr, inv.JSON, orNotInstalled(err, inv.Args[0]))
	}
	current, err := ins.Manager.Configuration(ctx, me, inst.ID)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	values := map[string]any{}
	for _, f := range current.Fields { // keep what is set; secrets stay masked (kept)
		if f.IsSet {
			values[f.Key] = f.Value
		}
	}
	if err := refuseSecretsInArgs(inv.Sets, fieldTypes(current)); err != nil {
		return usage(env, err.Error())
	}
	for _, kv := range inv.Sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return usage(env, "--set takes key=value")
		}
		values[k] = parseValue(v)
	}
	if err := readSecrets(inv, env, current, values); err != nil {
		if IsUsage(err) {
			return usage(env, err.Error())
		}
		return Fail(env.Stderr, inv.JSON, err)
	}
	st, err := ins.Manager.Save(ctx, me, inst.ID, values)
	if err != nil {
		return Fail(env.Stderr, inv.JSON, err)
	}
	if len(st.Errors) > 0 {
		var b strings.Builder
		for k, msg := range st.Errors {
			fprintCells(&b, "%s: %s; ", k, msg)
		}
		return Fail(env.Stderr, inv.JSON, apperr.New(apperr.Invalid, "not saved: %s", strings.TrimSuffix(b.String(), "; ")))
	}
	return printOut(env, inv.JSON, st, fmt.Sprintf("%s configured; status %s\n", inv.Args[0], st.Status), true)
}

// parseValue reads a --set value as JSON when it is JSON (numbers, true,
// lists), else as text.
func parseValue(v string) any {
	var out any
	if err := json.Unmarshal([]byte(v), &out); err == nil {
		if f, ok := out.(float64); ok {
			return f
		}
		return out
	}
	return v
}

func orNotInstalled(err error, id string) error {
	if err != nil {
		return err
	}
	return apperr.New(apperr.NotFound, "%s is not installed", id)
}

func installedText(list []install.Installation) string {
	t := newTable("APP", "LEVEL", "STATUS", "INSTALLED BY", "GRANTED SCOPES")
	for _, i := range list {
		t.row(i.ListingID, i.Level, i.Status, i.InstalledByName, strings.Join(i.GrantedScopes, " "))
	}
	return t.String()
}

func noticesText(list []sandbox.ReceivedNotice) string {
	var b strings.Builder
	for _, n := range list {
		fprintCells(&b, "%s  %s  %s\n", n.ReceivedAt, n.WebhookID, n.Body)
	}
	if len(list) == 0 {
		b.WriteString("no notices yet\n")
	}
	return b.String()
}
