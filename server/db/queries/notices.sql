-- name: GetNoticeSecret :one
-- For the worker that signs a notice, and for a rotation (FOR UPDATE: two
-- managers rotating at once keep a consistent previous secret).
SELECT account_id, app_id, secret, previous_secret, previous_until, set_at, set_by
FROM notice_secrets WHERE account_id = $1 AND app_id = $2 FOR UPDATE;

-- name: SignNoticeKeys :one
SELECT secret, previous_secret, previous_until
FROM notice_secrets WHERE account_id = $1 AND app_id = $2;

-- name: PutNoticeSecret :exec
INSERT INTO notice_secrets (account_id, app_id, secret, previous_secret, previous_until, set_at, set_by)
VALUES ($1, $2, $3, $4, $5, now(), $6)
ON CONFLICT (account_id, app_id) DO UPDATE SET
    secret = EXCLUDED.secret, previous_secret = EXCLUDED.previous_secret,
    previous_until = EXCLUDED.previous_until, set_at = now(), set_by = EXCLUDED.set_by;

-- name: ListNoticeSecrets :many
-- Never the secrets: which apps have one, since when, and by whom.
SELECT s.app_id, s.set_at, s.previous_until, coalesce(u.name, '') AS set_by_name
FROM notice_secrets s LEFT JOIN users u ON u.id = s.set_by
WHERE s.account_id = $1 ORDER BY s.app_id;

-- name: GetChatWebhook :one
SELECT account_id, url, set_at, set_by FROM chat_webhooks WHERE account_id = $1;

-- name: PutChatWebhook :exec
INSERT INTO chat_webhooks (account_id, url, set_at, set_by) VALUES ($1, $2, now(), $3)
ON CONFLICT (account_id) DO UPDATE SET url = EXCLUDED.url, set_at = now(), set_by = EXCLUDED.set_by;

-- name: DeleteChatWebhook :execrows
DELETE FROM chat_webhooks WHERE account_id = $1;
