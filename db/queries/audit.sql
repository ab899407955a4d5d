-- name: InsertAudit :exec
INSERT INTO audit_log (at, actor_id, actor_name, actor_email, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: ListAudit :many
SELECT id, at, actor_id, actor_name, actor_email, action, target, details
FROM audit_log
-- Filters match literally (instr, not LIKE: nothing typed is a wildcard);
-- an empty filter matches everything.
WHERE instr(action, CAST(sqlc.arg(action_prefix) AS TEXT)) = 1
  AND (instr(lower(actor_name), lower(CAST(sqlc.arg(actor) AS TEXT))) > 0
       OR instr(lower(actor_email), lower(CAST(sqlc.arg(actor) AS TEXT))) > 0)
  AND instr(lower(target), lower(CAST(sqlc.arg(target) AS TEXT))) > 0
ORDER BY id DESC
LIMIT sqlc.arg(lim);

-- An app's part of the log (Manage, History) matches the exact target,
-- never a part of it ("notes" is not "meeting-notes").

-- name: ListTargetAudit :many
-- Managers: every entry about the target.
SELECT id, at, actor_id, actor_name, actor_email, action, target, details
FROM audit_log
WHERE target = sqlc.arg(target)
ORDER BY id DESC
LIMIT sqlc.arg(lim);

-- name: ListOwnInstallationAudit :many
-- Anyone else: only the events of their own user-level installations of the
-- target, named by the entries' details.installation.
SELECT id, at, actor_id, actor_name, actor_email, action, target, details
FROM audit_log
WHERE target = sqlc.arg(target)
  AND json_extract(details, '$.installation') IN (
      SELECT i.id FROM installations i
      WHERE i.level = 'user' AND i.user_id = sqlc.arg(user_id) AND i.listing_id = sqlc.arg(target))
ORDER BY id DESC
LIMIT sqlc.arg(lim);
