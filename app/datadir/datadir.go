// Package datadir decides where Marketdesk keeps its data.
package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
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

// Ensure creates dir (private to the user) when it is missing.
func Ensure(dir string) error {
	return os.MkdirAll(dir, 0o700)
}

// OSGetenv is os.Getenv, named for wiring.
func OSGetenv(key string) string { return os.Getenv(key) }
