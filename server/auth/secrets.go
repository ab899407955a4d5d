package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"
)

// Prefixes tell the kinds of secrets apart in a log or a bug report
// (and to secret scanners) without revealing them.
const (
	prefixAccess  = "mda_"
	prefixRefresh = "mdr_"
	prefixCode    = "mdc_"
)

// newSecret is 32 random bytes, URL-safe, after prefix.
func newSecret(prefix string) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (Go 1.24+)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// hash is what the database keeps of a secret.
func hash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// s256 is the PKCE S256 challenge of verifier (RFC 7636).
func s256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// verifierMatches checks a PKCE verifier against its challenge in constant time.
func verifierMatches(verifier, challenge string) bool {
	return validVerifier(verifier) && subtle.ConstantTimeCompare([]byte(s256(verifier)), []byte(challenge)) == 1
}

// validVerifier: 43–128 unreserved characters (RFC 7636 §4.1).
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, c := range v {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-._~", c)) {
			return false
		}
	}
	return true
}

// validChallenge: an S256 challenge is 43 base64url characters.
func validChallenge(c string) bool {
	if len(c) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(c)
	return err == nil
}

func trimSlash(s string) string { return strings.TrimSuffix(s, "/") }
