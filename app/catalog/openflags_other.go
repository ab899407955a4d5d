//go:build !unix

package catalog

import "os"

// openAssetFlags: the Lstat and Stat checks around the open refuse what is
// not a regular file.
const openAssetFlags = os.O_RDONLY
