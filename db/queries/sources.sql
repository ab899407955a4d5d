-- name: ListSources :many
SELECT s.id, s.kind, s.location, s.name, s.last_sync_at, s.last_success_at, s.last_error,
       (SELECT count(*) FROM listings l WHERE l.source_id = s.id) AS listing_count
FROM catalog_sources s
ORDER BY s.id;

-- name: GetSourceByLocation :one
SELECT id, kind, location, name, etag, last_modified, fingerprint, last_sync_at, last_success_at, last_error, created_at
FROM catalog_sources WHERE location = ?;

-- name: GetSource :one
SELECT id, kind, location, name, etag, last_modified, fingerprint, last_sync_at, last_success_at, last_error, created_at
FROM catalog_sources WHERE id = ?;

-- name: InsertSource :one
INSERT INTO catalog_sources (kind, location, created_at) VALUES (?, ?, ?)
RETURNING id;

-- name: DeleteSource :execrows
DELETE FROM catalog_sources WHERE id = ? AND kind != 'embedded';

-- name: RecordSyncSuccess :exec
UPDATE catalog_sources
SET name = ?, etag = ?, last_modified = ?, fingerprint = ?, last_sync_at = ?, last_success_at = ?, last_error = ''
WHERE id = ?;

-- name: RecordSyncUnchanged :exec
UPDATE catalog_sources SET last_sync_at = ?, last_success_at = ?, last_error = '' WHERE id = ?;

-- name: RecordSyncFailure :exec
UPDATE catalog_sources SET last_sync_at = ?, last_error = ? WHERE id = ?;

-- name: LastCatalogUpdate :one
SELECT CAST(coalesce(max(last_success_at), '') AS TEXT) FROM catalog_sources;
