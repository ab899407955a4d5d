-- Live-update events (server/events). See docs/server-events.md.

-- name: LockEventOrder :exec
-- Held until commit: publishers commit one at a time, so ids are visible in
-- order. The key is arbitrary but fixed ("mdev").
SELECT pg_advisory_xact_lock(1835296118);

-- name: InsertEvent :one
INSERT INTO events (account_id, user_id, kind, data)
VALUES ($1, $2, $3, $4)
RETURNING id;

-- name: NotifyEvents :exec
-- Delivered at commit, never for a rolled-back transaction. The payload is
-- only the new id: replicas read the rows themselves.
SELECT pg_notify('marketdesk_events', sqlc.arg(id)::bigint::text);

-- name: EventsAfter :many
-- What a replica's hub fans out: every account's events after the last one
-- it saw, in id order.
SELECT id, account_id, user_id, kind, data
FROM events WHERE id > $1 ORDER BY id LIMIT $2;

-- name: LastEventID :one
SELECT COALESCE(max(id), 0)::bigint FROM events;

-- name: AccountEventsBetween :many
-- A resuming stream's replay: the events of one account in (after, upto]
-- that this person may see (everyone's, their own, or all when they manage).
SELECT id, user_id, kind, data
FROM events
WHERE account_id = sqlc.arg(account_id)
  AND id > sqlc.arg(after) AND id <= sqlc.arg(upto)
  AND (user_id = 0 OR user_id = sqlc.arg(user_id) OR sqlc.arg(manages)::boolean)
ORDER BY id
LIMIT sqlc.arg(max_rows);

-- name: EventsHorizon :one
-- What a resuming stream checks its Last-Event-ID against: ids at or below
-- purged_through may be gone; ids above last were never issued here.
SELECT purged_through,
       GREATEST(purged_through, (SELECT COALESCE(max(id), 0) FROM events))::bigint AS last
FROM events_retention;

-- name: PurgeEvents :one
-- Deletes the events older than the cutoff and records the highest id gone.
WITH gone AS (
    DELETE FROM events WHERE at < sqlc.arg(cutoff) RETURNING id
)
UPDATE events_retention
SET purged_through = GREATEST(purged_through, COALESCE((SELECT max(id) FROM gone), 0))
RETURNING purged_through;
