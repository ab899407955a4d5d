package desktop

import (
	"os"
	"path/filepath"
	"runtime"
)

// OverlayScrollingEnv is GTK's switch for overlay scrollbars.
const OverlayScrollingEnv = "GTK_OVERLAY_SCROLLING"

// overlayScrollingDefault turns GTK's overlay scrollbars off on Linux
// machines without a GPU (no /dev/dri render node): rendered in software,
// their fade-in and fade-out animation cost ~5 CPU-seconds after each start
// for no change in paint time (docs/performance.md). A value already in the
// environment is kept, so GTK_OVERLAY_SCROLLING=1 brings them back.
func overlayScrollingDefault(getenv func(string) string, renderNodes []string) (value string, set bool) {
	if runtime.GOOS != "linux" || getenv(OverlayScrollingEnv) != "" || len(renderNodes) > 0 {
		return "", false
	}
	return "0", true
}

// applyOverlayScrollingDefault sets the default before GTK starts.
func applyOverlayScrollingDefault() {
	nodes, _ := filepath.Glob("/dev/dri/renderD*")
	if v, set := overlayScrollingDefault(os.Getenv, nodes); set {
		_ = os.Setenv(OverlayScrollingEnv, v)
	}
}
