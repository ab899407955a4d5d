// Package webhook signs and verifies webhooks the Standard Webhooks way:
// headers webhook-id, webhook-timestamp and webhook-signature
// "v1,<base64 HMAC-SHA256(secret, id.timestamp.body)>". During a secret's
// rotation a webhook carries one signature per secret, space-separated, so
// the receiver accepts it with either.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix starts every signing secret; the rest is base64 of the key.
const SecretPrefix = "whsec_"

// Tolerance is how far a timestamp may be from the receiver's clock.
const Tolerance = 5 * time.Minute

// Key decodes a "whsec_..." secret into its HMAC key.
func Key(secret string) ([]byte, error) {
	raw, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, errors.New("a signing secret starts with " + SecretPrefix)
	}
	key, err := base64.StdEncoding.DecodeString(raw)
	if err != nil || len(key) < 16 {
		return nil, errors.New("a signing secret is whsec_ and the base64 of at least 16 bytes")
	}
	return key, nil
}

// NewSecret returns a fresh random "whsec_..." secret (32 bytes).
func NewSecret() string {
	key := make([]byte, 32)
	rand.Read(key) // never fails (crypto/rand, Go 1.24+)
	return SecretPrefix + base64.StdEncoding.EncodeToString(key)
}

// Sign returns the webhook-signature header value for id, timestamp and body.
func Sign(key []byte, id string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, timestamp)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// SetHeaders signs body onto req with every key (at least one): the header
// carries one "v1," signature per key, space-separated.
func SetHeaders(req *http.Request, id string, at time.Time, body []byte, keys ...[]byte) {
	ts := at.Unix()
	sigs := make([]string, len(keys))
	for i, k := range keys {
		sigs[i] = Sign(k, id, ts, body)
	}
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", strings.Join(sigs, " "))
	req.Header.Set("Content-Type", "application/json")
}

// Verify checks the headers of a received webhook against body: one of the
// space-separated v1 signatures must match, and the timestamp be recent.
func Verify(key []byte, h http.Header, body []byte, now time.Time) error {
	id, tsText := h.Get("webhook-id"), h.Get("webhook-timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if id == "" || err != nil {
		return errors.New("missing webhook-id or webhook-timestamp")
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Tolerance || d < -Tolerance {
		return errors.New("the webhook timestamp is too far from now")
	}
	want := Sign(key, id, ts, body)
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("no webhook signature matches")
}
