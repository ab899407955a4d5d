package desktop

import (
	"runtime"
	"testing"
)

func TestOverlayScrollbarsOffWithoutAGPUUnlessAsked(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("GTK's overlay scrollbars are a Linux setting")
	}
	empty := func(string) string { return "" }
	if v, set := overlayScrollingDefault(empty, nil); !set || v != "0" {
		t.Fatalf("no GPU, nothing set: got %q %v, want 0", v, set)
	}
	if _, set := overlayScrollingDefault(empty, []string{"/dev/dri/renderD128"}); set {
		t.Fatal("with a GPU render node GTK's default stays")
	}
	asked := func(string) string { return "1" }
	if _, set := overlayScrollingDefault(asked, nil); set {
		t.Fatal("a value in the environment is kept")
	}
}
