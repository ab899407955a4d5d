//go:build !unix

package db

import "errors"

var errNotChecked = errors.New("not checked on this system")

// FreeBytes is not measured on this system.
func FreeBytes(dir string) (uint64, error) { return 0, errNotChecked }

// Writable is not checked on this system: a refused write reports itself.
func Writable(path string) error { return nil }

// InUse cannot be told on this system; Windows refuses to replace an open file anyway.
func InUse(path string) (bool, error) { return false, nil }
