-- Pre-approval expiry reminders (server/reminders, migration 0007).

-- name: ScheduleReminders :exec
-- Every account gets a schedule row, due at once the first time.
INSERT INTO reminder_schedule (account_id, due_at)
SELECT id, @now::timestamptz FROM accounts
ON CONFLICT (account_id) DO NOTHING;

-- name: ClaimDueReminder :one
-- One account whose daily reminder is due, locked for this transaction;
-- another replica skips it.
SELECT account_id FROM reminder_schedule
WHERE due_at <= @now::timestamptz
ORDER BY due_at, account_id
LIMIT 1
FOR UPDATE SKIP LOCKED;

-- name: SetReminderDue :exec
UPDATE reminder_schedule SET due_at = @due_at WHERE account_id = @account_id;

-- name: UnremindedExpiring :many
-- The account's pre-approvals (not blocks) lapsing in (now, until] that no
-- reminder named yet for this expiry, with the named user's name.
SELECT p.id, p.listing_id, p.scope, p.user_id, p.expires_at::timestamptz AS expires_at,
       coalesce(u.name, '')::text AS user_name, coalesce(u.email, '')::text AS user_email
FROM preapprovals p
LEFT JOIN users u ON u.id = p.user_id
WHERE p.account_id = @account_id AND p.scope <> 'blocked'
  AND p.expires_at > @now::timestamptz AND p.expires_at <= @until::timestamptz
  AND NOT EXISTS (SELECT 1 FROM approval_reminders r
                  WHERE r.preapproval_id = p.id AND r.expires_at = p.expires_at AND r.kind = 'expiring')
ORDER BY p.expires_at, p.id;

-- name: UnannouncedLapses :many
-- Pre-approvals and blocks whose expiry has passed and that desktops were
-- not yet told about, locked (another replica skips them).
SELECT p.id, p.account_id, p.listing_id, p.scope, p.user_id, p.expires_at::timestamptz AS expires_at
FROM preapprovals p
WHERE p.expires_at <= @now::timestamptz
  AND NOT EXISTS (SELECT 1 FROM approval_reminders r
                  WHERE r.preapproval_id = p.id AND r.expires_at = p.expires_at AND r.kind = 'lapsed')
ORDER BY p.expires_at, p.id
LIMIT @max_rows
FOR UPDATE OF p SKIP LOCKED;

-- name: RecordReminder :execrows
-- 0 rows: already recorded (by another replica that got there first).
INSERT INTO approval_reminders (preapproval_id, expires_at, kind, account_id, sent_at)
VALUES (@preapproval_id, @expires_at, @kind, @account_id, @sent_at)
ON CONFLICT DO NOTHING;
