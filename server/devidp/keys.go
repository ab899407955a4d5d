package devidp

import (
	"crypto/rand"
	"crypto/rsa"

	jose "github.com/go-jose/go-jose/v4"

	"marketdesk/app/apperr"
)

// signingKey signs ID tokens. It is made at start and kept only in memory:
// after a restart, tokens signed before no longer verify (the JWKS changed),
// which is fine for development and tests. RS256, because it is what OIDC
// relying parties accept by default.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func newSigningKey() (signingKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return signingKey{}, apperr.Wrap(apperr.Internal, err, "devidp: cannot generate the signing key: %v", err)
	}
	return signingKey{id: randomString(9), key: k}, nil
}

// signingKey implements op.SigningKey.
func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is the same key as published at /keys (op.Key).
type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }
