-- name: InsertAuditEntry :one
INSERT INTO audit_log (account_id, actor_id, actor_name, actor_email, action, target, details, request_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id;

-- name: ListAuditEntries :many
SELECT id, account_id, at, actor_id, actor_name, actor_email, action, target, details, request_id
FROM audit_log WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT $2;
