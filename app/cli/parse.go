// Package cli is Marketdesk's command line: the same binary is a CLI when it
// is given a command, and the desktop app when it is not.
package cli

import (
	"errors"
	"fmt"
	"strings"
)

// Invocation is a parsed command line.
type Invocation struct {
	Command string // "" starts the desktop app; "catalog sync", "apps search", ...
	Args    []string
	DataDir string
	JSON    bool
	Quiet   bool              // --quiet: no progress on standard error
	Flags   map[string]string // --category, --type, --sort, --limit
	Sets    []string          // --set key=value, repeatable (configure)
	// SecretKeys are --set-secret KEY (configure): the values come from
	// standard input, never from the command line (argv is visible to other
	// users, and shells keep it in their history).
	SecretKeys []string
}

// UsageError is a command line that cannot be understood (exit code 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// commandSpec defines a command: its positional arguments, the flags it
// accepts and one line about it. Parse, shell completion (complete.go) and
// the man page (man.go) all read these definitions.
type commandSpec struct {
	args  int    // -1: any number
	arg   string // what the argument is: APP_ID (completed from the catalog), ID, FILE, URL…
	flags []string
	about string
}

// commands are every command of the line.
var commands = map[string]commandSpec{
	"version":           {0, "", nil, "print the version"},
	"doctor":            {0, "", nil, "check the data directory, database, keychain and webview, and name the fixes"},
	"backup":            {1, "FILE", nil, "write a consistent copy of the database to FILE; safe while Marketdesk runs"},
	"restore":           {1, "FILE", nil, "replace the database by the backup FILE (Marketdesk closed)"},
	"help":              {-1, "", nil, "show the help"},
	"catalog sync":      {0, "", nil, "update the cached catalog from every source"},
	"catalog sources":   {0, "", nil, "list the catalog sources"},
	"catalog add":       {1, "URL|FILE", nil, "add a feed (https URL or file) and import it"},
	"catalog remove":    {1, "ID", nil, "remove a feed and its listings"},
	"catalog trust":     {1, "ID", []string{"untrust"}, "trust a feed: its developers show as verified"},
	"apps search":       {1, "QUERY", []string{"category", "type", "sort", "limit"}, "search the catalog"},
	"apps show":         {1, "APP_ID", nil, "show one app of the catalog"},
	"init":              {0, "", []string{"account", "name", "email"}, "create the account; you become its owner"},
	"users list":        {0, "", nil, "list the account's users"},
	"users add":         {0, "", []string{"name", "email", "role", "manager"}, "add a user: --role owner|admin|member (default member); --manager for an admin (managers)"},
	"users role":        {1, "EMAIL", []string{"role", "manager"}, "change a user's role (--role owner|admin|member) or an admin's manager privilege (--manager, --manager=false)"},
	"users remove":      {1, "EMAIL", []string{"yes"}, "remove a user (managers; confirm with --yes)"},
	"users switch":      {1, "EMAIL", nil, "sign in as another user of the account"},
	"approvals list":    {0, "", []string{"state"}, "the apps and their approval state"},
	"approvals grant":   {1, "APP_ID", []string{"users", "note"}, "pre-approve for the whole account, or for those users"},
	"approvals revoke":  {1, "APP_ID", nil, "withdraw a pre-approval"},
	"approvals block":   {1, "APP_ID", []string{"note"}, "block an app: nobody can install or request it"},
	"approvals unblock": {1, "APP_ID", nil, "lift a block (the app is then not approved)"},
	"requests list":     {0, "", []string{"status"}, "the pre-approval requests (managers: everyone's; others: their own)"},
	"requests create":   {1, "APP_ID", []string{"reason"}, "ask the managers to pre-approve an app"},
	"requests cancel":   {1, "ID", nil, "cancel your pending request"},
	"requests approve":  {1, "ID", []string{"note", "for-account"}, "approve a request (--for-account: for everyone)"},
	"requests deny":     {1, "ID", []string{"note"}, "deny a request"},
	"audit export":      {0, "", []string{"format", "action"}, "print the audit log (oldest first)"},
	"install":           {1, "APP_ID", []string{"yes", "no-browser"}, "review, confirm and allow access in the browser, then configure"},
	"reconnect":         {1, "APP_ID", []string{"no-browser"}, "run the consent again for an installation"},
	"token":             {1, "APP_ID", nil, "print a valid access token of your installation"},
	"installed list":    {0, "", nil, "your installed apps and the account's"},
	"configure":         {1, "APP_ID", nil, "save configuration values (--set key=value, --set-secret KEY)"},
	"remove":            {1, "APP_ID", []string{"retain-data", "yes"}, "remove (deauthorize) an app"},
	"sandbox notices":   {0, "", nil, "deauthorization notices the built-in sandbox received"},
	"notices secret":    {1, "APP_ID", nil, "set the secret that signs the app's deauthorization notices, from standard input"}, // notices.go
	"notices secrets":   {0, "", nil, "which apps have a notice signing secret (managers)"},
	"org connect":       {-1, "[URL]", []string{"no-browser"}, "connect this desktop to its organization server"}, // none: the managed policy names the server
	"org status":        {0, "", nil, "the organization server, who you are there, and the connection"},
	"org disconnect":    {0, "", nil, "sign out of the organization server"},
	"completion":        {1, "bash|zsh|fish", nil, "print the shell completion script"},
	"man":               {0, "", nil, "print the manual page (roff)"},
	"__complete":        {-1, "", nil, ""}, // hidden: the completion scripts ask it for candidates
}

