package org

import (
	"os"
	"os/exec"
	"runtime"
	"strings"

	"marketdesk/app/netguard"
)

// SystemBrowser opens the sign-in in the system browser from the command
// line, where there is no window to ask: $BROWSER when set (as xdg-open and
// many tools honour it), else the platform's opener. The desktop app uses
// its own desktop.Browser instead.
type SystemBrowser struct{}

// Open refuses anything but https or http to a loopback address (a
// development server), then starts the browser without waiting for it.
func (SystemBrowser) Open(url string) error {
	if err := netguard.Of(nil).CheckOpen(url); err != nil {
		return err
	}
	var cmd []string
	switch fields := strings.Fields(os.Getenv("BROWSER")); {
	case len(fields) > 0:
		cmd = append(fields, url)
	case runtime.GOOS == "darwin":
		cmd = []string{"open", url}
	case runtime.GOOS == "windows":
		cmd = []string{"rundll32", "url.dll,FileProtocolHandler", url}
	default:
		cmd = []string{"xdg-open", url}
	}
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	if err := c.Start(); err != nil {
		return err
	}
	go c.Wait() // reap it; the browser outlives this call
	return nil
}
