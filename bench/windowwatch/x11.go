//go:build linux && cgo

package main

/*
#cgo pkg-config: x11
#include <stdlib.h>
#include <string.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

// A window that goes away between two calls must not end the watcher.
static int ignoreErrors(Display *d, XErrorEvent *e) { return 0; }
static void quietErrors(void) { XSetErrorHandler(ignoreErrors); }
static void destroyImage(XImage *i) { XDestroyImage(i); } // a macro in Xutil.h

// findViewable: the first viewable top-level window named exactly name, or 0.
static Window findViewable(Display *d, const char *name, int *x, int *y, int *w, int *h) {
	Window root = DefaultRootWindow(d), parent, *kids = NULL, found = 0;
	unsigned int n = 0;
	if (!XQueryTree(d, root, &root, &parent, &kids, &n)) return 0;
	for (unsigned int i = 0; i < n && !found; i++) {
		char *title = NULL;
		XWindowAttributes a;
		if (!XFetchName(d, kids[i], &title) || !title) continue;
		if (strcmp(title, name) == 0 && XGetWindowAttributes(d, kids[i], &a) && a.map_state == IsViewable) {
			found = kids[i];
			*x = a.x; *y = a.y; *w = a.width; *h = a.height;
		}
		XFree(title);
	}
	if (kids) XFree(kids);
	return found;
}
*/
import "C"

import (
	"errors"
	"unsafe"
)

// screen is the connection to the X server the apps draw on ($DISPLAY).
type screen struct{ d *C.Display }

type rect struct{ x, y, w, h int }

// xwindow is an X window id.
type xwindow C.Window

func openScreen() (*screen, error) {
	d := C.XOpenDisplay(nil)
	if d == nil {
		return nil, errors.New("cannot open the X display $DISPLAY")
	}
	C.quietErrors()
	return &screen{d}, nil
}

// window finds the viewable top-level window titled title; ok is false until it is mapped.
func (s *screen) window(title string) (id xwindow, r rect, ok bool) {
	ct := C.CString(title)
	defer C.free(unsafe.Pointer(ct))
	var x, y, w, h C.int
	id = xwindow(C.findViewable(s.d, ct, &x, &y, &w, &h))
	return id, rect{int(x), int(y), int(w), int(h)}, id != 0
}

// grab copies region r of window id (window coordinates) as 0xRRGGBB pixels into px.
func (s *screen) grab(id xwindow, r rect, px []uint32) error {
	img := C.XGetImage(s.d, C.Window(id), C.int(r.x), C.int(r.y), C.uint(r.w), C.uint(r.h), C.AllPlanes, C.ZPixmap)
	if img == nil {
		return errors.New("XGetImage failed (window gone?)")
	}
	defer C.destroyImage(img)
	if img.bits_per_pixel != 32 || img.byte_order != C.LSBFirst {
		return errors.New("want a 24-bit TrueColor screen (Xvfb -screen 0 WxHx24)")
	}
	data := unsafe.Slice((*byte)(unsafe.Pointer(img.data)), int(img.bytes_per_line)*r.h)
	for row := 0; row < r.h; row++ {
		line := data[row*int(img.bytes_per_line):]
		for col := 0; col < r.w; col++ {
			b := line[col*4:]
			px[row*r.w+col] = uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
		}
	}
	return nil
}
