// Package desktop runs the Marketdesk window: one per data directory, a second
// launch focuses the first instead of opening another.
package desktop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"marketdesk/app/apperr"
)

// Config is what the window needs.
type Config struct {
	Assets  fs.FS // the built frontend (frontend/dist)
	Icon    []byte
	DataDir string
	Bind    []any // bound services
	// Handler serves what is not in Assets (cached catalog icons, say).
	Handler http.Handler
	// Events is where services send UI events; attached when the window starts.
	Events *Events
	// OnStartup runs once the window exists (start background work here).
	OnStartup func(ctx context.Context)
}

// Run opens the window and blocks until it closes.
func Run(cfg Config) error {
	events := cfg.Events
	if events == nil {
		events = &Events{}
	}
	applyOverlayScrollingDefault()
	return wails.Run(&options.App{
		Title:          "Marketdesk",
		Width:          1200,
		Height:         800,
		MinWidth:       800, // every page works down to 800×600 (the sidebar collapses below 900 px)
		MinHeight:      600,
		AssetServer:    &assetserver.Options{Assets: cfg.Assets, Handler: cfg.Handler},
		Bind:           cfg.Bind,
		ErrorFormatter: apperr.Format,
		OnStartup: func(ctx context.Context) {
			events.attach(ctx)
			if cfg.OnStartup != nil {
				cfg.OnStartup(ctx)
			}
		},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: InstanceID(cfg.DataDir),
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if ctx := events.ctx.Load(); ctx != nil {
					runtime.WindowUnminimise(*ctx) // gtk_window_present / restore + focus
					runtime.WindowShow(*ctx)
				}
			},
		},
		Linux:   &linux.Options{Icon: cfg.Icon, ProgramName: "marketdesk", WebviewGpuPolicy: linux.WebviewGpuPolicyOnDemand},
		Mac:     &mac.Options{About: &mac.AboutInfo{Title: "Marketdesk", Icon: cfg.Icon}},
		Windows: &windows.Options{Theme: windows.SystemDefault},
	})
}

// InstanceID is the single-instance key: one window per data directory, so
// tests and people with two data directories can run two apps side by side.
func InstanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "dev.marketdesk.data" + hex.EncodeToString(sum[:8])
}
