package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"marketdesk/app/apperr"
)

// realVault returns a vault on the real OS keychain under a service name of
// its own. `make test` runs the suite inside a private D-Bus session with
// gnome-keyring, and sets MARKETDESK_KEYCHAIN_TESTS=require so that a missing
// keychain fails the run instead of hiding the tests.
func realVault(t *testing.T) *Vault {
	t.Helper()
	v := NewWith(fmt.Sprintf("marketdesk-test-%d", time.Now().UnixNano()), osKeyring{}, DefaultTimeout)
	if err := v.Check(context.Background()); err != nil {
		if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") == "require" {
			t.Fatalf("real keychain required: %v", err)
		}
		t.Skipf("no Secret Service here (run through `make test`): %v", err)
	}
	return v
}

func TestRealKeychainRoundTrip(t *testing.T) {
	v := realVault(t)
	ctx := context.Background()
	if err := v.Set(ctx, "installation-1", "s3cret"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if err := v.Set(ctx, "installation-1", "rotated"); err != nil {
		t.Fatalf("Set again: %v", err)
	}
	got, err := v.Get(ctx, "installation-1")
	if err != nil || got != "rotated" {
		t.Fatalf("Get = %q, %v; want rotated", got, err)
	}
	if err := v.Delete(ctx, "installation-1"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := v.Get(ctx, "installation-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
	if err := v.Delete(ctx, "installation-1"); err != nil {
		t.Fatalf("Delete of a missing item should succeed (retries), got %v", err)
	}
}

func TestTooBigIsRefusedBeforeTheKeychain(t *testing.T) {
	v := NewWith("x", stuckKeyring{}, time.Second)
	err := v.Set(context.Background(), "k", strings.Repeat("a", MaxSecretBytes()+1))
	var tooBig *TooBigError
	if !errors.As(err, &tooBig) || apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("err = %v, want TooBigError", err)
	}
}

// stuckKeyring never answers, like a keychain waiting on an unlock prompt.
type stuckKeyring struct{}

func (stuckKeyring) Set(string, string, string) error   { select {} }
func (stuckKeyring) Get(string, string) (string, error) { select {} }
func (stuckKeyring) Delete(string, string) error        { select {} }

func TestTimeoutBecomesUnavailable(t *testing.T) {
	v := NewWith("x", stuckKeyring{}, 50*time.Millisecond)
	_, err := v.Get(context.Background(), "k")
	var un *UnavailableError
	if !errors.As(err, &un) || apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("err = %v, want UnavailableError", err)
	}
}

// TestNoSecretServiceNamesTheFix runs the real go-keyring against a D-Bus
// address where nothing listens, in a child process (go-keyring caches its
// session bus connection per process).
func TestNoSecretServiceNamesTheFix(t *testing.T) {
	if os.Getenv("VAULT_CHILD") == "1" {
		err := New().Check(context.Background())
		fmt.Println("CHECK:", err)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoSecretServiceNamesTheFix$", "-test.v")
	cmd.Env = append(os.Environ(), "VAULT_CHILD=1", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/marketdesk-test-bus")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	text := string(out)
	if !strings.Contains(text, "not reachable") || !strings.Contains(text, "gnome-keyring") {
		t.Fatalf("missing keychain should name the fix, got:\n%s", text)
	}
}
