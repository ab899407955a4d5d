//go:build linux && webkit2_41

package system

/*
#cgo pkg-config: webkit2gtk-4.1
#include <webkit2/webkit2.h>
*/
import "C"

import "fmt"

// WebviewLibrary names the web engine this binary renders with, and its
// version as the loaded library reports it (no display needed).
func WebviewLibrary() string {
	return fmt.Sprintf("WebKitGTK %d.%d.%d (webkit2gtk-4.1)",
		C.webkit_get_major_version(), C.webkit_get_minor_version(), C.webkit_get_micro_version())
}
