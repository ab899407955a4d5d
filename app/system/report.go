// Package system answers "what is this Marketdesk and is it healthy": the
// About panel in the UI and `marketdesk doctor` on the command line.
package system

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"

	"marketdesk/app/vault"
	"marketdesk/db"
)

// Version and Commit are set at build time from the release tag
// (scripts/version.sh; -ldflags "-X marketdesk/app/system.Version=...").
// A plain `go build` says what it is: a development build.
var (
	Version = "dev"
	Commit  = ""
)

// VersionLine is the version as people read it: "0.1.0 (commit 0b29c75387)".
func VersionLine() string {
	if Commit == "" {
		return Version
	}
	return Version + " (commit " + Commit + ")"
}

// KeychainStatus says whether the OS keychain answers, and if not, how to fix it.
type KeychainStatus struct {
	Reachable bool   `json:"reachable"`
	Detail    string `json:"detail"`
	Fix       string `json:"fix,omitempty"`
}

// DatabaseStatus describes the database file without changing it.
type DatabaseStatus struct {
	Path             string `json:"path"`
	Exists           bool   `json:"exists"`
	SchemaVersion    int    `json:"schemaVersion"`
	SupportedVersion int    `json:"supportedSchemaVersion"`
	Problem          string `json:"problem,omitempty"`
}

// Report is what doctor prints.
type Report struct {
	Name     string         `json:"name"`
	Version  string         `json:"version"`
	Commit   string         `json:"commit"`
	DataDir  string         `json:"dataDir"`
	Database DatabaseStatus `json:"database"`
	Keychain KeychainStatus `json:"keychain"`
	Webview  string         `json:"webview"`
	Platform string         `json:"platform"`
	Storage  *StorageReport `json:"storage,omitempty"` // only from Doctor
}

// Healthy reports whether everything doctor checks is in order.
func (r Report) Healthy() bool {
	storageOK := r.Storage == nil || (r.Storage.Integrity.OK && r.Storage.Disk.OK && r.Storage.Writable.OK)
	return r.Keychain.Reachable && r.Database.Problem == "" && storageOK
}

// Inspect builds the report for dataDir without creating or migrating anything.
func Inspect(ctx context.Context, dataDir string, keychain *vault.Vault) Report {
	return Report{
		Name:     "Marketdesk",
		Version:  Version,
		Commit:   Commit,
		DataDir:  dataDir,
		Database: inspectDatabase(ctx, filepath.Join(dataDir, db.FileName)),
		Keychain: CheckKeychain(ctx, keychain),
		Webview:  WebviewLibrary(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH,
	}
}

func inspectDatabase(ctx context.Context, path string) DatabaseStatus {
	st := DatabaseStatus{Path: path, SupportedVersion: db.LatestVersion()}
	version, exists, err := db.FileSchemaVersion(ctx, path)
	st.Exists, st.SchemaVersion = exists, version
	switch {
	case err != nil:
		st.Problem = err.Error()
	case version > st.SupportedVersion:
		st.Problem = (&db.NewerSchemaError{Path: path, Found: version, Supported: st.SupportedVersion}).Error()
	}
	return st
}

// CheckKeychain asks the keychain for a probe item.
func CheckKeychain(ctx context.Context, keychain *vault.Vault) KeychainStatus {
	err := keychain.Check(ctx)
	if err == nil {
		return KeychainStatus{Reachable: true, Detail: "reachable"}
	}
	var unavailable *vault.UnavailableError
	if errors.As(err, &unavailable) {
		return KeychainStatus{Detail: fmt.Sprintf("not reachable: %v", unavailable.Cause), Fix: vault.Fix()}
	}
	return KeychainStatus{Detail: "not reachable: " + err.Error(), Fix: vault.Fix()}
}
