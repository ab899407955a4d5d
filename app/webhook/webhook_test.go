package webhook

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestSignAndVerify(t *testing.T) {
	// A vector computed independently (openssl dgst -sha256 -hmac 0123456789abcdef):
	key, err := Key("whsec_MDEyMzQ1Njc4OWFiY2RlZg==")
	if err != nil {
		t.Fatal(err)
	}
	got := Sign(key, "msg_1", 1700000000, []byte("{}"))
	if got != "v1,3uojc/2kvL+KpJkw4ZNrA/5YjEs9cdfKdc3lXIvRjkk=" {
		t.Fatalf("Sign = %s", got)
	}
	req, _ := http.NewRequest("POST", "http://x", nil)
	now := time.Unix(1700000000, 0)
	SetHeaders(req, "msg_1", now, []byte("{}"), key)
	if err := Verify(key, req.Header, []byte("{}"), now.Add(time.Minute)); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := Verify(key, req.Header, []byte(`{"x":1}`), now); err == nil {
		t.Fatal("a changed body must not verify")
	}
	if err := Verify(key, req.Header, []byte("{}"), now.Add(time.Hour)); err == nil {
		t.Fatal("an old timestamp must not verify")
	}
	if _, err := Key("nope"); err == nil {
		t.Fatal("a secret without whsec_ must be refused")
	}
}

// During a rotation a webhook carries a signature per secret; a receiver
// that knows only one of them (old or new) accepts it, one that knows
// neither does not.
func TestRotationSignsWithEverySecret(t *testing.T) {
	oldKey, _ := Key(NewSecret())
	newKey, _ := Key(NewSecret())
	otherKey, _ := Key(NewSecret())
	req, _ := http.NewRequest("POST", "http://x", nil)
	now := time.Now()
	SetHeaders(req, "msg_2", now, []byte("{}"), newKey, oldKey)
	if n := len(strings.Fields(req.Header.Get("webhook-signature"))); n != 2 {
		t.Fatalf("webhook-signature has %d signatures, want 2", n)
	}
	for name, k := range map[string][]byte{"old": oldKey, "new": newKey} {
		if err := Verify(k, req.Header, []byte("{}"), now); err != nil {
			t.Errorf("a receiver with the %s secret refused: %v", name, err)
		}
	}
	if err := Verify(otherKey, req.Header, []byte("{}"), now); err == nil {
		t.Fatal("a receiver with another secret must refuse")
	}
}

func TestNewSecretIsRandomAndValid(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	if a == b {
		t.Fatal("two secrets are equal")
	}
	if k, err := Key(a); err != nil || len(k) != 32 {
		t.Fatalf("Key(NewSecret()) = %d bytes, %v", len(k), err)
	}
}
