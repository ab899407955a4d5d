-- name: ListSources :many
SELECT s.id, s.kind, s.location, s.name, s.last_sync_at, s.last_success_at, s.last_error, s.trusted,
       (SELECT count(*) FROM listings l WHERE l.source_id = s.id) AS listing_count
FROM catalog_sources s
ORDER BY s.id;

-- name: GetSourceByLocation :one
SELECT id, kind, location, name, etag, last_modified, fingerprint, last_sync_at, last_success_at, last_error, created_at, trusted
FROM catalog_sources WHERE location = ?;

-- name: GetSource :one
SELECT id, kind, location, name, etag, last_modified, fingerprint, last_sync_at, last_success_at, last_error, created_at, trusted
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
-- A file touched but not changed keeps its listings and gains its new
-- fingerprint (new modification time, same hash); an empty one keeps the old.
UPDATE catalog_sources
SET last_sync_at = sqlc.arg(last_sync_at), last_success_at = sqlc.arg(last_success_at), last_error = '',
    fingerprint = CASE WHEN sqlc.arg(fingerprint) = '' THEN fingerprint ELSE sqlc.arg(fingerprint) END
WHERE id = sqlc.arg(id);

-- name: RecordSyncFailure :exec
UPDATE catalog_sources SET last_sync_at = ?, last_error = ? WHERE id = ?;

-- name: LastCatalogUpdate :one
SELECT CAST(coalesce(max(last_success_at), '') AS TEXT) FROM catalog_sources;

-- name: SetSourceTrusted :execrows
-- The embedded catalog is always trusted and keeps its flag as it is.
UPDATE catalog_sources SET trusted = ? WHERE id = ? AND kind != 'embedded';

-- name: ClearUntrustedVerified :exec
-- Verified is Marketdesk's verdict (docs/catalog-feed.md, "Verified"): a
-- developer of a source that is neither embedded nor trusted is not verified.
UPDATE listings SET developer_verified = 0
WHERE developer_verified = 1
  AND source_id IN (SELECT id FROM catalog_sources WHERE kind != 'embedded' AND trusted = 0);

-- name: RecomputeTrustedVerified :exec
-- A developer of the embedded catalog or a trusted source is verified, unless
-- its name is a look-alike (the same skeleton, another spelling) of a
-- developer of another such source that came first (a lower source id: the
-- embedded catalog is always first).
UPDATE listings SET developer_verified = CAST(NOT EXISTS (
    SELECT 1 FROM listings o
    JOIN catalog_sources os ON os.id = o.source_id
    WHERE listings.developer_key != '' AND o.developer_key = listings.developer_key
      AND o.source_id < listings.source_id AND o.developer_name != listings.developer_name
      AND (os.kind = 'embedded' OR os.trusted = 1)) AS INTEGER)
WHERE source_id IN (SELECT id FROM catalog_sources WHERE kind = 'embedded' OR trusted = 1);

-- name: ListSourceIDs :many
SELECT id FROM catalog_sources ORDER BY id;
