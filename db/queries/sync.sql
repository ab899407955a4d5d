-- name: ClearSyncSeen :exec
DELETE FROM catalog_sync_seen;

-- name: MarkSyncSeen :exec
INSERT OR IGNORE INTO catalog_sync_seen (listing_rowid) VALUES (?);

-- name: FindListingForSync :one
SELECT rowid, source_id, content_hash, no_longer_listed FROM listings WHERE id = ?;

-- name: InsertListing :execlastid
INSERT INTO listings (
    id, source_id, content_hash, name, name_key, developer_name, developer_website, developer_verified,
    summary, description, icon_url, categories, type, details, installs, rating, rating_count,
    version, published_at, updated_at, facets, developer_key, no_longer_listed
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0);

-- name: UpdateListing :exec
UPDATE listings SET
    content_hash = ?, name = ?, name_key = ?, developer_name = ?, developer_website = ?, developer_verified = ?,
    summary = ?, description = ?, icon_url = ?, categories = ?, type = ?, details = ?, installs = ?, rating = ?,
    rating_count = ?, version = ?, published_at = ?, updated_at = ?, facets = ?, developer_key = ?, no_longer_listed = 0
WHERE rowid = ?;

-- name: DeleteListingCategories :exec
DELETE FROM listing_categories WHERE listing_rowid = ?;

-- name: InsertListingCategory :exec
INSERT OR IGNORE INTO listing_categories (listing_rowid, category) VALUES (?, ?);

-- name: MaxListingRowid :one
SELECT CAST(coalesce(max(rowid), 0) AS INTEGER) FROM listings;

-- name: DelistUnseenInstalled :execrows
-- Installed listings that left their feed stay, marked "no longer listed".
-- Rows inserted by this sync have rowids above max_before and count as seen
-- without a mark: a first sync writes no marks at all.
UPDATE listings SET no_longer_listed = 1
WHERE source_id = sqlc.arg(source_id) AND rowid <= sqlc.arg(max_before) AND no_longer_listed = 0
  AND rowid NOT IN (SELECT listing_rowid FROM catalog_sync_seen)
  AND id IN (SELECT listing_id FROM installations WHERE status NOT IN ('failed', 'removed'));

-- name: DeleteUnseenListings :execrows
-- The other listings that left their feed are removed from the cache.
DELETE FROM listings
WHERE source_id = sqlc.arg(source_id) AND rowid <= sqlc.arg(max_before)
  AND rowid NOT IN (SELECT listing_rowid FROM catalog_sync_seen)
  AND id NOT IN (SELECT listing_id FROM installations WHERE status NOT IN ('failed', 'removed'));

-- name: WasSeenInSync :one
SELECT EXISTS (SELECT 1 FROM catalog_sync_seen WHERE listing_rowid = ?);

-- name: SourceLocation :one
SELECT location FROM catalog_sources WHERE id = ?;

-- name: SourceHasListings :one
SELECT EXISTS (SELECT 1 FROM listings WHERE source_id = ?);
