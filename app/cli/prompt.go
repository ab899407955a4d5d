package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"marketdesk/app/manage"
	"marketdesk/app/oauthflow"
)

// promptFields asks for each field of the form on the terminal: an empty
// answer keeps the current value; secrets are read without echo.
func promptFields(in *os.File, out io.Writer, st manage.State) (map[string]any, error) {
	lines := bufio.NewReader(in)
	values := map[string]any{}
	for _, f := range st.Fields {
		label := Cell(f.Label)
		if f.Required {
			label += " (required)"
		}
		for _, o := range f.Options {
			label += " [" + Cell(o.Value) + "]"
		}
		var answer string
		if f.Type == "secret" {
			fmt.Fprintf(out, "%s, not shown: ", label)
			b, err := term.ReadPassword(int(in.Fd()))
			fmt.Fprintln(out)
			if err != nil {
				return nil, fmt.Errorf("read %s from the terminal: %w", f.Key, err)
			}
			answer = string(b)
		} else {
			fmt.Fprintf(out, "%s: ", label)
			line, err := lines.ReadString('\n')
			if err != nil && line == "" {
				return nil, fmt.Errorf("read %s from the terminal: %w", f.Key, err)
			}
			answer = strings.TrimRight(line, "\r\n")
		}
		if answer != "" {
			values[f.Key] = answerValue(f.Type, answer)
		} else if f.IsSet {
			values[f.Key] = f.Value
		}
	}
	return values, nil
}

// answerValue reads numbers and toggles as JSON; everything else is text
// (a text field that happens to read like a number stays text).
func answerValue(fieldType, answer string) any {
	switch fieldType {
	case "number", "toggle", "multiselect":
		return parseValue(answer)
	}
	return answer
}

// waitProgress says the CLI is waiting for the browser: an elapsed-time
// line redrawn on a terminal, a line every 30 s otherwise, nothing with
// --json (the final object says it all).
type waitProgress struct {
	w     io.Writer
	tty   bool
	quiet bool
	once  sync.Once
	done  chan struct{}
	wg    sync.WaitGroup
}

func newWaitProgress(w io.Writer, quiet bool) *waitProgress {
	return &waitProgress{w: w, tty: isTerminal(w), quiet: quiet, done: make(chan struct{})}
}

func (p *waitProgress) start() {
	if p.quiet {
		return
	}
	fmt.Fprintln(p.w, "Waiting for you to allow access in the browser (Ctrl+C cancels)…")
	p.wg.Add(1)
	go p.run(time.Now())
}

func (p *waitProgress) run(began time.Time) {
	defer p.wg.Done()
	every := 30 * time.Second
	if p.tty {
		every = time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			if p.tty {
				fmt.Fprint(p.w, "\r\033[K")
			}
			return
		case <-tick.C:
			elapsed := time.Since(began).Round(time.Second)
			if p.tty {
				fmt.Fprintf(p.w, "\r\033[Kwaiting %s of at most %s", elapsed, oauthflow.DefaultTimeout)
			} else {
				fmt.Fprintf(p.w, "still waiting for the browser (%s)\n", elapsed)
			}
		}
	}
}

func (p *waitProgress) stop() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
