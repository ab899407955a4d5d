package desktop

import (
	"os"
	"os/exec"
	"strings"
)

// Browser opens URLs in the system browser. When $BROWSER is set (a command,
// as xdg-open and many tools honour it) it runs that command with the URL;
// tests use this hook to receive the authorization URL.
type Browser struct {
	Events *Events
	Getenv func(string) string
}

// Open opens url outside the app's webview.
func (b Browser) Open(url string) error {
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
	b.Events.OpenURL(url)
	return nil
}
