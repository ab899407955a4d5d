-- name: InsertRequest :execlastid
INSERT INTO requests (listing_id, user_id, reason, status, created_at) VALUES (?, ?, ?, 'pending', ?);

-- name: GetRequest :one
SELECT r.id, r.listing_id, r.user_id, r.reason, r.status, r.decided_by, r.decision_note, r.created_at, r.decided_at,
       CAST(coalesce(l.name, r.listing_id) AS TEXT) AS listing_name, CAST(coalesce(l.type, 'user') AS TEXT) AS listing_type,
       u.name AS user_name, u.email AS user_email
FROM requests r
JOIN users u ON u.id = r.user_id
LEFT JOIN listings l ON l.id = r.listing_id
WHERE r.id = ?;

-- name: LatestRequestFor :one
SELECT id, listing_id, user_id, reason, status, decided_by, decision_note, created_at, decided_at
FROM requests WHERE listing_id = ? AND user_id = ?
ORDER BY id DESC LIMIT 1;

-- name: DecideRequest :execrows
-- Only a pending request can be decided: of two concurrent decisions, the
-- second changes no row and is told "already decided".
UPDATE requests SET status = ?, decided_by = ?, decision_note = ?, decided_at = ?
WHERE id = ? AND status = 'pending';

-- name: CancelRequest :execrows
UPDATE requests SET status = 'cancelled', decided_at = ? WHERE id = ? AND user_id = ? AND status = 'pending';

-- name: ListRequests :many
SELECT r.id, r.listing_id, r.user_id, r.reason, r.status, r.decided_by, r.decision_note, r.created_at, r.decided_at,
       CAST(coalesce(l.name, r.listing_id) AS TEXT) AS listing_name, CAST(coalesce(l.type, 'user') AS TEXT) AS listing_type,
       u.name AS user_name, u.email AS user_email
FROM requests r
JOIN users u ON u.id = r.user_id
LEFT JOIN listings l ON l.id = r.listing_id
WHERE (CAST(sqlc.arg(status) AS TEXT) = '' OR r.status = sqlc.arg(status))
  AND (CAST(sqlc.arg(user_id) AS INTEGER) = 0 OR r.user_id = sqlc.arg(user_id))
ORDER BY r.id DESC
LIMIT 500;

-- name: CountPendingRequests :one
SELECT count(*) FROM requests WHERE status = 'pending';

-- name: UnseenDecisions :many
-- Decisions on the user's requests they were not told about yet (a
-- cancellation is their own act, not a decision).
SELECT r.id, r.listing_id, r.user_id, r.reason, r.status, r.decided_by, r.decision_note, r.created_at, r.decided_at,
       CAST(coalesce(l.name, r.listing_id) AS TEXT) AS listing_name, CAST(coalesce(l.type, 'user') AS TEXT) AS listing_type,
       u.name AS user_name, u.email AS user_email
FROM requests r
JOIN users u ON u.id = r.user_id
LEFT JOIN listings l ON l.id = r.listing_id
WHERE r.user_id = ? AND r.status IN ('approved', 'denied') AND r.decision_seen = 0
ORDER BY r.id;

-- name: MarkDecisionsSeen :exec
UPDATE requests SET decision_seen = 1
WHERE user_id = ? AND status IN ('approved', 'denied') AND decision_seen = 0 AND id <= ?;

-- name: ApprovePendingRequestsFor :many
-- A manager installed an account-level app: its pending requests are
-- approved by that install.
UPDATE requests SET status = 'approved', decided_by = ?, decision_note = ?, decided_at = ?
WHERE listing_id = ? AND status = 'pending'
RETURNING id;
