-- 0004: sign-in. The server is the OAuth authorization server of its
-- desktops (code + PKCE + loopback redirect) and federates the sign-in to
-- the organization's OpenID provider. Everything a sign-in in progress needs
-- lives here, never in a replica's memory, so any replica can finish what
-- another started. Only SHA-256 hashes of codes, states and tokens are
-- stored: a copy of the database does not sign anyone in.

-- A desktop's authorization request while the person signs in at the IdP.
-- state_hash is the hash of the state the server sent to the IdP (not the
-- desktop's own state); browser_hash binds the callback to the browser that
-- started the sign-in (a cookie), so a stolen callback URL is useless.
CREATE TABLE auth_requests (
    state_hash     BYTEA PRIMARY KEY,
    browser_hash   BYTEA NOT NULL,
    client_id      TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    desktop_state  TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    -- the server's own PKCE verifier and nonce towards the IdP: short-lived,
    -- and useless without the IdP's code, which only the browser carries
    idp_verifier   TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_requests_expires ON auth_requests (expires_at);

-- A sign-in session of one desktop: the access and refresh tokens issued
-- from one authorization code. Revoking the family (sign-out, a refresh
-- token presented twice, a code presented twice) ends all of them.
CREATE TABLE token_families (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id      TEXT NOT NULL,
    audience       TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX token_families_user ON token_families (user_id);

-- One-time authorization codes handed to a desktop's loopback redirect.
CREATE TABLE auth_codes (
    code_hash      BYTEA PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id      TEXT NOT NULL,
    redirect_uri   TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    used_at        TIMESTAMPTZ,
    -- set when the code is spent; a second presentation revokes it
    family_id      BIGINT REFERENCES token_families (id) ON DELETE CASCADE
);

-- Refresh tokens rotate: each use spends the token and issues the next one
-- in the same family. used_at set = rotated; presenting it again is theft
-- or a replay, and revokes the family.
CREATE TABLE refresh_tokens (
    token_hash BYTEA PRIMARY KEY,
    family_id  BIGINT NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- Opaque access tokens, looked up on every API request: revocation is
-- immediate on every replica.
CREATE TABLE access_tokens (
    token_hash BYTEA PRIMARY KEY,
    family_id  BIGINT NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_tokens_family ON access_tokens (family_id);
CREATE INDEX access_tokens_expires ON access_tokens (expires_at);
