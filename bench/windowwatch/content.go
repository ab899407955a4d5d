//go:build linux && cgo

package main

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// pollEvery is the pause between two grabs: small against start-up times of
// half a second and more, while the watcher stays a few % of one core.
const pollEvery = 10 * time.Millisecond

// The content is where Marketdesk's Discover shows its catalog cards: the
// right half of the window below the page's heading and filters (the empty
// app's page puts its cards there too). A blank, loading or heading-only
// window has one or two colours there, a line of "Loading…" a few dozen; a
// screen of cards (icons, names, text in several greys and colours,
// anti-aliased) has hundreds.
const (
	regionLeft, regionTop, regionRight, regionBottom = 0.45, 0.40, 0.97, 0.97
	contentColours                                   = 200
)

func contentRegion(w rect) rect {
	x, y := int(float64(w.w)*regionLeft), int(float64(w.h)*regionTop)
	return rect{x, y, int(float64(w.w)*regionRight) - x, int(float64(w.h)*regionBottom) - y}
}

type window struct {
	id   xwindow
	rect rect
}

func awaitWindow(scr *screen, title string, deadline time.Time, exited <-chan struct{}) (window, error) {
	for {
		if id, r, ok := scr.window(title); ok {
			return window{id, r}, nil
		}
		if err := waitTick(deadline, exited, "no window titled "+title); err != nil {
			return window{}, err
		}
	}
}

// awaitContent grabs the content region until it shows the content. The
// paint happened between the previous grab and this one: the midpoint is
// taken, so paint times are within half a grab interval.
func awaitContent(scr *screen, w window, deadline time.Time, exited <-chan struct{}, trace bool, shot string, start time.Time) (time.Time, int, float64, error) {
	r := contentRegion(w.rect)
	px := make([]uint32, r.w*r.h)
	seen := make([]uint64, 1<<24/64) // a bit per 24-bit colour
	var grabTotal time.Duration
	prev := time.Now()
	for frames := 1; ; frames++ {
		before := time.Now()
		err := scr.grab(w.id, r, px)
		now := time.Now()
		grabTotal += now.Sub(before)
		if err != nil {
			return time.Time{}, 0, 0, err
		}
		n := colours(px, seen)
		if trace {
			fmt.Fprintf(os.Stderr, "frame %d at %.0f ms: %d colours\n", frames, float64(now.Sub(start).Microseconds())/1000, n)
		}
		if n >= contentColours {
			if shot != "" {
				if err := writePPM(shot, px, r); err != nil {
					return time.Time{}, 0, 0, err
				}
			}
			mean := float64(grabTotal.Microseconds()) / 1000 / float64(frames)
			return prev.Add(now.Sub(prev) / 2), frames, mean, nil
		}
		prev = now
		if err := waitTick(deadline, exited, fmt.Sprintf("the content did not show (last frame: %d colours, want %d)", n, contentColours)); err != nil {
			return time.Time{}, 0, 0, err
		}
	}
}

// colours counts the distinct colours of px (seen is scratch space).
func colours(px []uint32, seen []uint64) int {
	clear(seen)
	n := 0
	for _, p := range px {
		if seen[p>>6]&(1<<(p&63)) == 0 {
			seen[p>>6] |= 1 << (p & 63)
			n++
		}
	}
	return n
}

func waitTick(deadline time.Time, exited <-chan struct{}, what string) error {
	select {
	case <-exited:
		return errors.New("the app exited before the measurement: " + what)
	case <-time.After(pollEvery):
	}
	if time.Now().After(deadline) {
		return errors.New(what + " before the timeout")
	}
	return nil
}

func writePPM(file string, px []uint32, r rect) error {
	out := fmt.Appendf(nil, "P6\n%d %d\n255\n", r.w, r.h)
	for _, p := range px {
		out = append(out, byte(p>>16), byte(p>>8), byte(p))
	}
	return os.WriteFile(file, out, 0o644)
}
