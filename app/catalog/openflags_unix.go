//go:build unix

package catalog

import "syscall"

// openAssetFlags: never block on a FIFO, never follow a link swapped in.
const openAssetFlags = syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOFOLLOW
