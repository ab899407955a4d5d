//go:build !unix

package scale

import "testing"

// raiseFileLimit has nothing to raise where there is no RLIMIT_NOFILE
// (Windows: sockets are not counted against a per-process file limit).
func raiseFileLimit(b *testing.B, need uint64) { b.Helper() }
