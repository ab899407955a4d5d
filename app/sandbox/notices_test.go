package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"marketdesk/app/vault"
	"marketdesk/app/vault/vaulttest"
	"marketdesk/app/webhook"
	"marketdesk/db/testdb"
)

// startNotices runs a sandbox on a fresh data directory (database and
// keychain scope of its own) and returns its issuer.
func startNotices(t *testing.T, v *vault.Vault) string {
	t.Helper()
	s, err := New(Config{
		Clients:     func() []Client { return []Client{notes} },
		CurrentUser: func(context.Context) (User, error) { return ada, nil },
		DB:          testdb.New(t),
		Vault:       v,
	})
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := s.Start(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return issuer
}

// postNotice sends a deauthorization notice for acme-notes signed with
// secret, and returns the sandbox's status code.
func postNotice(t *testing.T, issuer, secret, id string) int {
	t.Helper()
	body := []byte(`{"event":"app.deauthorized","app_id":"acme-notes","user_data_retention":false}`)
	key, err := webhook.Key(secret)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, issuer+noticesPath, bytes.NewReader(body))
	webhook.SetHeaders(req, id, time.Now(), body, key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// derivedSecret is how the sandbox's secret used to be made: from the public
// listing id, so anyone could compute it.
func derivedSecret(listingID string) string {
	sum := sha256.Sum256([]byte("marketdesk-sandbox-notices:" + listingID))
	return "whsec_" + base64.StdEncoding.EncodeToString(sum[:])
}

// The attack: a local process (or a web page through the loopback port)
// forges "delete this user's data" with a secret computed from the public
// listing id. The sandbox now verifies with its own random secret.
func TestForgedNoticeWithDerivableSecretIsRefused(t *testing.T) {
	v := vaulttest.Real(t)
	issuer := startNotices(t, v)
	if code := postNotice(t, issuer, derivedSecret("acme-notes"), "msg_forged"); code != http.StatusUnauthorized {
		t.Fatalf("a notice signed with the derivable secret got %d, want 401", code)
	}
	real, err := NoticeSecret(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	if code := postNotice(t, issuer, real, "msg_real"); code != http.StatusNoContent {
		t.Fatalf("a notice signed with the sandbox's secret got %d, want 204", code)
	}
}

// Each data directory's sandbox has its own random secret, generated once:
// a notice signed for one is refused by the other.
func TestSandboxNoticeSecretIsRandomPerDataDirectory(t *testing.T) {
	ctx := context.Background()
	v1, v2 := vaulttest.Real(t), vaulttest.Real(t)
	s1, err1 := NoticeSecret(ctx, v1)
	again, _ := NoticeSecret(ctx, v1)
	s2, err2 := NoticeSecret(ctx, v2)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if s1 != again {
		t.Fatal("the secret must be generated once and kept")
	}
	if s1 == s2 || s1 == derivedSecret("acme-notes") {
		t.Fatal("two data directories share a notice secret")
	}
	issuer2 := startNotices(t, v2)
	if code := postNotice(t, issuer2, s1, "msg_other_dir"); code != http.StatusUnauthorized {
		t.Fatalf("another data directory's secret got %d, want 401", code)
	}
	for _, v := range []*vault.Vault{v1, v2} {
		v.Delete(ctx, noticeSecretItem)
	}
}

// Without a keychain the sandbox cannot verify, so it accepts nothing.
func TestSandboxWithoutKeychainRefusesNotices(t *testing.T) {
	issuer := startNotices(t, nil)
	if code := postNotice(t, issuer, derivedSecret("acme-notes"), "msg_x"); code != http.StatusServiceUnavailable {
		t.Fatalf("got %d, want 503", code)
	}
}
