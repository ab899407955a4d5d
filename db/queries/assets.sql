-- name: GetCachedAsset :one
SELECT content_type, data FROM catalog_assets WHERE url = ?;

-- name: PutCachedAsset :exec
INSERT INTO catalog_assets (url, content_type, data, fetched_at) VALUES (?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, fetched_at = excluded.fetched_at;

-- name: MissingRemoteIcons :many
SELECT l.icon_url
FROM listings l
JOIN catalog_sources s ON s.id = l.source_id
WHERE s.id = ? AND l.icon_url LIKE 'https://%'
  AND NOT EXISTS (SELECT 1 FROM catalog_assets a WHERE a.url = l.icon_url)
LIMIT ?;

-- name: GetListingAssets :one
SELECT l.icon_url, l.details, s.kind AS source_kind, s.location AS source_location
FROM listings l
JOIN catalog_sources s ON s.id = l.source_id
WHERE l.id = ?;
