package cli

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"marketdesk/app/catalog"
)

// progress shows long work on standard error: a bar redrawn in place on a
// terminal (bytes, rate, ETA when the size is known, listings read), a plain
// line every few seconds otherwise, nothing with --json or --quiet.
type progress struct {
	w     io.Writer
	tty   bool
	off   bool
	label string
	began time.Time

	mu            sync.Mutex
	read, size    int64
	listings      int
	source, phase string
	lastDraw      time.Time
	drawn         bool
}

func newProgress(env Env, inv Invocation, label string) *progress {
	return &progress{w: env.Stderr, tty: isTerminal(env.Stderr), off: inv.JSON || inv.Quiet, label: label, began: time.Now()}
}

// follow shows a catalog sync or add as it runs.
func (p *progress) follow(s *catalog.Syncer) {
	if p.off {
		return
	}
	s.OnRead(p.bytes)
	s.OnProgress(func(st catalog.SyncStatus) {
		p.mu.Lock()
		p.source, p.phase, p.listings = st.Source, st.Phase, st.Done
		p.mu.Unlock()
		p.tick(false)
	})
}

// bytes is told the bytes read of the current feed and its size (0: unknown).
func (p *progress) bytes(read, size int64) {
	if p.off {
		return
	}
	p.mu.Lock()
	p.read, p.size = read, size
	p.mu.Unlock()
	p.tick(false)
}

// tick draws at most every 100 ms on a terminal, every 2 s otherwise.
func (p *progress) tick(force bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	every := 2 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if !force && time.Since(p.lastDraw) < every {
		return
	}
	p.lastDraw = time.Now()
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K"+p.lineLocked(true))
		p.drawn = true
	} else {
		fmt.Fprintln(p.w, p.lineLocked(false))
	}
}

func (p *progress) lineLocked(bar bool) string {
	elapsed := time.Since(p.began)
	parts := []string{p.label}
	if p.source != "" {
		parts[0] += " " + Cell(p.source)
	}
	if p.phase != "" {
		parts = append(parts, p.phase)
	}
	if p.size > 0 && bar {
		const width = 20
		filled := int(float64(width) * float64(min(p.read, p.size)) / float64(p.size))
		parts = append(parts, "["+strings.Repeat("=", filled)+strings.Repeat(" ", width-filled)+"]")
	}
	if p.read > 0 {
		b := bytesText(p.read)
		if p.size > 0 {
			b += " of " + bytesText(p.size)
		}
		parts = append(parts, b)
		if secs := elapsed.Seconds(); secs > 0.2 {
			rate := float64(p.read) / secs
			parts = append(parts, bytesText(int64(rate))+"/s")
			if p.size > p.read && rate > 0 {
				parts = append(parts, "ETA "+time.Duration(float64(p.size-p.read)/rate*float64(time.Second)).Round(time.Second).String())
			}
		}
	}
	if p.listings > 0 {
		parts = append(parts, fmt.Sprintf("%d listings read", p.listings))
	}
	return strings.Join(parts, "  ")
}

// done clears the bar; the command's own result follows.
func (p *progress) done() {
	if p.off {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// watchFile follows a file being written towards about size bytes (a
// backup's partial file; VACUUM INTO has no progress of its own). The
// func it returns stops it.
func (p *progress) watchFile(path string, size int64, stat func(string) (int64, bool)) func() {
	if p.off {
		return func() {}
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if n, ok := stat(path); ok {
					p.bytes(n, max(size, n))
				}
			}
		}
	}()
	return func() { close(stop); <-stopped }
}