var groups = map[string]bool{"catalog": true, "apps": true, "users": true, "approvals": true, "requests": true, "audit": true,
	"installed": true, "sandbox": true, "notices": true, "org": true}

var valueFlags = map[string]bool{"data-dir": true, "category": true, "type": true, "sort": true, "limit": true,
	"account": true, "name": true, "email": true, "users": true, "note": true, "state": true, "status": true,
	"format": true, "action": true, "reason": true, "role": true}

// boolFlags are flags without a value, kept in Flags as "true".
var boolFlags = map[string]bool{"manager": true, "for-account": true, "retain-data": true, "yes": true, "untrust": true, "no-browser": true}

// Parse reads global flags anywhere on the line, the command and its arguments.
func Parse(args []string) (Invocation, error) {
	inv := Invocation{Flags: map[string]string{}}
	var words []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			words = append(words, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			words = append(words, arg)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch {
		case name == "json":
			inv.JSON = true
		case name == "quiet" || name == "q":
			inv.Quiet = true
		case name == "h" || name == "help":
			inv.Command = "help"
		case name == "set":
			if !hasValue {
				if i+1 >= len(args) {
					return inv, &UsageError{"--set needs key=value"}
				}
				i++
				value = args[i]
			}
			inv.Sets = append(inv.Sets, value)
		case name == "set-secret":
			if !hasValue {
				if i+1 >= len(args) {
					return inv, &UsageError{"--set-secret needs the key of a secret field; its value is read from standard input"}
				}
				i++
				value = args[i]
			}
			if strings.Contains(value, "=") {
				return inv, &UsageError{"--set-secret takes only the key; type or pipe the value on standard input, never on the command line"}
			}
			inv.SecretKeys = append(inv.SecretKeys, value)
		case boolFlags[name]:
			inv.Flags[name] = "true"
			if hasValue { // --manager=false
				if value != "true" && value != "false" {
					return inv, &UsageError{fmt.Sprintf("--%s is true or false, got %q", name, value)}
				}
				inv.Flags[name] = value
			}
		case valueFlags[name]:
			if !hasValue {
				if i+1 >= len(args) {
					return inv, &UsageError{fmt.Sprintf("--%s needs a value", name)}
				}
				i++
				value = args[i]
			}
			if name == "data-dir" {
				inv.DataDir = value
			} else {
				inv.Flags[name] = value
			}
		default:
			// A search for a word that starts with "-" reads like a flag:
			// say how to write it rather than only refusing it.
			return inv, &UsageError{fmt.Sprintf("unknown flag %s (to pass a word that starts with -, put -- before it: marketdesk apps search -- %s)", arg, arg)}
		}
	}
	if inv.Command == "help" || len(words) == 0 {
		return inv, nil
	}
	return command(inv, words)
}

