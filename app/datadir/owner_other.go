//go:build !unix

package datadir

import "io/fs"

// ownerOf: Windows keeps the user data directory under the user's profile,
// which its ACLs already make private; there is no uid to compare.
func ownerOf(fs.FileInfo) (int, bool) { return 0, false }
