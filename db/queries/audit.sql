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
