-- name: GetApproval :one
SELECT listing_id, scope, note, approved_by, updated_at FROM approvals WHERE listing_id = ?;

-- name: UpsertApproval :exec
-- The approval records what the manager saw: the listing's source and its
-- authorization configuration as they are now (listing_authorization).
INSERT INTO approvals (listing_id, scope, note, approved_by, updated_at, source, auth_server, auth_scopes)
SELECT la.listing_id, sqlc.arg(scope), sqlc.arg(note), sqlc.arg(approved_by), sqlc.arg(updated_at), la.source, la.auth_server, la.auth_scopes
FROM listing_authorization la WHERE la.listing_id = sqlc.arg(listing_id)
ON CONFLICT (listing_id) DO UPDATE SET scope = excluded.scope, note = excluded.note,
    approved_by = excluded.approved_by, updated_at = excluded.updated_at,
    source = excluded.source, auth_server = excluded.auth_server, auth_scopes = excluded.auth_scopes;

-- name: ApprovalChanges :one
-- What changed in a listing since its grant was given ('' when nothing did,
-- or when there is no grant): the source, the authorization server, the scopes.
SELECT CAST(a.source != la.source AS INTEGER) AS source_changed,
       CAST(a.auth_server != la.auth_server AS INTEGER) AS server_changed,
       CAST(a.auth_scopes != la.auth_scopes AS INTEGER) AS scopes_changed
FROM approvals a
JOIN listing_authorization la ON la.listing_id = a.listing_id
WHERE a.listing_id = ? AND a.scope IN ('account', 'users');

-- name: DeleteApproval :execrows
DELETE FROM approvals WHERE listing_id = ?;

-- name: ClearApprovalUsers :exec
DELETE FROM approval_users WHERE listing_id = ?;

-- name: AddApprovalUser :exec
INSERT OR IGNORE INTO approval_users (listing_id, user_id) VALUES (?, ?);

-- name: ApprovalUserIDs :many
SELECT user_id FROM approval_users WHERE listing_id = ? ORDER BY user_id;

-- name: IsApprovedFor :one
-- Whether the app is pre-approved for the whole account or for this user,
-- by an approval still in force (0009: the listing did not change since).
SELECT EXISTS (
    SELECT 1 FROM approvals_in_force a
    WHERE a.listing_id = sqlc.arg(listing_id)
      AND (a.scope = 'account' OR (a.scope = 'users' AND EXISTS (
            SELECT 1 FROM approval_users au WHERE au.listing_id = a.listing_id AND au.user_id = sqlc.arg(user_id))))
);

-- name: WasApprovedFor :one
-- Whether a grant covers this user, in force or not (IsApprovedFor false and
-- this true: the app changed since it was approved and needs a review).
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
       (SELECT count(*) FROM requests r WHERE r.listing_id = l.id AND r.status = 'pending') AS pending_requests,
       CAST(coalesce(a.scope IN ('account', 'users') AND NOT EXISTS (
           SELECT 1 FROM approvals_in_force f WHERE f.listing_id = l.id), 0) AS INTEGER) AS changed
FROM listings l
LEFT JOIN approvals a ON a.listing_id = l.id
WHERE (CAST(sqlc.arg(state) AS TEXT) = '' OR coalesce(a.scope, 'none') = sqlc.arg(state)
       OR (sqlc.arg(state) = 'changed' AND a.scope IN ('account', 'users') AND NOT EXISTS (
           SELECT 1 FROM approvals_in_force f WHERE f.listing_id = l.id)))
  AND (instr(l.name_key, lower(CAST(sqlc.arg(text) AS TEXT))) > 0
       OR instr(lower(l.developer_name), lower(CAST(sqlc.arg(text) AS TEXT))) > 0)
ORDER BY l.name_key
LIMIT sqlc.arg(lim) OFFSET sqlc.arg(off);

-- name: ListingBrief :one
SELECT id, name, type, no_longer_listed FROM listings WHERE id = ?;
