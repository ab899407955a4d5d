-- name: CreateAccount :one
INSERT INTO accounts (name) VALUES ($1)
RETURNING id, name, require_preapproval, created_at;

-- name: GetAccount :one
SELECT id, name, require_preapproval, created_at FROM accounts WHERE id = $1;

-- name: CreateUser :one
INSERT INTO users (account_id, issuer, subject, email, name, role, marketplace_manager)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id, account_id, issuer, subject, email, name, role, marketplace_manager, created_at;

-- name: GetUserBySubject :one
SELECT id, account_id, issuer, subject, email, name, role, marketplace_manager, created_at
FROM users WHERE account_id = $1 AND issuer = $2 AND subject = $3;

-- name: ListUsers :many
SELECT id, account_id, issuer, subject, email, name, role, marketplace_manager, created_at
FROM users WHERE account_id = $1 ORDER BY lower(name), id;
