package desktop

import (
	"context"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Events sends events to the window. Services get its Emit before the window
// exists; events emitted before start-up are dropped (the UI asks for the
// current state when it loads).
type Events struct {
	ctx atomic.Pointer[context.Context]
}

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
