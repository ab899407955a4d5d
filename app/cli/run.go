package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"marketdesk/app/apperr"
	"marketdesk/app/org"
	"marketdesk/app/system"
	"marketdesk/app/vault"
)

// Env is what commands need from the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader // secrets for --set-secret (a terminal: read without echo)
	DataDir        string    // resolved
	Keychain       *vault.Vault
	// OpenCatalog opens the data directory (creating and migrating it).
	OpenCatalog func(ctx context.Context) (*Catalog, error)
	// OpenCatalogAt opens another data directory's catalog: completion of
	// a line that names --data-dir.
	OpenCatalogAt func(ctx context.Context, dir string) (*Catalog, error)
	// OpenInstaller also starts the sandbox server, for `token`.
	OpenInstaller func(ctx context.Context) (*Installs, error)
	// OpenOrg opens the connection to the organization server (org …);
	// the func it returns closes what it opened.
	OpenOrg func(ctx context.Context) (*org.Service, func(), error)
}

// Run executes a parsed command and returns the process exit code.
func Run(ctx context.Context, inv Invocation, env Env) int {
	switch group, _, _ := strings.Cut(inv.Command, " "); {
	case inv.Command == "help":
		fmt.Fprint(env.Stdout, Usage)
		return 0
	case inv.Command == "version":
		return printOut(env, inv.JSON, map[string]string{"version": system.Version, "commit": system.Commit},
			"marketdesk "+system.VersionLine()+"\n", true)
	case inv.Command == "doctor":
		return doctor(ctx, inv, env)
	case inv.Command == "backup":
		return runBackup(ctx, inv, env)
	case inv.Command == "restore":
		return runRestore(ctx, inv, env)
	case group == "catalog" || group == "apps":
		return runCatalog(ctx, inv, env)
	case inv.Command == "completion":
		return runCompletion(inv, env)
	case inv.Command == "__complete":
		return runComplete(ctx, inv, env)
	case inv.Command == "man":
		writeMan(env.Stdout)
		return 0
	case inv.Command == "install" || inv.Command == "reconnect":
		return runInstall(ctx, inv, env)
	case inv.Command == "token":
		return runToken(ctx, inv, env)
	case group == "notices":
		return runNotices(ctx, inv, env)
	case group == "org":
		return runOrg(ctx, inv, env)
	case group == "installed" || group == "sandbox" || inv.Command == "configure" || inv.Command == "remove":
		return runManage(ctx, inv, env)
	default: // init, users, approvals, requests, audit (Parse knows every command)
		return runAdmin(ctx, inv, env)
	}
}

func doctor(ctx context.Context, inv Invocation, env Env) int {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	r := system.Doctor(ctx, env.DataDir, env.Keychain)
	return printOut(env, inv.JSON, r, doctorText(r), r.Healthy())
}

func doctorText(r system.Report) string {
	mark := func(ok bool) string {
		if ok {
			return "ok  "
		}
		return "FAIL"
	}
	db := r.Database
	dbLine := fmt.Sprintf("schema version %d of %d", db.SchemaVersion, db.SupportedVersion)
	if !db.Exists {
		dbLine = fmt.Sprintf("not created yet (created on first start; schema version %d)", db.SupportedVersion)
	}
	if db.Problem != "" {
		dbLine = db.Problem
	}
	out := fmt.Sprintf("Marketdesk %s (%s)\n", r.Version, r.Platform)
	out += fmt.Sprintf("%s data dir   %s\n", mark(true), r.DataDir)
	out += fmt.Sprintf("%s database   %s: %s\n", mark(db.Problem == ""), db.Path, dbLine)
	if st := r.Storage; st != nil {
		for _, c := range []struct {
			name  string
			check system.Check
		}{{"integrity", st.Integrity}, {"disk     ", st.Disk}, {"writable ", st.Writable}} {
			out += fmt.Sprintf("%s %s  %s\n", mark(c.check.OK), c.name, c.check.Detail)
			if c.check.Fix != "" {
				out += "                Fix: " + c.check.Fix + "\n"
			}
		}
	}
	out += fmt.Sprintf("%s keychain   %s\n", mark(r.Keychain.Reachable), r.Keychain.Detail)
	if r.Keychain.Fix != "" {
		out += "                " + r.Keychain.Fix + "\n"
	}
	out += fmt.Sprintf("%s webview    %s\n", mark(true), r.Webview)
	return out
}

// printOut writes v as JSON or text; the exit code is 0 when ok.
func printOut(env Env, asJSON bool, v any, text string, ok bool) int {
	if asJSON {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return Fail(env.Stderr, asJSON, err)
		}
		env.Stdout.Write(escapeJSON(buf.Bytes()))
	} else {
		fmt.Fprint(env.Stdout, Printable(text))
	}
	if ok {
		return 0
	}
	return 1
}

// Fail prints err (as {code, message} with --json) and returns exit code 1.
func Fail(w io.Writer, asJSON bool, err error) int {
	err = storageError(err)
	if asJSON {
		var buf bytes.Buffer
		_ = json.NewEncoder(&buf).Encode(map[string]any{"error": apperr.PayloadOf(err)})
		w.Write(escapeJSON(buf.Bytes()))
	} else {
		fmt.Fprintf(w, "marketdesk: %s\n", Printable(err.Error()))
	}
	return 1
}
