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
	Command string // "" starts the desktop app
	Args    []string
	DataDir string
	JSON    bool
}

// UsageError is a command line that cannot be understood (exit code 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

var commands = map[string]bool{"version": true, "doctor": true, "help": true}

// Parse reads global flags anywhere on the line and the command.
func Parse(args []string) (Invocation, error) {
	var inv Invocation
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, value, hasValue := strings.Cut(arg, "=")
		switch name {
		case "--data-dir", "-data-dir":
			if !hasValue {
				if i+1 >= len(args) {
					return inv, &UsageError{"--data-dir needs a directory"}
				}
				i++
				value = args[i]
			}
			inv.DataDir = value
		case "--json", "-json":
			inv.JSON = true
		case "-h", "--help", "-help":
			inv.Command = "help"
		default:
			if strings.HasPrefix(arg, "-") {
				return inv, &UsageError{fmt.Sprintf("unknown flag %s", arg)}
			}
			if inv.Command == "" {
				if !commands[arg] {
					return inv, &UsageError{fmt.Sprintf("unknown command %q", arg)}
				}
				inv.Command = arg
				continue
			}
			inv.Args = append(inv.Args, arg)
		}
	}
	if inv.Command != "" && inv.Command != "help" && len(inv.Args) > 0 {
		return inv, &UsageError{fmt.Sprintf("%s takes no arguments, got %q", inv.Command, inv.Args)}
	}
	return inv, nil
}

// IsUsage reports whether err is a usage error.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// Usage is the text of --help.
const Usage = `Marketdesk: discover, approve, install and manage your organization's apps.

Usage:
  marketdesk [--data-dir DIR]          start the desktop app
  marketdesk version [--json]          print the version
  marketdesk doctor [--json]           check the data directory, database, keychain and webview
  marketdesk help                      show this help

Flags:
  --data-dir DIR   use DIR for data (default: $MARKETDESK_HOME, else the OS user data directory)
  --json           print JSON instead of text

Exit codes: 0 ok, 1 failure, 2 usage error.
`
