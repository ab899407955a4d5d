-- name: ListInstallationSettings :many
SELECT key, value FROM installation_settings WHERE installation_id = ? ORDER BY key;

-- name: PutInstallationSetting :exec
INSERT INTO installation_settings (installation_id, key, value) VALUES (?, ?, ?)
ON CONFLICT (installation_id, key) DO UPDATE SET value = excluded.value;

-- name: DeleteInstallationSetting :exec
DELETE FROM installation_settings WHERE installation_id = ? AND key = ?;

-- name: DeleteInstallationSettings :exec
DELETE FROM installation_settings WHERE installation_id = ?;

-- name: MarkConfigured :exec
UPDATE installations SET status = ?, configured_at = ?, updated_at = ? WHERE id = ?;

-- name: BeginRemoval :exec
UPDATE installations SET status = 'removing', removal_step = 'revoke', retain_data = ?, removed_by_name = ?, updated_at = ?
WHERE id = ?;

-- name: SetRemovalStep :exec
UPDATE installations SET removal_step = ?, updated_at = ? WHERE id = ?;

-- name: FinishRemoval :exec
UPDATE installations SET status = 'removed', removal_step = 'done', removed_at = ?, updated_at = ? WHERE id = ?;

-- name: InterruptedRemovals :many
SELECT id FROM installations WHERE status = 'removing' ORDER BY id;

-- name: EnqueueOutbox :exec
INSERT OR IGNORE INTO outbox (id, kind, installation_id, listing_id, url, body, status, next_attempt_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?);

-- name: DueOutbox :many
SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 20;

-- name: GetOutbox :one
SELECT * FROM outbox WHERE id = ?;

-- name: OutboxDelivered :exec
UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = '', waiting_for = '' WHERE id = ? AND status = 'pending';

-- name: OutboxRetryLater :exec
UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending';

-- name: OutboxGiveUp :exec
UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending';

-- name: OutboxRetry :execrows
UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = '' WHERE id = ? AND status = 'failed';

-- name: ListOutbox :many
SELECT * FROM outbox WHERE status != 'delivered' OR delivered_at >= ? ORDER BY created_at DESC LIMIT 200;

-- name: InsertSandboxNotice :exec
INSERT OR IGNORE INTO sandbox_notices (webhook_id, listing_id, received_at, verified, body) VALUES (?, ?, ?, ?, ?);

-- name: ListSandboxNotices :many
SELECT webhook_id, listing_id, received_at, verified, body FROM sandbox_notices ORDER BY received_at DESC LIMIT 200;

-- name: OutboxWaitFor :exec
UPDATE outbox SET waiting_for = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending';

-- name: OutboxNoticesSecretArrived :execrows
UPDATE outbox SET waiting_for = '', next_attempt_at = ?, last_error = ''
WHERE listing_id = ? AND kind = 'deauthorization' AND status = 'pending' AND waiting_for = 'signing_secret';

-- name: PutNoticeSecret :exec
INSERT INTO notice_secrets (listing_id, set_at, set_by_name, previous_until) VALUES (?, ?, ?, ?)
ON CONFLICT (listing_id) DO UPDATE SET set_at = excluded.set_at, set_by_name = excluded.set_by_name,
    previous_until = excluded.previous_until;

-- name: ListNoticeSecrets :many
SELECT * FROM notice_secrets ORDER BY listing_id;

-- name: UndeliveredNoticesFor :one
SELECT count(*) FROM outbox WHERE listing_id = ? AND kind = 'deauthorization' AND status != 'delivered';
