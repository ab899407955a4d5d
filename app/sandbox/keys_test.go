package sandbox

import (
	"encoding/json"
	"net/http"
	"testing"
)

// The RSA signing key is not generated on the way to the window: a first
// start stores only the crypto key; the key set (or an ID token) makes the
// signing key, once, and a restart finds the same one.
func TestSigningKeyIsMadeOnFirstUseNotAtStart(t *testing.T) {
	f := setup(t)
	if n := f.keyRows("signing"); n != 0 {
		t.Fatalf("signing keys after start = %d, want 0 (made on first use)", n)
	}
	if n := f.keyRows("crypto"); n != 1 {
		t.Fatalf("crypto keys after start = %d, want 1", n)
	}
	first := f.jwksKeyID()
	if n := f.keyRows("signing"); n != 1 {
		t.Fatalf("signing keys after the key set was read = %d, want 1", n)
	}
	f.start() // a restart on the same database
	if err := f.server.PrepareSigningKey(f.ctx); err != nil {
		t.Fatal(err)
	}
	if again := f.jwksKeyID(); again != first {
		t.Fatalf("key id after restart %q, want the stored %q", again, first)
	}
}

func (f *fixture) keyRows(name string) int {
	f.t.Helper()
	var n int
	if err := f.db.Reader.QueryRow("SELECT count(*) FROM sandbox_keys WHERE name = ?", name).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// jwksKeyID reads the key set an app would read to check ID tokens.
func (f *fixture) jwksKeyID() string {
	f.t.Helper()
	resp, err := http.Get(f.issuer + "/keys")
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil || len(set.Keys) != 1 {
		f.t.Fatalf("key set: %v %+v (status %s)", err, set, resp.Status)
	}
	return set.Keys[0].Kid
}