func command(inv Invocation, words []string) (Invocation, error) {
	name, rest := words[0], words[1:]
	if groups[name] {
		if len(rest) == 0 {
			return inv, &UsageError{fmt.Sprintf("%s needs a subcommand", name)}
		}
		name, rest = name+" "+rest[0], rest[1:]
	}
	spec, ok := commands[name]
	if !ok {
		return inv, &UsageError{fmt.Sprintf("unknown command %q", name)}
	}
	if spec.args >= 0 && len(rest) != spec.args {
		return inv, &UsageError{fmt.Sprintf("%s takes %d argument(s), got %d", name, spec.args, len(rest))}
	}
	for flag := range inv.Flags {
		if !contains(spec.flags, flag) {
			return inv, &UsageError{fmt.Sprintf("%s does not take --%s", name, flag)}
		}
	}
	if name != "configure" && len(inv.Sets)+len(inv.SecretKeys) > 0 {
		return inv, &UsageError{fmt.Sprintf("%s does not take --set or --set-secret", name)}
	}
	inv.Command = name
	if len(rest) > 0 {
		inv.Args = rest
	}
	return inv, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// IsUsage reports whether err is a usage error.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// Usage is the text of --help.
const Usage = `Marketdesk: discover, approve, install and manage your organization's apps.

Usage:
  marketdesk [--data-dir DIR]             start the desktop app
  marketdesk version                      print the version
  marketdesk doctor                       check the data directory, database (integrity, free space,
                                          write access), keychain and webview, and name the fixes
  marketdesk backup FILE                  write a consistent copy of the database to FILE (tokens stay
                                          in the keychain); safe while Marketdesk runs
  marketdesk restore FILE                 replace the database by the backup FILE (Marketdesk closed);
                                          the current database is kept in the data directory's backups/
  marketdesk catalog sync                 update the cached catalog from every source
  marketdesk catalog sources              list the catalog sources
  marketdesk catalog add URL|FILE         add a feed (https URL or file) and import it
  marketdesk catalog remove ID            remove a feed and its listings
  marketdesk catalog trust ID [--untrust] trust a feed: its developers show as verified
  marketdesk apps search QUERY [--category C] [--type user|account]
                            [--sort relevance|popularity|rating|name|newest] [--limit N]
                            (a QUERY that starts with -: marketdesk apps search -- -QUERY)
  marketdesk apps show ID                 show one app of the catalog
  marketdesk init --account NAME --name NAME --email EMAIL
                                          create the account; you become its owner
  marketdesk users list                   list the account's users
  marketdesk users add --name NAME --email EMAIL [--role owner|admin|member] [--manager]
                                          add a user (managers; only owners add owners)
  marketdesk users role EMAIL [--role owner|admin|member] [--manager | --manager=false]
                                          change a user's role or an admin's marketplace-manager privilege
  marketdesk users remove EMAIL --yes     remove a user (the last owner and the signed-in user stay)
  marketdesk users switch EMAIL           sign in as another user of the account (the window follows)
  marketdesk approvals list [--state account|users|blocked|none|changed]
  marketdesk approvals grant APP_ID [--users EMAIL,EMAIL] [--note TEXT]
                                          pre-approve for the whole account, or for those users
  marketdesk approvals revoke APP_ID      withdraw a pre-approval
  marketdesk approvals block APP_ID [--note TEXT]
                                          block an app: nobody can install or request it
  marketdesk approvals unblock APP_ID     lift a block (the app is then not approved)
  marketdesk requests list [--status pending|approved|denied|cancelled]
                                          managers: the queue; others: their own requests
  marketdesk requests create APP_ID [--reason TEXT]
                                          ask the managers to pre-approve an app
  marketdesk requests cancel ID           cancel your pending request
  marketdesk requests approve ID [--for-account] [--note TEXT]
  marketdesk requests deny ID [--note TEXT]
  marketdesk audit export [--format csv|json] [--action PREFIX]
                                          print the audit log (oldest first)
  marketdesk install APP_ID [--yes] [--no-browser]
                                          review what the app may do and who authorizes it, confirm (--yes
                                          skips), allow access in the browser ($BROWSER honoured; --no-browser
                                          prints the address), then configure it; Ctrl+C cancels cleanly
  marketdesk reconnect APP_ID [--no-browser]
                                          run the consent again (after a refused refresh, or new permissions)
  marketdesk token APP_ID                 print a valid access token of your installation
                                          (refreshed first when needed); --json adds expiry and scopes
  marketdesk installed list               your installed apps and the account's
  marketdesk configure APP_ID [--set key=value ...] [--set-secret KEY ...]
                                          save configuration values (JSON values: --set limit=20, --set on=true);
                                          secret fields only with --set-secret: the value is read from standard
                                          input (typed without echo, or one line per key from a pipe)
  marketdesk remove APP_ID [--retain-data] --yes
                                          remove (deauthorize) an app; --retain-data lets the developer keep your data
  marketdesk sandbox notices              deauthorization notices the built-in sandbox received
  marketdesk notices secret APP_ID        set (or rotate) the secret that signs APP_ID's deauthorization
                                          notices, read from standard input (managers; docs/deauthorization.md)
  marketdesk notices secrets              which apps have a notice signing secret (managers)
  marketdesk org connect [URL] [--no-browser]
                                          connect this desktop to its organization server: sign in with the
                                          organization's SSO in the browser (--no-browser prints the address);
                                          without URL, the server of the managed policy file
  marketdesk org status                   the organization server, who you are there, your role, and whether
                                          it is connected, offline or signed out
  marketdesk org disconnect               sign out: revoke the sign-in at the server, remove it from the keychain
  marketdesk completion bash|zsh|fish     print the shell completion script (app ids come from the local catalog):
                                          bash: source <(marketdesk completion bash); fish: marketdesk completion fish | source
  marketdesk man                          print the manual page (roff; make man writes build/man/marketdesk.1)
  marketdesk help                         show this help

Commands act as the signed-in user (the one the app shows); catalog add,
remove and trust, approvals, requests and audit are for marketplace managers.
In organization mode (org connect) users, approvals and requests act on the
organization; users add, role, remove and switch then say that people are
managed at the organization.

Flags:
  --data-dir DIR   use DIR for data (default: $MARKETDESK_HOME, else the OS user data directory)
  --json           print JSON instead of text (one object or list; errors as {"error": {"code", "message"}})
  --quiet          no progress on standard error (catalog sync, catalog add, backup)

Exit codes: 0 ok, 1 failure, 2 usage error.
`
