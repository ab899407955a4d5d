package org

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"marketdesk/app/apperr"
)

// PolicyEnv overrides the managed policy file's path (tests, packagers).
const PolicyEnv = "MARKETDESK_POLICY_FILE"

// Policy is the managed policy an organization's IT deploys with the app
// (docs/architecture.md, "Organization mode: the connection"). Absent
// fields keep today's behaviour: no preset server, local mode and personal
// catalog sources allowed.
type Policy struct {
	// Server is the organization server the desktop connects to.
	Server string `json:"server,omitempty"`
	// LocalMode false forbids the local account (the desktop must connect).
	LocalMode *bool `json:"local_mode,omitempty"`
	// PersonalSources false forbids adding one's own catalog sources.
	PersonalSources *bool `json:"personal_sources,omitempty"`
	// Path is the file the policy was read from ("" when there is none).
	Path string `json:"-"`
}

// AllowsLocalMode says whether the local account may be used.
func (p Policy) AllowsLocalMode() bool { return p.LocalMode == nil || *p.LocalMode }

// AllowsPersonalSources says whether people may add catalog sources.
func (p Policy) AllowsPersonalSources() bool { return p.PersonalSources == nil || *p.PersonalSources }

// Managed says whether a policy file exists.
func (p Policy) Managed() bool { return p.Path != "" }

// PolicyPath is where this OS keeps the managed policy: /etc/marketdesk on
// Linux, /Library/Application Support/Marketdesk on macOS,
// %ProgramData%\Marketdesk on Windows; $MARKETDESK_POLICY_FILE first.
func PolicyPath(getenv func(string) string) string {
	if p := getenv(PolicyEnv); p != "" {
		return p
	}
	switch runtime.GOOS {
	case "darwin":
		return "/Library/Application Support/Marketdesk/policy.json"
	case "windows":
		base := getenv("ProgramData")
		if base == "" {
			base = `C:\ProgramData`
		}
		return filepath.Join(base, "Marketdesk", "policy.json")
	}
	return "/etc/marketdesk/policy.json"
}

// maxPolicyBytes bounds the file: a policy is three fields.
const maxPolicyBytes = 64 << 10

// LoadPolicy reads the policy at path. A missing file is no policy (the
// zero Policy); a file that cannot be read or parsed is an error naming the
// file, so IT sees a broken deployment instead of a desktop that silently
// ignores it.
func LoadPolicy(path string) (Policy, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Policy{}, nil
	}
	if err != nil {
		return Policy{}, apperr.Wrap(apperr.Invalid, err, "cannot read the managed policy %s: %v", path, err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxPolicyBytes+1))
	if err != nil {
		return Policy{}, apperr.Wrap(apperr.Invalid, err, "cannot read the managed policy %s: %v", path, err)
	}
	if len(raw) > maxPolicyBytes {
		return Policy{}, apperr.New(apperr.Invalid, "the managed policy %s is larger than %d KB", path, maxPolicyBytes>>10)
	}
	p, err := parsePolicy(raw)
	if err != nil {
		return Policy{}, apperr.Wrap(apperr.Invalid, err, "the managed policy %s is invalid: %v", path, err)
	}
	p.Path = path
	return p, nil
}

// parsePolicy is strict: unknown keys (a misspelt "local_mode" would
// otherwise leave local mode on), trailing data and a server that is not a
// usable address are refused.
func parsePolicy(raw []byte) (Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return Policy{}, err
	}
	if dec.More() {
		return Policy{}, errors.New("more than one JSON value")
	}
	if p.Server != "" {
		server, err := ServerURL(p.Server)
		if err != nil {
			return Policy{}, fmt.Errorf("server: %w", err)
		}
		p.Server = server
	}
	return p, nil
}
