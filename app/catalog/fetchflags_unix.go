//go:build unix

package catalog

import "syscall"

// openFeedFlags: opening a FIFO must not block (it waits for a writer
// otherwise); what was opened is then checked to be a regular file.
const openFeedFlags = syscall.O_RDONLY | syscall.O_NONBLOCK
