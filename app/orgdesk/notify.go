package orgdesk

import (
	"runtime"

	"github.com/godbus/dbus/v5"
)

// Notifier shows an OS notification (a decision on one of your requests
// arrives while the window may be hidden). A seam: tests record calls.
type Notifier interface {
	Notify(title, body string) error
}

// DesktopNotifier sends freedesktop notifications over the session D-Bus
// (org.freedesktop.Notifications.Notify), which every Linux desktop's
// notification daemon serves, with or without a window (SystemNotifier
// gives macOS and Windows the window's own notifier instead).
type DesktopNotifier struct {
	// Connect opens the session bus (default dbus.ConnectSessionBus, a
	// private connection closed after each notification).
	Connect func() (*dbus.Conn, error)
}

const (
	notifyDest  = "org.freedesktop.Notifications"
	notifyPath  = dbus.ObjectPath("/org/freedesktop/Notifications")
	notifyCall  = notifyDest + ".Notify"
	appName     = "Marketdesk"
	expireAfter = int32(-1) // the server's default
)

// Notify sends one notification; without a session bus (a headless
// machine, macOS, Windows) it fails and the caller carries on.
func (n DesktopNotifier) Notify(title, body string) error {
	connect := n.Connect
	if connect == nil {
		connect = func() (*dbus.Conn, error) { return dbus.ConnectSessionBus() }
	}
	conn, err := connect()
	if err != nil {
		return err
	}
	defer conn.Close()
	obj := conn.Object(notifyDest, notifyPath)
	return obj.Call(notifyCall, 0, appName, uint32(0), "", title, body, []string{}, map[string]dbus.Variant{}, expireAfter).Err
}

// SystemNotifier is this OS's notifier: freedesktop notifications where
// desktops serve them (Linux, the BSDs); on macOS and Windows the window's
// (Wails' notification center / Action Center toast: desktop.Events.Notify).
func SystemNotifier(window Notifier) Notifier {
	switch runtime.GOOS {
	case "darwin", "windows":
		return window
	}
	return DesktopNotifier{}
}
