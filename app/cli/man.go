package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"marketdesk/app/system"
)

// flagArgs names the value of each value flag in the synopsis.
var flagArgs = map[string]string{"category": "C", "type": "user|account", "sort": "ORDER", "limit": "N",
	"account": "NAME", "name": "NAME", "email": "EMAIL", "users": "EMAIL,EMAIL", "note": "TEXT", "state": "STATE",
	"status": "STATUS", "format": "csv|json", "action": "PREFIX", "reason": "TEXT", "role": "ROLE"}

// synopsis is one command as it is typed: name, argument, flags.
func synopsis(name string, spec commandSpec) string {
	parts := []string{"marketdesk", name}
	if spec.arg != "" {
		parts = append(parts, spec.arg)
	}
	for _, f := range spec.flags {
		if v := flagArgs[f]; v != "" {
			parts = append(parts, "[--"+f+" "+v+"]")
		} else {
			parts = append(parts, "[--"+f+"]")
		}
	}
	return strings.Join(parts, " ")
}

// writeMan prints the manual page in roff, from the command definitions.
func writeMan(w io.Writer) {
	esc := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\e`), "-", `\-`) }
	fmt.Fprintf(w, ".TH MARKETDESK 1 \"\" \"marketdesk %s\" \"User Commands\"\n", esc(system.Version))
	fmt.Fprint(w, ".SH NAME\nmarketdesk \\- discover, approve, install and manage your organization's apps\n")
	fmt.Fprint(w, ".SH SYNOPSIS\n.B marketdesk\n[\\-\\-data\\-dir DIR] [\\-\\-json] [COMMAND [ARGS]]\n")
	fmt.Fprint(w, ".SH DESCRIPTION\nWithout a command, marketdesk starts the desktop app. With one, it is the command line: ",
		"commands act as the signed\\-in user (the one the app shows), or in organization mode at the organization.\n")
	fmt.Fprint(w, ".SH COMMANDS\n")
	names := make([]string, 0, len(commands))
	for name := range commands {
		if !strings.HasPrefix(name, "__") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, ".TP\n.B %s\n%s\n", esc(synopsis(name, commands[name])), esc(commands[name].about))
	}
	fmt.Fprint(w, ".SH OPTIONS\n.TP\n.B \\-\\-data\\-dir DIR\nuse DIR for data (default: $MARKETDESK_HOME, else the OS user data directory)\n",
		".TP\n.B \\-\\-json\nprint JSON instead of text (errors as {\"error\": {\"code\", \"message\"}})\n",
		".SH EXIT STATUS\n0 ok, 1 failure, 2 usage error.\n",
		".SH ENVIRONMENT\n.TP\n.B BROWSER\nthe command that opens the consent of install, reconnect and org connect\n",
		".TP\n.B MARKETDESK_HOME\nthe data directory\n")
}
