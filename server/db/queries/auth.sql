-- Sign-in (server/auth). Every hash is SHA-256 of the secret; times come
-- from the caller (its clock), so tests can move time.

-- name: InsertAuthRequest :exec
INSERT INTO auth_requests (state_hash, browser_hash, client_id, redirect_uri, desktop_state,
    code_challenge, idp_verifier, nonce, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: TakeAuthRequest :one
-- Only the browser that started the sign-in (its cookie) can spend it: a
-- callback URL opened elsewhere leaves the request to its owner.
DELETE FROM auth_requests WHERE state_hash = $1 AND browser_hash = $2
RETURNING state_hash, browser_hash, client_id, redirect_uri, desktop_state,
    code_challenge, idp_verifier, nonce, created_at, expires_at;

-- name: DeleteExpiredAuthRequests :exec
DELETE FROM auth_requests WHERE expires_at < $1;

-- name: LockAccountCreation :exec
-- Replicas signing in the first person at once create one account.
SELECT pg_advisory_xact_lock(7242024001);

-- name: FirstAccount :one
SELECT id, name, require_preapproval, created_at FROM accounts ORDER BY id LIMIT 1;

-- name: CountUsers :one
SELECT count(*) FROM users WHERE account_id = $1;

-- name: UpdateUserSignIn :one
UPDATE users SET email = $2, name = $3, role = $4, marketplace_manager = $5
WHERE id = $1
RETURNING id, account_id, issuer, subject, email, name, role, marketplace_manager, created_at;

-- name: InsertAuthCode :exec
INSERT INTO auth_codes (code_hash, user_id, client_id, redirect_uri, code_challenge, expires_at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: GetAuthCodeForUpdate :one
SELECT code_hash, user_id, client_id, redirect_uri, code_challenge, expires_at, used_at, family_id
FROM auth_codes WHERE code_hash = $1 FOR UPDATE;

-- name: SpendAuthCode :exec
UPDATE auth_codes SET used_at = $2, family_id = $3 WHERE code_hash = $1;

-- name: MarkAuthCodeUsed :exec
UPDATE auth_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL;

-- name: CreateTokenFamily :one
INSERT INTO token_families (user_id, client_id, audience, created_at)
VALUES ($1, $2, $3, $4)
RETURNING id;

-- name: RevokeTokenFamily :exec
UPDATE token_families SET revoked_at = $2, revoked_reason = $3
WHERE id = $1 AND revoked_at IS NULL;

-- name: InsertRefreshToken :exec
INSERT INTO refresh_tokens (token_hash, family_id, created_at, expires_at)
VALUES ($1, $2, $3, $4);

-- name: GetRefreshTokenForUpdate :one
SELECT r.token_hash, r.family_id, r.expires_at, r.used_at,
       f.user_id, f.client_id, f.audience, f.revoked_at
FROM refresh_tokens r JOIN token_families f ON f.id = r.family_id
WHERE r.token_hash = $1
FOR UPDATE OF r, f;

-- name: MarkRefreshTokenUsed :exec
UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1;

-- name: InsertAccessToken :exec
INSERT INTO access_tokens (token_hash, family_id, expires_at) VALUES ($1, $2, $3);

-- name: LookupAccessToken :one
-- What Verify needs in one round trip: the token, its family and its person.
SELECT a.expires_at, f.id AS family_id, f.client_id, f.audience, f.revoked_at,
       u.id AS user_id, u.account_id, u.issuer, u.subject, u.email, u.name, u.role, u.marketplace_manager
FROM access_tokens a
JOIN token_families f ON f.id = a.family_id
JOIN users u ON u.id = f.user_id
WHERE a.token_hash = $1;

-- name: FamilyOfAccessToken :one
SELECT a.family_id, f.client_id FROM access_tokens a JOIN token_families f ON f.id = a.family_id
WHERE a.token_hash = $1;

-- name: FamilyOfRefreshToken :one
SELECT r.family_id, f.client_id FROM refresh_tokens r JOIN token_families f ON f.id = r.family_id
WHERE r.token_hash = $1;

-- name: DeleteExpiredAccessTokens :exec
DELETE FROM access_tokens WHERE expires_at < $1;
