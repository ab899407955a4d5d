-- name: GetApproval :one
SELECT listing_id, scope, note, approved_by, updated_at FROM approvals WHERE listing_id = ?;

-- name: UpsertApproval :exec
INSERT INTO approvals (listing_id, scope, note, approved_by, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (listing_id) DO UPDATE SET scope = excluded.scope, note = excluded.note,
    approved_by = excluded.approved_by, updated_at = excluded.updated_at;

-- name: DeleteApproval :execrows
DELETE FROM approvals WHERE listing_id = ?;

-- name: ClearApprovalUsers :exec
DELETE FROM approval_users WHERE listing_id = ?;

-- name: AddApprovalUser :exec
INSERT OR IGNORE INTO approval_users (listing_id, user_id) VALUES (?, ?);

-- name: ApprovalUserIDs :many
SELECT user_id FROM approval_users WHERE listing_id = ? ORDER BY user_id;

-- name: IsApprovedFor :one
-- Whether the app is pre-approved for the whole account or for this user.
SELECT EXISTS (
    SELECT 1 FROM approvals a
    WHERE a.listing_id = sqlc.arg(listing_id)
      AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(user_id))))
);

-- name: AdminApps :many
-- Every listing with its approval state, for the Admin apps list; text
-- matches names and developers literally ('' matches all).
SELECT l.id, l.name, l.developer_name, l.type, l.no_longer_listed,
       CAST(coalesce(a.scope, '') AS TEXT) AS scope, CAST(coalesce(a.note, '') AS TEXT) AS note,
       CAST(coalesce(a.updated_at, '') AS TEXT) AS approved_at,
       (SELECT count(*) FROM approval_users au WHERE au.listing_id = l.id) AS user_count,
       (SELECT count(*) FROM requests r WHERE r.listing_id = l.id AND r.status = 'pending') AS pending_requests
FROM listings l
LEFT JOIN approvals a ON a.listing_id = l.id
WHERE (CAST(sqlc.arg(state) AS TEXT) = '' OR coalesce(a.scope, 'none') = sqlc.arg(state))
  AND (instr(l.name_key, lower(CAST(sqlc.arg(text) AS TEXT))) > 0
       OR instr(lower(l.developer_name), lower(CAST(sqlc.arg(text) AS TEXT))) > 0)
ORDER BY l.name_key
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: ListingBrief :one
SELECT id, name, type, no_longer_listed FROM listings WHERE id = ?;
