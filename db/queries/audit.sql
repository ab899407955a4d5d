-- name: InsertAudit :exec
INSERT INTO audit_log (at, actor_id, actor_name, actor_email, action, target, details) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: ListAudit :many
SELECT id, at, actor_id, actor_name, actor_email, action, target, details
FROM audit_log
-- The filters are LIKE patterns built by the caller ('%' matches everything).
WHERE action LIKE CAST(sqlc.arg(action_pattern) AS TEXT)
  AND (actor_name LIKE CAST(sqlc.arg(actor_pattern) AS TEXT) OR actor_email LIKE sqlc.arg(actor_pattern))
  AND target LIKE CAST(sqlc.arg(target_pattern) AS TEXT)
ORDER BY id DESC
LIMIT sqlc.arg(lim);
