package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"marketdesk/db"
)

// completeScripts are the shell completion scripts: each asks the hidden
// `marketdesk __complete -- WORD…` for the candidates of the last word, so
// the three shells complete from the same command definitions.
var completeScripts = map[string]string{
	"bash": `# bash completion for marketdesk: source <(marketdesk completion bash)
_marketdesk() {
    local IFS=$'\n'
    COMPREPLY=($(marketdesk __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _marketdesk marketdesk
`,
	"zsh": `#compdef marketdesk
# zsh completion for marketdesk: source <(marketdesk completion zsh) after compinit
_marketdesk() {
    local -a candidates
    candidates=("${(@f)$(marketdesk __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    compadd -a candidates
}
# Autoloaded from fpath (the package's vendor-completions) the file is the
# function's body: complete now. Sourced: register the function.
if [ "$funcstack[1]" = "_marketdesk" ]; then
    _marketdesk "$@"
else
    compdef _marketdesk marketdesk
fi
`,
	"fish": `# fish completion for marketdesk: marketdesk completion fish | source
function __marketdesk_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    marketdesk __complete -- $words[2..-1] "$current" 2>/dev/null
end
complete -c marketdesk -f -a '(__marketdesk_complete)'
`,
}

func runCompletion(inv Invocation, env Env) int {
	script, ok := completeScripts[inv.Args[0]]
	if !ok {
		return usage(env, fmt.Sprintf("completion is for bash, zsh or fish, not %q", inv.Args[0]))
	}
	fmt.Fprint(env.Stdout, script)
	return 0
}

// runComplete prints the candidates for the last of the words typed so far,
// one a line; it never fails loudly (a shell shows nothing then).
func runComplete(ctx context.Context, inv Invocation, env Env) int {
	words := inv.Args
	if len(words) == 0 {
		words = []string{""}
	}
	current, before := words[len(words)-1], words[:len(words)-1]
	for _, c := range candidates(ctx, env, before, current) {
		if strings.HasPrefix(c, current) {
			fmt.Fprintln(env.Stdout, c)
		}
	}
	return 0
}

func candidates(ctx context.Context, env Env, before []string, current string) []string {
	var positional []string
	for i, w := range before {
		if strings.HasPrefix(w, "-") {
			continue
		}
		if i > 0 && valueFlags[strings.TrimLeft(before[i-1], "-")] && !strings.Contains(before[i-1], "=") {
			continue // the value of a flag
		}
		positional = append(positional, w)
	}
	if n := len(before); n > 0 && valueFlags[strings.TrimLeft(before[n-1], "-")] && !strings.Contains(before[n-1], "=") {
		return nil // a flag's value: the shell's own completion (files for --data-dir)
	}
	name, rest := commandOf(positional)
	spec, known := commands[name]
	if strings.HasPrefix(current, "-") {
		flags := []string{"--json", "--data-dir", "--help"}
		for _, f := range spec.flags {
			flags = append(flags, "--"+f)
		}
		if name == "configure" {
			flags = append(flags, "--set", "--set-secret")
		}
		return flags
	}
	switch {
	case name == "":
		return topLevel()
	case groups[name] && len(rest) == 0:
		return subcommands(name)
	case known && spec.arg == "APP_ID" && len(rest) == 0:
		return appIDs(ctx, withDataDir(env, before), current)
	case name == "completion" && len(rest) == 0:
		return []string{"bash", "fish", "zsh"}
	}
	return nil
}

// commandOf splits the positional words into the command and its arguments.
func commandOf(words []string) (string, []string) {
	switch {
	case len(words) == 0:
		return "", nil
	case groups[words[0]] && len(words) > 1:
		return words[0] + " " + words[1], words[2:]
	}
	return words[0], words[1:]
}

func topLevel() []string {
	seen := map[string]bool{}
	var out []string
	for name := range commands {
		first, _, _ := strings.Cut(name, " ")
		if !seen[first] && !strings.HasPrefix(first, "__") {
			seen[first] = true
			out = append(out, first)
		}
	}
	sort.Strings(out)
	return out
}

func subcommands(group string) []string {
	var out []string
	for name := range commands {
		if g, sub, ok := strings.Cut(name, " "); ok && g == group {
			out = append(out, sub)
		}
	}
	sort.Strings(out)
	return out
}

// withDataDir points env at the --data-dir the line names, if any.
func withDataDir(env Env, words []string) Env {
	for i, w := range words {
		dir, ok := "", false
		if v, found := strings.CutPrefix(w, "--data-dir="); found {
			dir, ok = v, true
		} else if w == "--data-dir" && i+1 < len(words) {
			dir, ok = words[i+1], true
		}
		if ok && env.OpenCatalogAt != nil {
			open := env.OpenCatalogAt
			env.DataDir = dir
			env.OpenCatalog = func(ctx context.Context) (*Catalog, error) { return open(ctx, dir) }
		}
	}
	return env
}

// appIDs reads the app ids of the local catalog; it opens nothing when the
// data directory has no database yet (completion creates no files).
func appIDs(ctx context.Context, env Env, prefix string) []string {
	if _, err := os.Stat(filepath.Join(env.DataDir, db.FileName)); err != nil || env.OpenCatalog == nil {
		return nil
	}
	cat, err := env.OpenCatalog(ctx)
	if err != nil {
		return nil
	}
	defer cat.DB.Close()
	rows, err := cat.DB.Reader.QueryContext(ctx,
		"SELECT id FROM listings WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 500", prefix)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	return ids
}
