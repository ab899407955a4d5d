-- Queries of the policy API (server/policy): users and roles, the account's
-- settings, pre-approvals, requests, rate limits and the audit log's pages.
-- Every query is scoped by account_id: a row of another account is "not found".

-- name: PolicyUser :one
SELECT * FROM users WHERE account_id = $1 AND id = $2;

-- name: PolicyUsers :many
SELECT * FROM users WHERE account_id = $1 ORDER BY lower(name), id;

-- name: LockOwners :many
-- Locks the account's owners, so two owners demoting each other at once
-- cannot leave the account without one.
SELECT id FROM users WHERE account_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE;

-- name: SetUserRole :one
UPDATE users SET role = @role, marketplace_manager = @manager
WHERE account_id = @account_id AND id = @id
RETURNING *;

-- name: RemoveUser :execrows
DELETE FROM users WHERE account_id = $1 AND id = $2;

-- name: UpdateAccountSettings :one
UPDATE accounts SET name = @name, require_preapproval = @require_preapproval
WHERE id = @id
RETURNING *;

-- name: UpsertPreapproval :one
INSERT INTO preapprovals (account_id, listing_id, scope, user_id, note, message, link, expires_at, granted_by)
VALUES (@account_id, @listing_id, @scope, sqlc.narg(user_id), @note, @message, @link, sqlc.narg(expires_at), @granted_by)
ON CONFLICT (account_id, listing_id, scope, (coalesce(user_id, 0))) DO UPDATE
SET note = EXCLUDED.note, message = EXCLUDED.message, link = EXCLUDED.link,
    expires_at = EXCLUDED.expires_at, granted_by = EXCLUDED.granted_by, granted_at = now()
RETURNING *;

-- name: ListPreapprovals :many
-- All of the account's, or (user_id given) those that concern that user:
-- account-wide, blocks, and their own.
SELECT * FROM preapprovals
WHERE account_id = @account_id
  AND (sqlc.narg(user_id)::bigint IS NULL OR user_id IS NULL OR user_id = sqlc.narg(user_id))
  AND (@listing_id::text = '' OR listing_id = @listing_id)
ORDER BY listing_id, scope, id;

-- name: PreapprovalsInForce :many
-- What counts for one user and one app now: not lapsed, and account-wide,
-- a block, or the user's own.
SELECT * FROM preapprovals
WHERE account_id = @account_id AND listing_id = @listing_id
  AND (user_id IS NULL OR user_id = @user_id)
  AND (expires_at IS NULL OR expires_at > @now)
ORDER BY id;

-- name: ExpiringPreapprovals :many
SELECT * FROM preapprovals
WHERE account_id = @account_id AND expires_at > @now AND expires_at <= @until
ORDER BY expires_at, id;

-- name: DeletePreapproval :one
DELETE FROM preapprovals WHERE account_id = $1 AND id = $2 RETURNING *;

-- name: InsertAppRequest :one
INSERT INTO requests (account_id, listing_id, app_type, user_id, reason)
VALUES ($1, $2, $3, $4, $5)
RETURNING id;

-- name: GetAppRequest :one
SELECT sqlc.embed(r), u.name AS user_name, u.email AS user_email
FROM requests r JOIN users u ON u.id = r.user_id
WHERE r.account_id = $1 AND r.id = $2;

-- name: ListAppRequests :many
SELECT sqlc.embed(r), u.name AS user_name, u.email AS user_email
FROM requests r JOIN users u ON u.id = r.user_id
WHERE r.account_id = @account_id
  AND (sqlc.narg(user_id)::bigint IS NULL OR r.user_id = sqlc.narg(user_id))
  AND (@status::text = '' OR r.status = @status)
  AND (@before_id::bigint = 0 OR r.id < @before_id)
ORDER BY r.id DESC
LIMIT @max_rows;

-- name: CancelAppRequest :execrows
UPDATE requests SET status = 'cancelled', decided_at = now()
WHERE account_id = $1 AND id = $2 AND user_id = $3 AND status = 'pending';

-- name: DecideAppRequest :execrows
UPDATE requests SET status = @status, decided_by = @decided_by, decision_note = @note, decided_at = now()
WHERE account_id = @account_id AND id = @id AND status = 'pending';

-- name: HitRateLimit :one
-- Counts one hit in the user's current window (a window opens at the first
-- hit after the previous one closed) and says when the window closes.
-- PostgreSQL's clock, so that every replica counts the same windows.
INSERT INTO rate_limits AS rl (user_id, bucket, window_start, hits)
VALUES (@user_id, @bucket, now(), 1)
ON CONFLICT (user_id, bucket) DO UPDATE
SET hits = CASE WHEN rl.window_start > now() - make_interval(secs => @window_seconds::float8) THEN rl.hits + 1 ELSE 1 END,
    window_start = CASE WHEN rl.window_start > now() - make_interval(secs => @window_seconds::float8) THEN rl.window_start ELSE now() END
RETURNING hits, ceil(extract(epoch FROM rl.window_start + make_interval(secs => @window_seconds::float8) - now()))::int AS retry_after_seconds;

-- name: AuditPage :many
-- Newest first; before_id 0 is the newest page.
SELECT * FROM audit_log
WHERE account_id = @account_id AND (@before_id::bigint = 0 OR id < @before_id)
ORDER BY id DESC
LIMIT @max_rows;

-- name: AuditExportPage :many
-- Oldest first, for the export, which reads the log in pages.
SELECT * FROM audit_log
WHERE account_id = @account_id AND id > @after_id
ORDER BY id
LIMIT @max_rows;
