-- 0004: the built-in sandbox authorization server: its own keys, pending
-- authorization requests, and the tokens it issued. Tokens are stored only as
-- SHA-256 hashes (of the refresh token, or of the access token's id), never as
-- the strings the apps hold.

-- The server's own key material: the AES key op encrypts codes and opaque
-- access tokens with, and the RSA key that signs ID tokens (PKCS#8 DER).
CREATE TABLE sandbox_keys (
    name       TEXT PRIMARY KEY NOT NULL CHECK (name IN ('crypto', 'signing')),
    key_id     TEXT NOT NULL,
    material   BLOB NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- An authorization request between /authorize and the code exchange. The id
-- is random and single-use; code_hash is set once the code is issued, and the
-- row stays (code_used = 1) until it expires so a replayed code can revoke
-- the grant it produced.
CREATE TABLE sandbox_auth_requests (
    id                    TEXT PRIMARY KEY NOT NULL,
    client_id             TEXT NOT NULL,
    redirect_uri          TEXT NOT NULL,
    state                 TEXT NOT NULL,
    nonce                 TEXT NOT NULL,
    scopes                TEXT NOT NULL,
    response_type         TEXT NOT NULL,
    response_mode         TEXT NOT NULL,
    code_challenge        TEXT NOT NULL,
    code_challenge_method TEXT NOT NULL,
    user_id               TEXT NOT NULL DEFAULT '',
    auth_time             INTEGER NOT NULL DEFAULT 0,
    done                  INTEGER NOT NULL DEFAULT 0,
    code_hash             TEXT UNIQUE,
    code_used             INTEGER NOT NULL DEFAULT 0,
    grant_id              TEXT NOT NULL DEFAULT '',
    created_at            INTEGER NOT NULL,
    expires_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX sandbox_auth_requests_expiry ON sandbox_auth_requests (expires_at);

-- Access and refresh tokens. A grant is one consent: the tokens of a code
-- exchange and of every refresh that follows it share its grant_id.
CREATE TABLE sandbox_tokens (
    hash       TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    auth_time  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER NOT NULL DEFAULT 0 -- refresh tokens: when rotation replaced it
) STRICT, WITHOUT ROWID;
CREATE INDEX sandbox_tokens_grant ON sandbox_tokens (grant_id);
CREATE INDEX sandbox_tokens_expiry ON sandbox_tokens (expires_at);
