package desktop

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Events sends events to the window. Services get its Emit before the window
// exists; events emitted before start-up are dropped (the UI asks for the
// current state when it loads).
type Events struct {
	ctx atomic.Pointer[context.Context]

	notifyInit sync.Once
	notifyErr  error
}

var errNoWindow = errors.New("the window is not up yet")

var notifications atomic.Int64

// notificationID tells this process's notifications apart (the OS replaces
// one with the same id).
func notificationID() string { return fmt.Sprintf("marketdesk-%d", notifications.Add(1)) }

// Emit sends name with data to the frontend.
func (e *Events) Emit(name string, data any) {
	if ctx := e.ctx.Load(); ctx != nil {
		runtime.EventsEmit(*ctx, name, data)
	}
}

func (e *Events) attach(ctx context.Context) { e.ctx.Store(&ctx) }

// openURL opens url in the system browser (never in the app's webview).
// Unexported: everything opens through Browser.Open, which checks the URL.
func (e *Events) openURL(url string) {
	if ctx := e.ctx.Load(); ctx != nil {
		runtime.BrowserOpenURL(*ctx, url)
	}
}

// SaveFile asks where to save a file; "" when the person cancels.
func (e *Events) SaveFile(defaultName string) (string, error) {
	ctx := e.ctx.Load()
	if ctx == nil {
		return "", nil
	}
	return runtime.SaveFileDialog(*ctx, runtime.SaveDialogOptions{DefaultFilename: defaultName, CanCreateDirectories: true})
}

// Focus brings the window to the front (after the browser step of an install).
func (e *Events) Focus() {
	if ctx := e.ctx.Load(); ctx != nil {
		runtime.WindowUnminimise(*ctx)
		runtime.WindowShow(*ctx)
	}
}

// Notify shows an OS notification through Wails' own notifier: the
// notification center on macOS, a toast in the Action Center on Windows
// (Linux uses orgdesk's freedesktop notifier, which runs without a window
// too). Before the window is up it fails and the caller carries on.
func (e *Events) Notify(title, body string) error {
	ctx := e.ctx.Load()
	if ctx == nil {
		return errNoWindow
	}
	e.notifyInit.Do(func() { e.notifyErr = runtime.InitializeNotifications(*ctx) })
	if e.notifyErr != nil {
		return e.notifyErr
	}
	return runtime.SendNotification(*ctx, runtime.NotificationOptions{ID: notificationID(), Title: title, Body: body})
}
