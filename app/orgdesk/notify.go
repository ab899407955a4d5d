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
// notification daemon serves. Wails v2 has no notification API, so macOS
// and Windows get none from here yet: the toast and the badge in the
// window are what they see (docs/architecture.md).
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
// desktops serve them (Linux, the BSDs), none on macOS and Windows (nil:
// the window's toast and badge only, until a platform notifier exists).
func SystemNotifier() Notifier {
	switch runtime.GOOS {
	case "darwin", "windows":
		return nil
	}
	return DesktopNotifier{}
}
