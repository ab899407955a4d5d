package catalog

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// peakRSS runs fn and returns how far the process's resident memory rose
// above where it stood before, at its highest (bytes). The kernel's peak
// (VmHWM) is reset first (clear_refs 5), and the Go heap freed before is
// handed back to the system, so that each measured phase starts level: the
// figure covers Go's heap and SQLite's page cache (modernc's C heap) alike.
// It returns 0 where /proc does not allow this (not Linux).
func peakRSS(fn func()) uint64 {
	debug.FreeOSMemory()
	base, ok := procStatus("VmRSS:")
	if !ok || os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) != nil {
		fn()
		return 0
	}
	fn()
	peak, _ := procStatus("VmHWM:")
	if peak < base {
		return 0
	}
	return peak - base
}

// procStatus reads a "kB" field of /proc/self/status, in bytes.
func procStatus(field string) (uint64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
