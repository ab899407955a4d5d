//go:build !unix

package catalog

import "os"

// openFeedFlags: the Stat of the opened file refuses what is not a regular file.
const openFeedFlags = os.O_RDONLY
