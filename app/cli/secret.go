package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"marketdesk/app/manage"
)

// fieldTypes maps each configuration field's key to its type.
func fieldTypes(st manage.State) map[string]string {
	types := map[string]string{}
	for _, f := range st.Fields {
		types[f.Key] = f.Type
	}
	return types
}

// refuseSecretsInArgs refuses --set for secret fields: a value on the
// command line is visible to every user of the machine (ps, /proc) and lands
// in the shell's history.
func refuseSecretsInArgs(sets []string, types map[string]string) error {
	for _, kv := range sets {
		k, _, _ := strings.Cut(kv, "=")
		if types[k] == "secret" {
			return &UsageError{fmt.Sprintf("%s is a secret: set it with --set-secret %s and type or pipe the value on "+
				"standard input, never on the command line (other users see the command line; the shell keeps it)", k, k)}
		}
	}
	return nil
}

// secretInput reads the values of --set-secret keys: without echo when
// standard input is a terminal, else one line per key from the pipe.
type secretInput struct {
	in     io.Reader
	prompt io.Writer
	lines  *bufio.Reader
}

func newSecretInput(in io.Reader, prompt io.Writer) *secretInput {
	if in == nil {
		in = strings.NewReader("")
	}
	return &secretInput{in: in, prompt: prompt, lines: bufio.NewReader(in)}
}

func (s *secretInput) read(key, label string) (string, error) {
	var value string
	if f, ok := s.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(s.prompt, "%s (%s, not shown): ", Cell(label), Cell(key))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(s.prompt)
		if err != nil {
			return "", fmt.Errorf("read %s from the terminal: %w", key, err)
		}
		value = string(b)
	} else {
		line, err := s.lines.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", &UsageError{fmt.Sprintf("--set-secret %s: no line for it on standard input (pipe one line per --set-secret, in order)", key)}
		}
		value = strings.TrimRight(line, "\r\n")
	}
	if value == "" {
		return "", &UsageError{fmt.Sprintf("--set-secret %s: the value is empty; nothing was saved", key)}
	}
	return value, nil
}

// readSecrets reads every --set-secret value into values; each key must be
// a secret field of the app's form.
func readSecrets(inv Invocation, env Env, st manage.State, values map[string]any) error {
	if len(inv.SecretKeys) == 0 {
		return nil
	}
	labels := map[string]string{}
	for _, f := range st.Fields {
		labels[f.Key] = f.Label
	}
	types := fieldTypes(st)
	input := newSecretInput(env.Stdin, env.Stderr)
	for _, k := range inv.SecretKeys {
		if types[k] != "secret" {
			return &UsageError{fmt.Sprintf("--set-secret %s: %s has no secret field %q; set other fields with --set", k, st.ListingID, k)}
		}
		v, err := input.read(k, labels[k])
		if err != nil {
			return err
		}
		values[k] = v
	}
	return nil
}
