// Package vault keeps Marketdesk's secrets in the OS keychain (Secret Service
// on Linux, Keychain on macOS, Credential Manager on Windows) and nowhere else.
//
// Every call runs under a timeout: a keychain that waits on a locked-collection
// prompt would otherwise hang the app. Errors are typed so the UI can say
// "no keychain, here is the fix" instead of a D-Bus message.
package vault

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"

	"marketdesk/app/apperr"
)

// Service is the keychain service name every Marketdesk item is stored under.
const Service = "marketdesk"

// DefaultTimeout bounds one keychain call.
const DefaultTimeout = 5 * time.Second

// ErrNotFound says the item does not exist.
var ErrNotFound = apperr.New(apperr.NotFound, "the secret is not in the keychain")

// UnavailableError says no usable keychain answered; Fix names what to do.
type UnavailableError struct {
	Cause error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("the OS keychain is not reachable (%v). %s", e.Cause, Fix())
}
func (e *UnavailableError) Unwrap() error        { return e.Cause }
func (e *UnavailableError) AppCode() apperr.Code { return apperr.Unavailable }

// TooBigError says a secret exceeds what the platform keychain stores in one item.
type TooBigError struct{ Size, Limit int }

func (e *TooBigError) Error() string {
	return fmt.Sprintf("the secret is %d bytes; the keychain on this platform stores at most %d", e.Size, e.Limit)
}
func (e *TooBigError) AppCode() apperr.Code { return apperr.Invalid }

// Fix tells the user how to get a working keychain on this OS.
func Fix() string {
	switch runtime.GOOS {
	case "linux":
		return "Fix: run Marketdesk in a desktop session with GNOME Keyring or KWallet unlocked " +
			"(Debian/Ubuntu: sudo apt-get install gnome-keyring). In a shell without a desktop, start one " +
			"for the command: dbus-run-session -- sh -c 'echo -n PASSWORD | gnome-keyring-daemon --unlock " +
			"--components=secrets >/dev/null; marketdesk doctor'."
	case "darwin":
		return "Fix: unlock your login keychain in Keychain Access and run Marketdesk as a logged-in user."
	case "windows":
		return "Fix: run Marketdesk as a logged-in user so Windows Credential Manager is available."
	}
	return "Fix: install and unlock a keychain supported on this system."
}

// Keyring is the seam to the OS keychain (zalando/go-keyring's package API).
type Keyring interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (osKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (osKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// Vault stores secrets by key under one service name. A scoped vault (see
// Scoped) puts its data directory's scope in front of every key.
type Vault struct {
	service string
	prefix  string // "" or "{scope}/": see scope.go
	timeout time.Duration
	ring    Keyring
}

// New returns a vault on the OS keychain under the "marketdesk" service.
func New() *Vault { return &Vault{service: Service, timeout: DefaultTimeout, ring: osKeyring{}} }

// NewNamed returns a vault on the OS keychain under another service name
// (tests use one of their own, so they never touch the app's items).
func NewNamed(service string) *Vault {
	return &Vault{service: service, timeout: DefaultTimeout, ring: osKeyring{}}
}

// NewWith returns a vault with another service name, keyring or timeout (tests).
func NewWith(service string, ring Keyring, timeout time.Duration) *Vault {
	return &Vault{service: service, timeout: timeout, ring: ring}
}

// MaxSecretBytes is the largest secret one keychain item holds on this OS.
func MaxSecretBytes() int {
	switch runtime.GOOS {
	case "windows":
		return 2560 // Credential Manager: CRED_MAX_CREDENTIAL_BLOB_SIZE is 5*512 bytes
	case "darwin":
		return 3000 // go-keyring shells out to /usr/bin/security, whose argument limit bites near 3 KB
	}
	return 64 * 1024 // Secret Service has no small limit; keep items reasonable anyway
}

// Set stores secret under key, replacing any previous value.
func (v *Vault) Set(ctx context.Context, key, secret string) error {
	if limit := MaxSecretBytes(); len(secret) > limit {
		return &TooBigError{Size: len(secret), Limit: limit}
	}
	_, err := v.call(ctx, func() (string, error) { return "", v.ring.Set(v.service, v.prefix+key, secret) })
	return err
}

// Get returns the secret under key, or ErrNotFound.
func (v *Vault) Get(ctx context.Context, key string) (string, error) {
	return v.call(ctx, func() (string, error) { return v.ring.Get(v.service, v.prefix+key) })
}

// Delete removes the secret under key; deleting a missing key is not an error,
// so removal can be retried after a crash.
func (v *Vault) Delete(ctx context.Context, key string) error {
	_, err := v.call(ctx, func() (string, error) { return "", v.ring.Delete(v.service, v.prefix+key) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Check reports whether the keychain answers: nil when it does.
func (v *Vault) Check(ctx context.Context) error {
	_, err := v.call(ctx, func() (string, error) { return v.ring.Get(v.service, "marketdesk-probe") })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

type result struct {
	value string
	err   error
}

func (v *Vault) call(ctx context.Context, fn func() (string, error)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, v.timeout)
	defer cancel()
	done := make(chan result, 1) // buffered: a late answer must not block the goroutine forever
	go func() {
		value, err := fn()
		done <- result{value, err}
	}()
	select {
	case r := <-done:
		return r.value, classify(r.err)
	case <-ctx.Done():
		return "", &UnavailableError{Cause: fmt.Errorf("no answer within %s; is a keychain unlock prompt waiting?", v.timeout)}
	}
}

func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return &TooBigError{Limit: MaxSecretBytes()}
	}
	// Anything else from go-keyring is the keychain itself failing: no D-Bus
	// session, no Secret Service, a collection that would not unlock.
	return &UnavailableError{Cause: err}
}
