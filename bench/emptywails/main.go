// Command emptywails is the yardstick of the window start-up benchmark
// (scripts/bench-window.sh): a Wails v2 app with nothing of Marketdesk in it,
// built with Marketdesk's flags and window options, whose page paints a grid
// of cards from static HTML. What Marketdesk costs beyond it is Marketdesk's.
package main

import (
	"embed"
	"fmt"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed index.html
var page embed.FS

func main() {
	// The same size and WebKit GPU policy as Marketdesk's window (app/desktop).
	err := wails.Run(&options.App{
		Title:       "Empty Wails",
		Width:       1200,
		Height:      800,
		AssetServer: &assetserver.Options{Assets: page},
		Linux:       &linux.Options{ProgramName: "emptywails", WebviewGpuPolicy: linux.WebviewGpuPolicyOnDemand},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "emptywails:", err)
		os.Exit(1)
	}
}
