package orgdesk_test

import (
	"os"
	"testing"

	"github.com/godbus/dbus/v5"

	"marketdesk/app/orgdesk"
)

// notificationServer plays the desktop's notification daemon on the
// private session bus of scripts/keychain-session.sh.
type notificationServer struct{ got chan []any }

func (s *notificationServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.got <- []any{app, summary, body, timeout}
	return 1, nil
}

func TestDesktopNotifierOnTheSessionBus(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run under scripts/keychain-session.sh")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	srv := &notificationServer{got: make(chan []any, 1)}
	if err := conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own the notifications name: %v %v", reply, err)
	}
	if err := (orgdesk.DesktopNotifier{}).Notify("Your request for notes was approved", "ok for sales"); err != nil {
		t.Fatal(err)
	}
	got := <-srv.got
	if got[0] != "Marketdesk" || got[1] != "Your request for notes was approved" || got[2] != "ok for sales" {
		t.Fatalf("notification: %v", got)
	}
}

// Without a notification daemon the notifier says so; the caller carries on.
func TestDesktopNotifierWithoutADaemon(t *testing.T) {
	n := orgdesk.DesktopNotifier{Connect: func() (*dbus.Conn, error) { return dbus.Connect("unix:path=/nonexistent/bus") }}
	if err := n.Notify("t", "b"); err == nil {
		t.Fatal("no error without a bus")
	}
}
