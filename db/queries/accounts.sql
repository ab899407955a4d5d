-- name: GetAccount :one
SELECT id, name, require_preapproval, created_at FROM account WHERE id = 1;

-- name: CreateAccount :exec
INSERT INTO account (id, name, require_preapproval, created_at) VALUES (1, ?, 1, ?);

-- name: SetRequirePreapproval :exec
UPDATE account SET require_preapproval = ? WHERE id = 1;

-- name: ListUsers :many
SELECT id, name, email, role, marketplace_manager, created_at FROM users ORDER BY name COLLATE NOCASE, id;

-- name: GetUser :one
SELECT id, name, email, role, marketplace_manager, created_at FROM users WHERE id = ?;

-- name: InsertUser :execlastid
INSERT INTO users (name, email, role, marketplace_manager, created_at) VALUES (?, ?, ?, ?, ?);

-- name: UpdateUser :exec
UPDATE users SET name = ?, email = ?, role = ?, marketplace_manager = ? WHERE id = ?;

-- name: DeleteUser :exec
DELETE FROM users WHERE id = ?;

-- name: CountOwners :one
SELECT count(*) FROM users WHERE role = 'owner';

-- name: GetSessionUser :one
SELECT u.id, u.name, u.email, u.role, u.marketplace_manager, u.created_at
FROM session s JOIN users u ON u.id = s.user_id WHERE s.id = 1;

-- name: SetSessionUser :exec
INSERT INTO session (id, user_id) VALUES (1, ?)
ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id;
