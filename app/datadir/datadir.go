// Package datadir decides where Marketdesk keeps its data.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"marketdesk/app/apperr"
)

// EnvVar overrides the data directory (tests and scripts rely on it).
const EnvVar = "MARKETDESK_HOME"

// Resolve returns the data directory: the flag value, else $MARKETDESK_HOME,
// else the OS user data directory.
func Resolve(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if env := getenv(EnvVar); env != "" {
		return filepath.Abs(env)
	}
	return osDefault(runtime.GOOS, getenv)
}

func osDefault(goos string, getenv func(string) string) (string, error) {
	home := getenv("HOME")
	switch goos {
	case "windows":
		if appData := getenv("APPDATA"); appData != "" {
			return filepath.Join(appData, "Marketdesk"), nil
		}
		return "", errors.New("cannot find the data directory: %APPDATA% is not set; pass --data-dir")
	case "darwin":
		if home == "" {
			return "", errors.New("cannot find the data directory: $HOME is not set; pass --data-dir")
		}
		return filepath.Join(home, "Library", "Application Support", "Marketdesk"), nil
	default: // Linux and the BSDs follow the XDG base directory spec
		if xdg := getenv("XDG_DATA_HOME"); filepath.IsAbs(xdg) {
			return filepath.Join(xdg, "marketdesk"), nil
		}
		if home == "" {
			return "", errors.New("cannot find the data directory: neither $XDG_DATA_HOME nor $HOME is set; pass --data-dir")
		}
		return filepath.Join(home, ".local", "share", "marketdesk"), nil
	}
}

// Ensure creates dir when it is missing and makes it private to the user
// (0700), also when it already exists with a wider mode: it holds the account,
// its users, approvals, the audit log and what names the keychain items.
// A directory owned by another user is refused, never taken over.
func Ensure(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return apperr.New(apperr.Invalid, "the data directory %s is not a directory; pass --data-dir with a directory", dir)
	}
	if owner, ok := ownerOf(info); ok && owner != currentUID() {
		return &ForeignOwnerError{Dir: dir, Owner: owner, Me: currentUID()}
	}
	if info.Mode().Perm() != 0o700 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}

// ForeignOwnerError says the data directory belongs to another OS user.
type ForeignOwnerError struct {
	Dir       string
	Owner, Me int
}

func (e *ForeignOwnerError) Error() string {
	return fmt.Sprintf("the data directory %s belongs to the user with uid %d, not to you (uid %d): Marketdesk does not "+
		"use another user's data. Fix: pass --data-dir (or set $%s) to a directory of your own, or, if the directory "+
		"is yours, give it back to you: sudo chown -R %d %s", e.Dir, e.Owner, e.Me, EnvVar, e.Me, e.Dir)
}

// AppCode makes the refusal a typed error.
func (e *ForeignOwnerError) AppCode() apperr.Code { return apperr.Forbidden }

// currentUID is the seam for tests that cannot chown.
var currentUID = os.Getuid

// OSGetenv is os.Getenv, named for wiring.
func OSGetenv(key string) string { return os.Getenv(key) }
