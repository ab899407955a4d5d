package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	jose "github.com/go-jose/go-jose/v4"

	"marketdesk/db/store"
)

// keys is the server's own key material, generated on first start and kept in
// sandbox_keys so codes and access tokens stay valid across restarts. The
// RSA signing key is loaded (on the very first start: generated, which takes
// a noticeable part of a second) only when an ID token or the key set is
// first asked for, never on the way to the window.
type keys struct {
	cryptoKey   [32]byte // op encrypts codes and opaque access tokens with it (AES-256-GCM)
	cryptoKeyID string

	mu        sync.Mutex
	signing   *rsa.PrivateKey // signs ID tokens; published at the JWKS endpoint
	signingID string
}

func loadKeys(ctx context.Context, s *storage) (*keys, error) {
	cryptoID, cryptoMat, err := s.key(ctx, "crypto", func() ([]byte, error) {
		b := make([]byte, 32)
		_, err := rand.Read(b)
		return b, err
	})
	if err != nil {
		return nil, err
	}
	if len(cryptoMat) != 32 {
		return nil, errors.New("sandbox: stored crypto key has the wrong length")
	}
	k := &keys{cryptoKeyID: cryptoID}
	copy(k.cryptoKey[:], cryptoMat)
	return k, nil
}

// signingKey returns the RSA signing key, loading or generating it on first
// use. A failure is not kept: the next call tries again.
func (k *keys) signingKey(ctx context.Context, s *storage) (signingKey, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.signing != nil {
		return signingKey{id: k.signingID, key: k.signing}, nil
	}
	signID, signMat, err := s.key(ctx, "signing", func() ([]byte, error) {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		return x509.MarshalPKCS8PrivateKey(k)
	})
	if err != nil {
		return signingKey{}, err
	}
	parsed, err := x509.ParsePKCS8PrivateKey(signMat)
	if err != nil {
		return signingKey{}, fmt.Errorf("sandbox: stored signing key: %w", err)
	}
	rsaKey, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return signingKey{}, errors.New("sandbox: stored signing key is not RSA")
	}
	k.signing, k.signingID = rsaKey, signID
	return signingKey{id: signID, key: rsaKey}, nil
}

// key returns the stored key called name, generating and storing it first if
// there is none. Two starts racing both insert; the first one wins and both
// read it back.
func (s *storage) key(ctx context.Context, name string, generate func() ([]byte, error)) (id string, material []byte, err error) {
	row, err := store.New(s.cfg.DB.Writer).GetSandboxKey(ctx, name)
	if err == nil {
		return row.KeyID, row.Material, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("sandbox: read %s key: %w", name, err)
	}
	material, err = generate()
	if err != nil {
		return "", nil, fmt.Errorf("sandbox: generate %s key: %w", name, err)
	}
	q := store.New(s.cfg.DB.Writer)
	if err := q.InsertSandboxKey(ctx, store.InsertSandboxKeyParams{
		Name: name, KeyID: randomID(12), Material: material, CreatedAt: s.now().Unix(),
	}); err != nil {
		return "", nil, fmt.Errorf("sandbox: store %s key: %w", name, err)
	}
	row, err = q.GetSandboxKey(ctx, name)
	if err != nil {
		return "", nil, fmt.Errorf("sandbox: read %s key: %w", name, err)
	}
	return row.KeyID, row.Material, nil
}

// signingKey implements op.SigningKey and op.Key.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }
