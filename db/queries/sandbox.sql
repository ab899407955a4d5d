-- name: GetSandboxKey :one
SELECT name, key_id, material, created_at FROM sandbox_keys WHERE name = ?;

-- name: InsertSandboxKey :exec
INSERT INTO sandbox_keys (name, key_id, material, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (name) DO NOTHING;

-- name: InsertSandboxAuthRequest :exec
INSERT INTO sandbox_auth_requests (
    id, client_id, redirect_uri, state, nonce, scopes, response_type, response_mode,
    code_challenge, code_challenge_method, created_at, expires_at
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: GetSandboxAuthRequest :one
SELECT * FROM sandbox_auth_requests
WHERE id = sqlc.arg(id) AND code_hash IS NULL AND expires_at > sqlc.arg(now);

-- name: ApproveSandboxAuthRequest :execrows
UPDATE sandbox_auth_requests SET done = 1, user_id = sqlc.arg(user_id), auth_time = sqlc.arg(auth_time)
WHERE id = sqlc.arg(id) AND done = 0 AND code_hash IS NULL AND expires_at > sqlc.arg(now);

-- name: SaveSandboxAuthCode :execrows
UPDATE sandbox_auth_requests SET code_hash = sqlc.arg(code_hash), expires_at = sqlc.arg(code_expires_at)
WHERE id = sqlc.arg(id) AND done = 1 AND code_hash IS NULL AND expires_at > sqlc.arg(now);

-- name: ClaimSandboxAuthCode :one
UPDATE sandbox_auth_requests SET code_used = 1
WHERE code_hash = sqlc.arg(code_hash) AND code_used = 0 AND done = 1 AND expires_at > sqlc.arg(now)
RETURNING *;

-- name: UsedSandboxAuthCodeGrant :one
SELECT grant_id FROM sandbox_auth_requests WHERE code_hash = ? AND code_used = 1;

-- name: SetSandboxAuthRequestGrant :exec
UPDATE sandbox_auth_requests SET grant_id = ? WHERE id = ?;

-- name: DeleteSandboxAuthRequest :exec
DELETE FROM sandbox_auth_requests WHERE id = ? AND code_used = 0;

-- name: InsertSandboxToken :exec
INSERT INTO sandbox_tokens (hash, kind, grant_id, client_id, user_id, scopes, auth_time, created_at, expires_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: GetSandboxToken :one
SELECT * FROM sandbox_tokens WHERE hash = ?;

-- name: UseSandboxRefreshToken :execrows
UPDATE sandbox_tokens SET used_at = sqlc.arg(now)
WHERE hash = sqlc.arg(hash) AND kind = 'refresh' AND used_at = 0 AND revoked = 0 AND expires_at > sqlc.arg(now);

-- name: RevokeSandboxToken :exec
UPDATE sandbox_tokens SET revoked = 1 WHERE hash = ?;

-- name: RevokeSandboxGrant :exec
UPDATE sandbox_tokens SET revoked = 1 WHERE grant_id = ?;

-- name: PruneSandboxAuthRequests :exec
DELETE FROM sandbox_auth_requests WHERE expires_at <= ?;

-- name: PruneSandboxTokens :exec
DELETE FROM sandbox_tokens WHERE expires_at <= ?;
