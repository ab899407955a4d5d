package webhook

import (
	"net/http"
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
	SetHeaders(req, key, "msg_1", now, []byte("{}"))
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
