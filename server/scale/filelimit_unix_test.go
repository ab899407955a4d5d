//go:build unix

package scale

import (
	"syscall"
	"testing"
)

// raiseFileLimit lifts the soft limit of open files to the hard one: the
// benchmark holds one socket per desktop, and the servers it starts inherit
// the limit.
func raiseFileLimit(b *testing.B, need uint64) {
	b.Helper()
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		b.Fatal(err)
	}
	l.Cur = l.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		b.Fatal(err)
	}
	if l.Cur < need {
		b.Fatalf("ulimit -n is %d (hard); %d desktops need about %d: lower MARKETDESK_SCALE_DESKTOPS", l.Cur, need-200, need)
	}
}
