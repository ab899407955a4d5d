// Package vaulttest gives tests a vault on the real OS keychain, under a
// service name of its own so that tests never touch the app's items.
package vaulttest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"marketdesk/app/vault"
)

// Real returns a vault on the real keychain. `make test` runs the suite in a
// private D-Bus session with gnome-keyring and sets
// MARKETDESK_KEYCHAIN_TESTS=require, so that a missing keychain fails the run
// there; elsewhere the test is skipped with the reason.
func Real(t testing.TB) *vault.Vault {
	t.Helper()
	v := vault.NewNamed(fmt.Sprintf("marketdesk-test-%d", time.Now().UnixNano()))
	if err := v.Check(context.Background()); err != nil {
		if os.Getenv("MARKETDESK_KEYCHAIN_TESTS") == "require" {
			t.Fatalf("real keychain required: %v", err)
		}
		t.Skipf("no Secret Service here (run through make test): %v", err)
	}
	return v
}
