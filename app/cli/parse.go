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

// commands maps each command to how many positional arguments it takes and
// which value flags it accepts.
var commands = map[string]struct {
	args  int
	flags []string
}{
	"version":          {0, nil},
	"doctor":           {0, nil},
	"backup":           {1, nil},
	"restore":          {1, nil},
	"help":             {-1, nil},
	"catalog sync":     {0, nil},
	"catalog sources":  {0, nil},
	"catalog add":      {1, nil},
	"catalog remove":   {1, nil},
	"catalog trust":    {1, []string{"untrust"}},
	"apps search":      {1, []string{"category", "type", "sort", "limit"}},
	"apps show":        {1, nil},
	"init":             {0, []string{"account", "name", "email"}},
	"users list":       {0, nil},
	"approvals list":   {0, []string{"state"}},
	"approvals grant":  {1, []string{"users", "note"}},
	"approvals revoke": {1, nil},
	"requests list":    {0, []string{"status"}},
	"requests approve": {1, []string{"note", "for-account"}},
	"requests deny":    {1, []string{"note"}},
	"audit export":     {0, []string{"format", "action"}},
	"token":            {1, nil},
	"install":          {1, []string{"yes", "no-browser"}},
	"reconnect":        {1, []string{"no-browser"}},
	"installed list":   {0, nil},
	"configure":        {1, nil},
	"remove":           {1, []string{"retain-data", "yes"}},
	"sandbox notices":  {0, nil},
	"notices secret":   {1, nil}, // the secret comes from standard input (notices.go)
	"notices secrets":  {0, nil},
	"org connect":      {-1, []string{"no-browser"}}, // URL, or none when the managed policy names the server
	"org status":       {0, nil},
	"org disconnect":   {0, nil},
}

var groups = map[string]bool{"catalog": true, "apps": true, "users": true, "approvals": true, "requests": true, "audit": true,
	"installed": true, "sandbox": true, "notices": true, "org": true}

var valueFlags = map[string]bool{"data-dir": true, "category": true, "type": true, "sort": true, "limit": true,
	"account": true, "name": true, "email": true, "users": true, "note": true, "state": true, "status": true,
	"format": true, "action": true}

// boolFlags are flags without a value, kept in Flags as "true".
var boolFlags = map[string]bool{"for-account": true, "retain-data": true, "yes": true, "untrust": true, "no-browser": true}

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
  marketdesk approvals list [--state account|users|blocked|none|changed]
  marketdesk approvals grant APP_ID [--users EMAIL,EMAIL] [--note TEXT]
                                          pre-approve for the whole account, or for those users
  marketdesk approvals revoke APP_ID      withdraw a pre-approval
  marketdesk requests list [--status pending|approved|denied|cancelled]
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
  marketdesk help                         show this help

Commands act as the signed-in user (the one the app shows); catalog add,
remove and trust, approvals, requests and audit are for marketplace managers.

Flags:
  --data-dir DIR   use DIR for data (default: $MARKETDESK_HOME, else the OS user data directory)
  --json           print JSON instead of text

Exit codes: 0 ok, 1 failure, 2 usage error.
`
