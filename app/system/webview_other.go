//go:build !(linux && webkit2_41)

package system

import "runtime"

// WebviewLibrary names the web engine this binary renders with.
func WebviewLibrary() string {
	switch runtime.GOOS {
	case "windows":
		return "Microsoft Edge WebView2"
	case "darwin":
		return "WKWebView (WebKit)"
	case "linux":
		return "WebKitGTK (webkit2gtk-4.0; build with -tags webkit2_41 for 4.1)"
	}
	return "unknown"
}
