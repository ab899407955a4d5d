package desktop

import (
	"os"
	"os/exec"
	"strings"

	"marketdesk/app/netguard"
)

// Browser opens URLs in the system browser. When $BROWSER is set (a command,
// as xdg-open and many tools honour it) it runs that command with the URL;
// tests use this hook to receive the authorization URL.
//
// Every URL passes Guard.CheckOpen first (https, or http to the built-in
// sandbox): a URL from a feed or an authorization server is an argument of a
// browser command, and "--renderer-cmd-prefix=…" or "file:" there would run
// or read what the publisher chose. A nil Guard allows https only.
type Browser struct {
	Events *Events
	Guard  *netguard.Guard
	Getenv func(string) string
}

// Open opens url outside the app's webview, or refuses it with a
// *netguard.RefusedURLError and opens nothing.
func (b Browser) Open(url string) error {
	if err := b.Guard.CheckOpen(url); err != nil {
		return err
	}
	getenv := b.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if cmd := strings.Fields(getenv("BROWSER")); len(cmd) > 0 {
		c := exec.Command(cmd[0], append(cmd[1:], url)...)
		c.Stdout, c.Stderr = os.Stderr, os.Stderr
		if err := c.Start(); err != nil {
			return err
		}
		go c.Wait() // reap it; the browser may outlive this call
		return nil
	}
	b.Events.openURL(url)
	return nil
}

// Links is bound to the window: the frontend opens every web link through
// Open, so links in listings pass the same check as everything else.
type Links struct {
	Browser interface{ Open(url string) error }
}

// Open opens a link in the system browser; a refused link is an
// invalid_input error and nothing opens.
func (l *Links) Open(url string) error { return l.Browser.Open(url) }
